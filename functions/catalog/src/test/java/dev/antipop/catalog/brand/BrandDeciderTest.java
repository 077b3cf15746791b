package dev.antipop.catalog.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection: every rule of {@link BrandDecider}. */
class BrandDeciderTest {

    private static final String BRAND = "100";
    private static final Caller OWNER = new Caller("1", Set.of("customer"), Set.of());
    private static final Caller INVITEE = new Caller("2", Set.of("customer"), Set.of());
    private static final Caller STRANGER = new Caller("3", Set.of("customer"), Set.of());
    private static final Caller ADMIN = new Caller("9", Set.of("admin"), Set.of());
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private static final Instant EXPIRES = NOW.plus(BrandDecider.INVITE_TTL);

    private final BrandDecider decider = new BrandDecider();

    private static final BrandCreated CREATED = new BrandCreated(BRAND, "1", "Acme", "Anvils");
    private static final ModeratorInvited INVITED = new ModeratorInvited(BRAND, "500", "2", "1", EXPIRES);
    private static final ModeratorInviteAccepted ACCEPTED = new ModeratorInviteAccepted(BRAND, "500", "2", "1");

    private List<BrandEvent> when(List<BrandEvent> given, BrandCommand command) {
        BrandState state = decider.initialState();
        for (BrandEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(
            List<BrandEvent> given, BrandCommand command, ErrorCode code) {
        return assertThatThrownBy(() -> when(given, command))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).code()).isEqualTo(code));
    }

    @Test
    void theCreatorOwnsANewBrand() {
        assertThat(when(List.of(), new CreateBrand(OWNER, BRAND, "Acme", "Anvils")))
                .containsExactly(CREATED);
    }

    @Test
    void aBrandIsCreatedOnce() {
        rejects(List.of(CREATED), new CreateBrand(OWNER, BRAND, "Acme", null), ErrorCode.CONFLICT);
    }

    @Test
    void theOwnerUpdatesKeepingWhatIsNotGiven() {
        assertThat(when(List.of(CREATED), new UpdateBrand(OWNER, "Acme Corp", null)))
                .containsExactly(new BrandUpdated(BRAND, "Acme Corp", "Anvils"));
        assertThat(when(List.of(CREATED), new UpdateBrand(OWNER, "Acme", "Anvils")))
                .as("no change decides nothing")
                .isEmpty();
    }

    @Test
    void onlyTheOwnerOrAnAdminManagesTheBrandNotItsModerators() {
        List<BrandEvent> withModerator = List.of(CREATED, INVITED, ACCEPTED);
        rejects(withModerator, new UpdateBrand(INVITEE, "Mine", null), ErrorCode.FORBIDDEN);
        rejects(withModerator, new DeleteBrand(INVITEE), ErrorCode.FORBIDDEN);
        rejects(withModerator, new InviteModerator(STRANGER, "501", "4", NOW), ErrorCode.FORBIDDEN);
        rejects(withModerator, new RemoveModerator(INVITEE, "2"), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED, INVITED), new RevokeModeratorInvite(STRANGER, "500"), ErrorCode.FORBIDDEN);
        assertThat(when(withModerator, new UpdateBrand(ADMIN, "Seized", null))).hasSize(1);
    }

    @Test
    void aMissingOrDeletedBrandIsNotFound() {
        rejects(List.of(), new UpdateBrand(OWNER, "X", null), ErrorCode.NOT_FOUND);
        rejects(List.of(CREATED, new BrandDeleted(BRAND, "1")), new UpdateBrand(OWNER, "X", null), ErrorCode.NOT_FOUND);
    }

    @Test
    void deletingRemovesEveryModeratorThenTheBrand() {
        assertThat(when(List.of(CREATED, INVITED, ACCEPTED), new DeleteBrand(OWNER)))
                .containsExactly(new ModeratorRemoved(BRAND, "2"), new BrandDeleted(BRAND, "1"));
    }

    @Test
    void theOwnerInvitesForSevenDays() {
        assertThat(when(List.of(CREATED), new InviteModerator(OWNER, "500", "2", NOW)))
                .containsExactly(INVITED);
    }

    @Test
    void anInviteNamesSomeoneNewAndNotTwiceWhilePending() {
        rejects(List.of(CREATED), new InviteModerator(OWNER, "500", "1", NOW), ErrorCode.VALIDATION_FAILED);
        rejects(
                List.of(CREATED, INVITED, ACCEPTED),
                new InviteModerator(OWNER, "501", "2", NOW),
                ErrorCode.VALIDATION_FAILED);
        rejects(List.of(CREATED, INVITED), new InviteModerator(OWNER, "501", "2", NOW), ErrorCode.CONFLICT);
        assertThat(when(List.of(CREATED, INVITED), new InviteModerator(OWNER, "501", "2", EXPIRES)))
                .as("an expired invite does not block a new one")
                .hasSize(1);
    }

    @Test
    void theInviteeAcceptsAndBecomesAModerator() {
        assertThat(when(List.of(CREATED, INVITED), new AcceptModeratorInvite(INVITEE, "500", NOW)))
                .containsExactly(ACCEPTED);
        rejects(
                List.of(CREATED, INVITED, ACCEPTED),
                new AcceptModeratorInvite(INVITEE, "500", NOW),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void theInviteeDeclines() {
        assertThat(when(List.of(CREATED, INVITED), new DeclineModeratorInvite(INVITEE, "500", NOW)))
                .containsExactly(new ModeratorInviteDeclined(BRAND, "500", "2", "1"));
    }

    @Test
    void onlyTheInviteeAnswers() {
        rejects(List.of(CREATED, INVITED), new AcceptModeratorInvite(OWNER, "500", NOW), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED, INVITED), new DeclineModeratorInvite(STRANGER, "500", NOW), ErrorCode.FORBIDDEN);
    }

    @Test
    void anExpiredInviteCannotBeAnswered() {
        rejects(List.of(CREATED, INVITED), new AcceptModeratorInvite(INVITEE, "500", EXPIRES), ErrorCode.CONFLICT)
                .hasMessageContaining("expired");
        rejects(
                List.of(CREATED, INVITED),
                new DeclineModeratorInvite(INVITEE, "500", EXPIRES.plusSeconds(1)),
                ErrorCode.CONFLICT);
        assertThat(when(List.of(CREATED, INVITED), new AcceptModeratorInvite(INVITEE, "500", EXPIRES.minusMillis(1))))
                .hasSize(1);
    }

    @Test
    void anUnknownInviteIsNotFound() {
        rejects(List.of(CREATED), new AcceptModeratorInvite(INVITEE, "999", NOW), ErrorCode.NOT_FOUND);
        rejects(List.of(CREATED), new RevokeModeratorInvite(OWNER, "999"), ErrorCode.NOT_FOUND);
    }

    @Test
    void theOwnerRevokesAPendingInviteWhichThenCannotBeAccepted() {
        List<BrandEvent> revoked = List.of(CREATED, INVITED, new ModeratorInviteRevoked(BRAND, "500", "2"));
        assertThat(when(List.of(CREATED, INVITED), new RevokeModeratorInvite(OWNER, "500")))
                .containsExactly(new ModeratorInviteRevoked(BRAND, "500", "2"));
        rejects(revoked, new AcceptModeratorInvite(INVITEE, "500", NOW), ErrorCode.NOT_FOUND);
    }

    @Test
    void theOwnerRemovesAModeratorButNotSomeoneElse() {
        assertThat(when(List.of(CREATED, INVITED, ACCEPTED), new RemoveModerator(OWNER, "2")))
                .containsExactly(new ModeratorRemoved(BRAND, "2"));
        rejects(List.of(CREATED), new RemoveModerator(OWNER, "2"), ErrorCode.NOT_FOUND);
        rejects(
                List.of(CREATED, INVITED, ACCEPTED, new ModeratorRemoved(BRAND, "2")),
                new RemoveModerator(OWNER, "2"),
                ErrorCode.NOT_FOUND);
    }
}
