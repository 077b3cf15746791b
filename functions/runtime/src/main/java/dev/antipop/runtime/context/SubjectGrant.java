package dev.antipop.runtime.context;

import java.util.Objects;
import java.util.Set;

/**
 * Subjects a user may subscribe to, granted by a context.
 *
 * <ul>
 *   <li>By role: {@code role} is a role name or {@code *} (every signed-in user); the pattern may use
 *       {@code {userId}} for the user's own id.
 *   <li>By membership: {@code scope} names a membership kind ({@code brand}); the pattern uses {@code {id}} for the
 *       scope's id, and a user holding a membership of that scope with one of {@code memberRoles} (empty: any) may
 *       subscribe to it with their scope's id ({@code brand.{id}.events} → {@code brand.42.events} for members of
 *       brand 42). Memberships come from {@link MembershipRule}s.
 * </ul>
 *
 * @param role the role of a role grant, null for a membership grant
 * @param scope the membership scope of a membership grant, null for a role grant
 * @param memberRoles membership roles that get the grant (empty: every member)
 * @param pattern a NATS subject pattern template
 */
public record SubjectGrant(String role, String scope, Set<String> memberRoles, String pattern) {

    /** Validates the declaration. */
    public SubjectGrant {
        Objects.requireNonNull(pattern, "pattern");
        memberRoles = memberRoles == null ? Set.of() : Set.copyOf(memberRoles);
        if ((role == null) == (scope == null)) {
            throw new IllegalArgumentException("A grant has a role or a scope, not both: " + pattern);
        }
        if (scope != null && !pattern.contains("{id}")) {
            throw new IllegalArgumentException("A membership grant's pattern uses {id}: " + pattern);
        }
    }

    /** A grant to holders of {@code role} ({@code *}: everyone signed in). */
    public static SubjectGrant toRole(String role, String pattern) {
        return new SubjectGrant(role, null, Set.of(), pattern);
    }

    /** A grant to members of a scope with one of {@code memberRoles} (none given: every member). */
    public static SubjectGrant toMembers(String scope, String pattern, String... memberRoles) {
        return new SubjectGrant(null, scope, Set.of(memberRoles), pattern);
    }
}
