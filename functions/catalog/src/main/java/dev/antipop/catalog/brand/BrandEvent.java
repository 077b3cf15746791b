package dev.antipop.catalog.brand;

import java.time.Instant;

/**
 * Facts about a brand; types {@code catalog.<past_tense_fact>}, topic {@code brand.<brandId>.events} (the brand's
 * team). Every event carries the ids it concerns (DESIGN.md section 10).
 */
public sealed interface BrandEvent {

    /** The brand the event is about. */
    String brandId();

    /** {@code catalog.brand_created}: grants {@code ownerId} the {@code owner} membership. */
    record BrandCreated(String brandId, String ownerId, String name, String description) implements BrandEvent {}

    /** {@code catalog.brand_updated}: the brand's name and description after the change. */
    record BrandUpdated(String brandId, String name, String description) implements BrandEvent {}

    /**
     * {@code catalog.brand_deleted}: withdraws the owner's membership (each moderator's was withdrawn by a {@link
     * ModeratorRemoved} of the same command); the catalog processor unpublishes the brand's products.
     */
    record BrandDeleted(String brandId, String ownerId) implements BrandEvent {}

    /** {@code catalog.moderator_invited}: {@code userId} is invited until {@code expiresAt}. */
    record ModeratorInvited(String brandId, String inviteId, String userId, String ownerId, Instant expiresAt)
            implements BrandEvent {}

    /** {@code catalog.moderator_invite_accepted}: grants {@code userId} the {@code moderator} membership. */
    record ModeratorInviteAccepted(String brandId, String inviteId, String userId, String ownerId)
            implements BrandEvent {}

    /** {@code catalog.moderator_invite_declined}. */
    record ModeratorInviteDeclined(String brandId, String inviteId, String userId, String ownerId)
            implements BrandEvent {}

    /** {@code catalog.moderator_invite_revoked}. */
    record ModeratorInviteRevoked(String brandId, String inviteId, String userId) implements BrandEvent {}

    /** {@code catalog.moderator_removed}: withdraws {@code userId}'s membership. */
    record ModeratorRemoved(String brandId, String userId) implements BrandEvent {}
}
