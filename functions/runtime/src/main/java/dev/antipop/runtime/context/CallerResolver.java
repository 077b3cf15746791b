package dev.antipop.runtime.context;

import dev.antipop.core.auth.Caller;
import dev.antipop.core.auth.Principal;
import dev.antipop.dynamodb.MembershipStore;
import java.util.Set;

/**
 * Resolves a command's caller once: identity and roles from the verified token, memberships from the memberships
 * table (one Query by user id) when the function has one ({@code MEMBERSHIPS_TABLE}).
 */
@FunctionalInterface
public interface CallerResolver {

    /** The caller behind {@code principal}. */
    Caller resolve(Principal principal);

    /** Token facts only: no memberships. */
    static CallerResolver tokenOnly() {
        return Caller::of;
    }

    /** Token facts plus the user's memberships. */
    static CallerResolver withMemberships(MembershipStore memberships) {
        return principal ->
                new Caller(principal.userId(), principal.roles(), Set.copyOf(memberships.ofUser(principal.userId())));
    }
}
