package dev.antipop.runtime.context;

import java.util.Objects;

/**
 * An event that grants or withdraws a membership ({@code catalog.moderator_invite_accepted} makes its user a
 * {@code moderator} of scope {@code brand}, id {@code data.brandId}). The context's processor keeps the memberships
 * table from these ({@code MembershipProjection}); fan-out narrows live subscriptions and pushes {@code cap_update}
 * on a withdrawal, as it does for role changes.
 *
 * @param eventType the event type
 * @param scope the membership scope ({@code brand}, {@code server}, {@code notebook})
 * @param idField the data field holding the scope's id
 * @param userIdField the data field holding the member's user id
 * @param role the membership role granted; null when the event withdraws the membership
 * @param roleField when non-null, the data field holding the role (overrides {@code role})
 */
public record MembershipRule(
        String eventType, String scope, String idField, String userIdField, String role, String roleField) {

    /** Validates the declaration. */
    public MembershipRule {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(userIdField, "userIdField");
        if (!scope.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Scopes are lower snake case: " + scope);
        }
    }

    /** {@code eventType} makes {@code data.<userIdField>} a {@code role} member of {@code data.<idField>}. */
    public static MembershipRule grants(
            String eventType, String scope, String idField, String userIdField, String role) {
        return new MembershipRule(eventType, scope, idField, userIdField, Objects.requireNonNull(role, "role"), null);
    }

    /** {@code eventType} grants the role named by {@code data.<roleField>}. */
    public static MembershipRule grantsRoleIn(
            String eventType, String scope, String idField, String userIdField, String roleField) {
        return new MembershipRule(eventType, scope, idField, userIdField, null, roleField);
    }

    /** {@code eventType} withdraws {@code data.<userIdField>}'s membership of {@code data.<idField>}. */
    public static MembershipRule withdraws(String eventType, String scope, String idField, String userIdField) {
        return new MembershipRule(eventType, scope, idField, userIdField, null, null);
    }

    /** Whether the event withdraws the membership. */
    public boolean withdraws() {
        return role == null && roleField == null;
    }
}
