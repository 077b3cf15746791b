package dev.antipop.identity.user;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import dev.antipop.identity.user.UserCommand.AddUserRole;
import dev.antipop.identity.user.UserCommand.CreateUser;
import dev.antipop.identity.user.UserCommand.RemoveUserRole;
import dev.antipop.identity.user.UserCommand.UpdateProfile;
import dev.antipop.identity.user.UserEvent.UserCreated;
import dev.antipop.identity.user.UserEvent.UserProfileUpdated;
import dev.antipop.identity.user.UserEvent.UserRoleAdded;
import dev.antipop.identity.user.UserEvent.UserRoleRemoved;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user aggregate's decisions. Pure: no I/O, no clock, no randomness.
 *
 * <ul>
 *   <li>CreateUser on an existing stream → {@code conflict}; the email claim ({@code email#<email>}) makes a duplicate
 *       email a conflict inside the append transaction.
 *   <li>Role changes: only an admin ({@code forbidden} otherwise); the user must exist ({@code validation_failed} on
 *       {@code userId}); granting a held role or revoking an absent one decides nothing (idempotent).
 *   <li>UpdateProfile: only the user themself, decided on their own stream (no user there: {@code unauthorized}, the
 *       token's user does not exist); an unchanged name decides nothing.
 * </ul>
 */
public final class UserDecider implements Decider<UserCommand, UserEvent, UserState> {

    @Override
    public UserState initialState() {
        return UserState.initial();
    }

    @Override
    public List<UserEvent> decide(UserCommand command, UserState state) {
        return switch (command) {
            case CreateUser create -> {
                if (state.exists()) {
                    throw CommandException.conflict("User " + create.userId() + " already exists");
                }
                yield List.of(new UserCreated(
                        create.userId(),
                        create.email(),
                        create.displayName(),
                        create.passwordHash(),
                        List.copyOf(create.roles())));
            }
            case AddUserRole add -> {
                requireAdmin(add.actor());
                requireExists(state);
                yield state.roles().contains(add.role())
                        ? List.of()
                        : List.of(new UserRoleAdded(state.userId(), add.role()));
            }
            case RemoveUserRole remove -> {
                requireAdmin(remove.actor());
                requireExists(state);
                yield state.roles().contains(remove.role())
                        ? List.of(new UserRoleRemoved(state.userId(), remove.role()))
                        : List.of();
            }
            case UpdateProfile update -> {
                if (!state.exists()) {
                    // The command is decided on the caller's own stream: no user there means the token's user is gone.
                    throw CommandException.unauthorized("The token's user does not exist");
                }
                if (!update.actor().userId().equals(state.userId())) {
                    throw CommandException.forbidden("Users may only update their own profile");
                }
                yield update.displayName().equals(state.displayName())
                        ? List.of()
                        : List.of(new UserProfileUpdated(state.userId(), update.displayName()));
            }
        };
    }

    @Override
    public UserState evolve(UserState state, UserEvent event) {
        return switch (event) {
            case UserCreated created ->
                new UserState(
                        true,
                        created.userId(),
                        created.email(),
                        created.displayName(),
                        created.passwordHash(),
                        Set.copyOf(new LinkedHashSet<>(created.roles())));
            case UserRoleAdded added -> {
                Set<String> roles = new LinkedHashSet<>(state.roles());
                roles.add(added.role());
                yield withRoles(state, roles);
            }
            case UserRoleRemoved removed -> {
                Set<String> roles = new LinkedHashSet<>(state.roles());
                roles.remove(removed.role());
                yield withRoles(state, roles);
            }
            case UserProfileUpdated updated ->
                new UserState(
                        true,
                        state.userId(),
                        state.email(),
                        updated.displayName(),
                        state.passwordHash(),
                        state.roles());
        };
    }

    @Override
    public List<String> uniqueClaims(UserEvent event) {
        return event instanceof UserCreated created ? List.of("email#" + created.email()) : List.of();
    }

    private static UserState withRoles(UserState state, Set<String> roles) {
        return new UserState(
                true, state.userId(), state.email(), state.displayName(), state.passwordHash(), Set.copyOf(roles));
    }

    private static void requireAdmin(UserCommand.Actor actor) {
        if (!actor.has(Roles.ADMIN)) {
            throw CommandException.forbidden("Only an admin may change roles");
        }
    }

    private static void requireExists(UserState state) {
        if (!state.exists()) {
            throw CommandException.validation(Map.of("userId", "does not exist"));
        }
    }
}
