package dev.antipop.identity.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.identity.user.UserCommand.Actor;
import dev.antipop.identity.user.UserCommand.AddUserRole;
import dev.antipop.identity.user.UserCommand.CreateUser;
import dev.antipop.identity.user.UserCommand.RemoveUserRole;
import dev.antipop.identity.user.UserCommand.UpdateProfile;
import dev.antipop.identity.user.UserEvent.UserCreated;
import dev.antipop.identity.user.UserEvent.UserProfileUpdated;
import dev.antipop.identity.user.UserEvent.UserRoleAdded;
import dev.antipop.identity.user.UserEvent.UserRoleRemoved;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or an error: the identity decisions without infrastructure. */
class UserDeciderTest {

    private static final Actor ADMIN = new Actor("1", Set.of(Roles.ADMIN));
    private static final Actor CUSTOMER = new Actor("2", Set.of(Roles.CUSTOMER));
    private static final UserCreated ADA_CREATED =
            new UserCreated("42", "ada@example.com", "Ada", "$argon2id$v=19$m=19456,t=2,p=1$x$y", List.of("customer"));

    private final UserDecider decider = new UserDecider();

    private List<UserEvent> when(List<UserEvent> given, UserCommand command) {
        UserState state = decider.initialState();
        for (UserEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    @Test
    void createUserOnAnEmptyStreamDecidesUserCreatedAndClaimsTheEmail() {
        List<UserEvent> events =
                when(List.of(), new CreateUser("42", "ada@example.com", "Ada", "hash", Set.of(Roles.CUSTOMER)));

        assertThat(events)
                .containsExactly(new UserCreated("42", "ada@example.com", "Ada", "hash", List.of("customer")));
        assertThat(decider.uniqueClaims(events.get(0))).containsExactly("email#ada@example.com");
    }

    @Test
    void createUserOnAnExistingStreamIsAConflict() {
        assertThatThrownBy(
                        () -> when(List.of(ADA_CREATED), new CreateUser("42", "ada@example.com", "Ada", "h", Set.of())))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void anAdminAddsARoleOnce() {
        assertThat(when(List.of(ADA_CREATED), new AddUserRole(Roles.MODERATOR, ADMIN)))
                .containsExactly(new UserRoleAdded("42", Roles.MODERATOR));
        assertThat(when(
                        List.of(ADA_CREATED, new UserRoleAdded("42", Roles.MODERATOR)),
                        new AddUserRole(Roles.MODERATOR, ADMIN)))
                .as("granting a held role decides nothing")
                .isEmpty();
    }

    @Test
    void aNonAdminMayNotChangeRoles() {
        assertThatThrownBy(() -> when(List.of(ADA_CREATED), new AddUserRole(Roles.ADMIN, CUSTOMER)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> when(List.of(ADA_CREATED), new RemoveUserRole(Roles.CUSTOMER, CUSTOMER)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void roleChangesOnAMissingUserFailValidation() {
        assertThatThrownBy(() -> when(List.of(), new AddUserRole(Roles.MODERATOR, ADMIN)))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.fields()).containsEntry("userId", "does not exist");
                });
    }

    @Test
    void removingAHeldRoleDecidesRemovalAndAnAbsentOneNothing() {
        assertThat(when(List.of(ADA_CREATED), new RemoveUserRole(Roles.CUSTOMER, ADMIN)))
                .containsExactly(new UserRoleRemoved("42", Roles.CUSTOMER));
        assertThat(when(List.of(ADA_CREATED), new RemoveUserRole(Roles.MODERATOR, ADMIN)))
                .isEmpty();
    }

    @Test
    void evolveTracksRolesAndProfile() {
        UserState state = decider.initialState();
        for (UserEvent event : List.of(
                ADA_CREATED,
                new UserRoleAdded("42", Roles.MODERATOR),
                new UserRoleRemoved("42", Roles.CUSTOMER),
                new UserProfileUpdated("42", "Ada L."))) {
            state = decider.evolve(state, event);
        }
        assertThat(state.roles()).containsExactly(Roles.MODERATOR);
        assertThat(state.displayName()).isEqualTo("Ada L.");
        assertThat(state.email()).isEqualTo("ada@example.com");
    }

    @Test
    void usersUpdateOnlyTheirOwnProfile() {
        assertThat(when(List.of(ADA_CREATED), new UpdateProfile("Ada L.", new Actor("42", Set.of()))))
                .containsExactly(new UserProfileUpdated("42", "Ada L."));
        assertThat(when(List.of(ADA_CREATED), new UpdateProfile("Ada", new Actor("42", Set.of()))))
                .as("an unchanged name decides nothing")
                .isEmpty();
        assertThatThrownBy(() -> when(List.of(ADA_CREATED), new UpdateProfile("Mallory", CUSTOMER)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> when(List.of(), new UpdateProfile("Ghost", new Actor("43", Set.of()))))
                .as("a token whose user does not exist")
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
