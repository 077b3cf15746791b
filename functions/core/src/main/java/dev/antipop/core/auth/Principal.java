package dev.antipop.core.auth;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller of a command or WebSocket connection, from a verified access token.
 *
 * @param userId the token's {@code sub}
 * @param roles the token's {@code roles}; immutable, never null
 */
public record Principal(String userId, Set<String> roles) {

    /** Copies {@code roles}; null becomes empty. */
    public Principal {
        Objects.requireNonNull(userId, "userId");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** Whether the principal holds {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
