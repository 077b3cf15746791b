package dev.antipop.catalog.brand;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A brand folded from its stream, one record per lifecycle stage. */
public sealed interface BrandState {

    /** No brand yet. */
    record None() implements BrandState {}

    /**
     * A brand in business.
     *
     * @param moderators user ids of its moderators
     * @param invites pending invites by invite id (expired ones stay until answered, revoked or the brand is gone)
     */
    record Active(
            String brandId,
            String ownerId,
            String name,
            String description,
            Set<String> moderators,
            Map<String, Invite> invites)
            implements BrandState {

        public Active {
            moderators = Set.copyOf(moderators);
            invites = Map.copyOf(invites);
        }
    }

    /** A deleted brand: every later command is refused. */
    record Deleted(String brandId) implements BrandState {}

    /** A pending moderator invite. */
    record Invite(String inviteId, String userId, Instant expiresAt) {}
}
