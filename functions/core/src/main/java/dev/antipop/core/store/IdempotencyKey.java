package dev.antipop.core.store;

import java.util.Objects;

/**
 * The idempotency key of a command: {@code <userId>#<clientMutationId>} (DESIGN.md section 4). Scoping by user keeps
 * one client from replaying — or blocking — another's mutation ids.
 *
 * @param value the key as stored (the idempotency table's partition key)
 */
public record IdempotencyKey(String value) {

    /** @throws IllegalArgumentException if the value is null or blank */
    public IdempotencyKey {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Idempotency key must not be blank");
        }
    }

    /**
     * The key of {@code clientMutationId} sent by {@code userId}.
     *
     * @param userId the authenticated user ("anonymous" for unauthenticated commands)
     * @param clientMutationId the client-chosen id, non-blank
     */
    public static IdempotencyKey of(String userId, String clientMutationId) {
        Objects.requireNonNull(userId, "userId");
        if (clientMutationId == null || clientMutationId.isBlank()) {
            throw new IllegalArgumentException("clientMutationId must not be blank");
        }
        return new IdempotencyKey(userId + "#" + clientMutationId);
    }
}
