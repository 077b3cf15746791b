package dev.antipop.catalog.brand;

import dev.antipop.core.auth.Caller;
import java.time.Instant;

/**
 * Commands on one brand aggregate (stream {@code brand-<brandId>}). Payload shapes were checked before these exist;
 * every command carries the resolved {@link Caller} (the rules about owners and invitees are the decider's).
 */
public sealed interface BrandCommand {

    /** Who sends the command. */
    Caller caller();

    /** {@code CREATE_BRAND}: the caller becomes the owner. */
    record CreateBrand(Caller caller, String brandId, String name, String description) implements BrandCommand {}

    /** {@code UPDATE_BRAND}: owner only; null fields stay as they are. */
    record UpdateBrand(Caller caller, String name, String description) implements BrandCommand {}

    /** {@code DELETE_BRAND}: owner only. */
    record DeleteBrand(Caller caller) implements BrandCommand {}

    /**
     * {@code INVITE_MODERATOR}: owner only.
     *
     * @param inviteId a new Snowflake id
     * @param userId the invitee (resolved from an email before deciding, when the client gave one)
     * @param now the clock's time when the command was received: the invite expires {@link BrandDecider#INVITE_TTL}
     *     later
     */
    record InviteModerator(Caller caller, String inviteId, String userId, Instant now) implements BrandCommand {}

    /** {@code ACCEPT_MODERATOR_INVITE}: the invitee only, before the invite expires. */
    record AcceptModeratorInvite(Caller caller, String inviteId, Instant now) implements BrandCommand {}

    /** {@code DECLINE_MODERATOR_INVITE}: the invitee only, before the invite expires. */
    record DeclineModeratorInvite(Caller caller, String inviteId, Instant now) implements BrandCommand {}

    /** {@code REVOKE_MODERATOR_INVITE}: owner only, while the invite is pending. */
    record RevokeModeratorInvite(Caller caller, String inviteId) implements BrandCommand {}

    /** {@code REMOVE_MODERATOR}: owner only. */
    record RemoveModerator(Caller caller, String userId) implements BrandCommand {}
}
