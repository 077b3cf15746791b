package dev.antipop.identity;

import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.Validation;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.AppendResult;
import dev.antipop.identity.auth.PasswordHasher;
import dev.antipop.identity.auth.UserDirectory;
import dev.antipop.identity.user.Roles;
import dev.antipop.identity.user.UserCommand;
import dev.antipop.identity.user.UserEvent;
import dev.antipop.identity.user.UserEvents;
import dev.antipop.identity.user.UserState;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The identity context's commands: validation of each payload, then the generic handler (load → fold → decide →
 * append). Payloads:
 *
 * <ul>
 *   <li>{@code CREATE_USER} (anonymous): {@code email} (≤ 254, RFC 5321), {@code password} (8–128 characters,
 *       OWASP ASVS 2.1.1/2.1.2), {@code displayName} (1–64)
 *   <li>{@code ADD_USER_ROLE}, {@code REMOVE_USER_ROLE} (admin): {@code userId}, {@code role} ∈ {@link Roles#ALL}
 *   <li>{@code UPDATE_PROFILE} (the user): {@code displayName} (1–64)
 * </ul>
 */
public final class IdentityCommands {

    /** The outcome of creating a user: the append, and who was created with which roles. */
    public record CreatedUser(AppendResult result, String userId, Set<String> roles) {}

    private final CommandHandler<UserCommand, UserEvent, UserState> handler;
    private final PasswordHasher hasher;
    private final UserDirectory directory;
    private final Set<String> adminEmails;
    private final Supplier<String> ids;

    /**
     * @param adminEmails normalised emails that get {@code admin} at creation (template parameter AdminEmails)
     * @param ids new user ids (Snowflake)
     */
    public IdentityCommands(
            CommandHandler<UserCommand, UserEvent, UserState> handler,
            PasswordHasher hasher,
            UserDirectory directory,
            Set<String> adminEmails,
            Supplier<String> ids) {
        this.handler = handler;
        this.hasher = hasher;
        this.directory = directory;
        this.adminEmails = adminEmails;
        this.ids = ids;
    }

    /** Every identity command, for the single endpoint and the per-command functions. */
    public CommandCatalog catalog() {
        return CommandCatalog.of(
                IdentityContext.DESCRIPTOR,
                Map.of(
                        "CREATE_USER", request -> createUser(request).result(),
                        "ADD_USER_ROLE", this::addUserRole,
                        "REMOVE_USER_ROLE", this::removeUserRole,
                        "UPDATE_PROFILE", this::updateProfile));
    }

    /** {@code CREATE_USER}; also the first step of {@code POST /auth/register}. */
    public CreatedUser createUser(CommandRequest request) {
        Validation v = Validation.of(request.payload());
        String email = v.requiredEmail("email");
        String password = v.requiredString("password", 8, 128);
        String displayName = v.requiredString("displayName", 1, 64);
        v.throwIfInvalid();

        String userId = ids.get();
        Set<String> roles = adminEmails.contains(email) ? Set.of(Roles.ADMIN) : Set.of(Roles.CUSTOMER);
        String hash = hasher.hash(password.toCharArray());
        AppendResult result = handler.handle(
                UserEvents.streamOf(userId),
                new UserCommand.CreateUser(userId, email, displayName, hash, roles),
                request.meta());
        // On an idempotent replay the first request's user is the one that exists.
        String createdId = result.stream().substring("user-".length());
        return new CreatedUser(result, createdId, roles);
    }

    private AppendResult addUserRole(CommandRequest request) {
        return changeRole(request, UserCommand.AddUserRole::new);
    }

    private AppendResult removeUserRole(CommandRequest request) {
        return changeRole(request, UserCommand.RemoveUserRole::new);
    }

    /** {@code {"userId","role"}} → a role change on that user's stream, decided with the caller's current roles. */
    private AppendResult changeRole(
            CommandRequest request, BiFunction<String, UserCommand.Actor, UserCommand> roleChange) {
        Validation v = Validation.of(request.payload());
        String userId = v.requiredString("userId", 1, 32);
        String role = v.requiredOneOf("role", Roles.ALL);
        v.throwIfInvalid();
        return handler.handle(UserEvents.streamOf(userId), roleChange.apply(role, actor(request)), request.meta());
    }

    private AppendResult updateProfile(CommandRequest request) {
        Validation v = Validation.of(request.payload());
        String displayName = v.requiredString("displayName", 1, 64);
        v.throwIfInvalid();
        // Decided on the caller's own stream, which the handler reads anyway: the decider checks that it exists, so
        // the caller's roles (unused by this rule) need no second read of the same stream.
        Principal caller =
                request.caller().orElseThrow(() -> CommandException.unauthorized("A bearer access token is required"));
        UserCommand.Actor actor = new UserCommand.Actor(caller.userId(), caller.roles());
        return handler.handle(
                UserEvents.streamOf(actor.userId()), new UserCommand.UpdateProfile(displayName, actor), request.meta());
    }

    /** The caller with the roles they hold now (not the possibly stale roles of their token). */
    private UserCommand.Actor actor(CommandRequest request) {
        String userId = request.caller()
                .orElseThrow(() -> CommandException.unauthorized("A bearer access token is required"))
                .userId();
        UserState state = directory
                .findById(userId)
                .orElseThrow(() -> CommandException.unauthorized("The token's user does not exist"));
        return new UserCommand.Actor(userId, state.roles());
    }
}
