package dev.antipop.catalog.brand;

import dev.antipop.catalog.brand.BrandCommand.AcceptModeratorInvite;
import dev.antipop.catalog.brand.BrandCommand.CreateBrand;
import dev.antipop.catalog.brand.BrandCommand.DeclineModeratorInvite;
import dev.antipop.catalog.brand.BrandCommand.DeleteBrand;
import dev.antipop.catalog.brand.BrandCommand.InviteModerator;
import dev.antipop.catalog.brand.BrandCommand.RemoveModerator;
import dev.antipop.catalog.brand.BrandCommand.RevokeModeratorInvite;
import dev.antipop.catalog.brand.BrandCommand.UpdateBrand;
import dev.antipop.catalog.brand.BrandEvent.BrandCreated;
import dev.antipop.catalog.brand.BrandEvent.BrandDeleted;
import dev.antipop.catalog.brand.BrandEvent.BrandUpdated;
import dev.antipop.catalog.brand.BrandEvent.ModeratorInviteAccepted;
import dev.antipop.catalog.brand.BrandEvent.ModeratorInviteDeclined;
import dev.antipop.catalog.brand.BrandEvent.ModeratorInviteRevoked;
import dev.antipop.catalog.brand.BrandEvent.ModeratorInvited;
import dev.antipop.catalog.brand.BrandEvent.ModeratorRemoved;
import dev.antipop.catalog.brand.BrandState.Active;
import dev.antipop.catalog.brand.BrandState.Deleted;
import dev.antipop.catalog.brand.BrandState.Invite;
import dev.antipop.catalog.brand.BrandState.None;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The brand aggregate's decisions (issue 9, "Brands" and "Moderator invite flow"). Pure: the time comes with the
 * command.
 *
 * <ul>
 *   <li>{@code CREATE_BRAND}: the caller becomes the owner; a second create on the stream is a {@code conflict}.
 *   <li>{@code UPDATE_BRAND}, {@code DELETE_BRAND}, {@code INVITE_MODERATOR}, {@code REVOKE_MODERATOR_INVITE},
 *       {@code REMOVE_MODERATOR}: the owner only ({@code forbidden}; moderators manage products, not the brand); an
 *       admin may too. A missing or deleted brand is {@code not_found}.
 *   <li>{@code INVITE_MODERATOR}: not the owner themself nor a moderator already ({@code validation_failed} on
 *       {@code userId}); a pending, unexpired invite of the same user is a {@code conflict}. It expires after {@link
 *       #INVITE_TTL}.
 *   <li>{@code ACCEPT_}/{@code DECLINE_MODERATOR_INVITE}: the invitee only ({@code forbidden}); an unknown invite is
 *       {@code not_found}; an expired one is a {@code conflict}.
 *   <li>{@code DELETE_BRAND} removes every moderator ({@code moderator_removed} each, which withdraws their
 *       memberships) before {@code brand_deleted} (which withdraws the owner's).
 *   <li>An update that changes nothing decides nothing.
 * </ul>
 */
public final class BrandDecider implements Decider<BrandCommand, BrandEvent, BrandState> {

    /** How long a moderator invite stays valid (issue 9: 7 days). */
    public static final Duration INVITE_TTL = Duration.ofDays(7);

    @Override
    public BrandState initialState() {
        return new None();
    }

    @Override
    public List<BrandEvent> decide(BrandCommand command, BrandState state) {
        return switch (command) {
            case CreateBrand create -> {
                if (!(state instanceof None)) {
                    throw CommandException.conflict("Brand " + create.brandId() + " already exists");
                }
                yield List.of(new BrandCreated(
                        create.brandId(), create.caller().userId(), create.name(), create.description()));
            }
            case UpdateBrand update -> {
                Active brand = existing(state);
                requireOwner(update.caller(), brand);
                String name = update.name() != null ? update.name() : brand.name();
                String description = update.description() != null ? update.description() : brand.description();
                yield name.equals(brand.name()) && Objects.equals(description, brand.description())
                        ? List.of()
                        : List.of(new BrandUpdated(brand.brandId(), name, description));
            }
            case DeleteBrand delete -> {
                Active brand = existing(state);
                requireOwner(delete.caller(), brand);
                List<BrandEvent> events = new ArrayList<>();
                brand.moderators().stream()
                        .sorted()
                        .forEach(moderator -> events.add(new ModeratorRemoved(brand.brandId(), moderator)));
                events.add(new BrandDeleted(brand.brandId(), brand.ownerId()));
                yield events;
            }
            case InviteModerator invite -> {
                Active brand = existing(state);
                requireOwner(invite.caller(), brand);
                if (invite.userId().equals(brand.ownerId())) {
                    throw CommandException.validation(Map.of("userId", "is the brand's owner"));
                }
                if (brand.moderators().contains(invite.userId())) {
                    throw CommandException.validation(Map.of("userId", "is a moderator already"));
                }
                boolean pending = brand.invites().values().stream()
                        .anyMatch(i -> i.userId().equals(invite.userId())
                                && i.expiresAt().isAfter(invite.now()));
                if (pending) {
                    throw CommandException.conflict(
                            "This user has a pending invite", Map.of("userId", "has a pending invite"));
                }
                yield List.of(new ModeratorInvited(
                        brand.brandId(),
                        invite.inviteId(),
                        invite.userId(),
                        brand.ownerId(),
                        invite.now().plus(INVITE_TTL)));
            }
            case AcceptModeratorInvite accept -> {
                Active brand = existing(state);
                Invite pending = answerable(brand, accept.caller(), accept.inviteId(), accept.now());
                yield List.of(new ModeratorInviteAccepted(
                        brand.brandId(), pending.inviteId(), pending.userId(), brand.ownerId()));
            }
            case DeclineModeratorInvite decline -> {
                Active brand = existing(state);
                Invite pending = answerable(brand, decline.caller(), decline.inviteId(), decline.now());
                yield List.of(new ModeratorInviteDeclined(
                        brand.brandId(), pending.inviteId(), pending.userId(), brand.ownerId()));
            }
            case RevokeModeratorInvite revoke -> {
                Active brand = existing(state);
                requireOwner(revoke.caller(), brand);
                Invite pending = invite(brand, revoke.inviteId());
                yield List.of(new ModeratorInviteRevoked(brand.brandId(), pending.inviteId(), pending.userId()));
            }
            case RemoveModerator remove -> {
                Active brand = existing(state);
                requireOwner(remove.caller(), brand);
                if (!brand.moderators().contains(remove.userId())) {
                    throw CommandException.notFound("User " + remove.userId() + " is not a moderator of this brand");
                }
                yield List.of(new ModeratorRemoved(brand.brandId(), remove.userId()));
            }
        };
    }

    @Override
    public BrandState evolve(BrandState state, BrandEvent event) {
        return switch (event) {
            case BrandCreated created ->
                new Active(
                        created.brandId(),
                        created.ownerId(),
                        created.name(),
                        created.description(),
                        Set.of(),
                        Map.of());
            case BrandDeleted deleted -> new Deleted(deleted.brandId());
            case BrandUpdated updated ->
                active(
                        state,
                        b -> new Active(
                                b.brandId(),
                                b.ownerId(),
                                updated.name(),
                                updated.description(),
                                b.moderators(),
                                b.invites()));
            case ModeratorInvited invited ->
                active(
                        state,
                        b -> withInvites(
                                b,
                                invites -> invites.put(
                                        invited.inviteId(),
                                        new Invite(invited.inviteId(), invited.userId(), invited.expiresAt()))));
            case ModeratorInviteAccepted accepted ->
                active(state, b -> {
                    Set<String> moderators = new HashSet<>(b.moderators());
                    moderators.add(accepted.userId());
                    Map<String, Invite> invites = new HashMap<>(b.invites());
                    invites.remove(accepted.inviteId());
                    return new Active(b.brandId(), b.ownerId(), b.name(), b.description(), moderators, invites);
                });
            case ModeratorInviteDeclined declined ->
                active(state, b -> withInvites(b, invites -> invites.remove(declined.inviteId())));
            case ModeratorInviteRevoked revoked ->
                active(state, b -> withInvites(b, invites -> invites.remove(revoked.inviteId())));
            case ModeratorRemoved removed ->
                active(state, b -> {
                    Set<String> moderators = new HashSet<>(b.moderators());
                    moderators.remove(removed.userId());
                    return new Active(b.brandId(), b.ownerId(), b.name(), b.description(), moderators, b.invites());
                });
        };
    }

    /** Applies {@code change} to an active brand; other states (a stream that is not one) stay as they are. */
    private static BrandState active(BrandState state, UnaryOperator<Active> change) {
        return state instanceof Active brand ? change.apply(brand) : state;
    }

    private static Active withInvites(Active brand, Consumer<Map<String, Invite>> change) {
        Map<String, Invite> invites = new HashMap<>(brand.invites());
        change.accept(invites);
        return new Active(
                brand.brandId(), brand.ownerId(), brand.name(), brand.description(), brand.moderators(), invites);
    }

    /** The brand a command other than create acts on. */
    private static Active existing(BrandState state) {
        return switch (state) {
            case None none -> throw CommandException.notFound("No such brand");
            case Deleted deleted -> throw CommandException.notFound("Brand " + deleted.brandId() + " was deleted");
            case Active active -> active;
        };
    }

    private static void requireOwner(Caller caller, Active brand) {
        if (!caller.userId().equals(brand.ownerId()) && !caller.isAdmin()) {
            throw CommandException.forbidden("Only the brand's owner may do this");
        }
    }

    private static Invite invite(Active brand, String inviteId) {
        Invite invite = brand.invites().get(inviteId);
        if (invite == null) {
            throw CommandException.notFound("No pending invite " + inviteId + " for this brand");
        }
        return invite;
    }

    private static Invite answerable(Active brand, Caller caller, String inviteId, Instant now) {
        Invite invite = invite(brand, inviteId);
        if (!invite.userId().equals(caller.userId())) {
            throw CommandException.forbidden("Only the invitee may answer an invite");
        }
        if (!now.isBefore(invite.expiresAt())) {
            throw CommandException.conflict("The invite expired at " + invite.expiresAt());
        }
        return invite;
    }
}
