package dev.antipop.runtime.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.Optional;

/**
 * Keeps the memberships table from a context's {@link MembershipRule}s: part of the context's processor. Each rule's
 * event grants or withdraws {@code data.<userIdField>}'s membership of {@code <scope>#data.<idField>}, at the event's
 * version (version-conditional, so a redelivered or late event changes nothing).
 */
public final class MembershipProjection {

    private final ContextDescriptor context;
    private final MembershipStore store;

    /**
     * @param context the descriptor whose rules apply
     * @param store the memberships table
     */
    public MembershipProjection(ContextDescriptor context, MembershipStore store) {
        this.context = context;
        this.store = store;
    }

    /**
     * The memberships view of {@code context} as a rebuild replays it ({@code MEMBERSHIPS_TABLE}, shared by every
     * context with membership rules, so rebuilt from all of them together).
     */
    public static ViewProjection view(ContextDescriptor context) {
        return ViewProjection.of(
                "memberships",
                "MEMBERSHIPS_TABLE",
                (dynamoDb, tables) -> new MembershipProjection(
                        context, new MembershipStore(dynamoDb, tables.apply("MEMBERSHIPS_TABLE")))::project);
    }

    /**
     * Applies {@code event} if a rule names its type.
     *
     * @return whether the table changed
     * @throws IllegalStateException when the event lacks a field its rule names (a codec bug; the batch is retried and
     *     the record reported)
     */
    public boolean project(EventEnvelope event) {
        Optional<MembershipRule> found = context.memberships().stream()
                .filter(rule -> rule.eventType().equals(event.type()))
                .findFirst();
        if (found.isEmpty()) {
            return false;
        }
        MembershipRule rule = found.get();
        String id = field(event, rule.idField());
        String userId = field(event, rule.userIdField());
        if (rule.withdraws()) {
            return store.withdraw(userId, rule.scope(), id, event.version());
        }
        String role = rule.roleField() != null ? field(event, rule.roleField()) : rule.role();
        return store.grant(userId, new Membership(rule.scope(), id, role), event.version());
    }

    private static String field(EventEnvelope event, String name) {
        JsonNode node = event.data().get(name);
        if (node == null || !node.isTextual()) {
            throw new IllegalStateException(event.type() + " " + event.stream() + "/" + event.version() + " lacks data."
                    + name + ", which its membership rule names");
        }
        return node.textValue();
    }
}
