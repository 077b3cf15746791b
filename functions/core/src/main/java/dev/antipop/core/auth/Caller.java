package dev.antipop.core.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a command, resolved once per command: who they are, their roles and their memberships. Deciders get
 * it as input, so a rule such as "only the brand's team may edit its products" needs no extra read.
 *
 * @param userId the user's id
 * @param roles their roles (from the verified access token)
 * @param memberships their memberships (from the memberships table, as the context processors keep it)
 */
public record Caller(String userId, Set<String> roles, Set<Membership> memberships) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        memberships = memberships == null ? Set.of() : Set.copyOf(memberships);
    }

    /** The caller as their token names them, with no memberships. */
    public static Caller of(Principal principal) {
        return new Caller(principal.userId(), principal.roles(), Set.of());
    }

    /** Whether the caller holds {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether the caller is an admin (who may do everything). */
    public boolean isAdmin() {
        return roles.contains("admin");
    }

    /** The caller's role in {@code scope} {@code id}, if they are a member. */
    public Optional<String> roleIn(String scope, String id) {
        return memberships.stream()
                .filter(m -> m.scope().equals(scope) && m.id().equals(id))
                .map(Membership::role)
                .findFirst();
    }

    /** Whether the caller is a member of {@code scope} {@code id} with one of {@code roles} (none given: any). */
    public boolean isMember(String scope, String id, String... roles) {
        Optional<String> role = roleIn(scope, id);
        if (role.isEmpty()) {
            return false;
        }
        if (roles.length == 0) {
            return true;
        }
        for (String wanted : roles) {
            if (wanted.equals(role.get())) {
                return true;
            }
        }
        return false;
    }
}
