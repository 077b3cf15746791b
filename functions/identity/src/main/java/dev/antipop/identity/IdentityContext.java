package dev.antipop.identity;

import dev.antipop.dynamodb.ViewStore;
import dev.antipop.identity.user.Roles;
import dev.antipop.identity.user.UserEvents;
import dev.antipop.identity.users.UsersView;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;
import java.util.Set;

/**
 * The identity context's descriptor: users, their roles and profiles. Its auth endpoints ({@code /auth/*}) are
 * request/response functions of the same jar, declared in the template beside these.
 */
public final class IdentityContext implements BoundedContext {

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "identity",
            IdentityFunctions.class,
            "identityProcessor",
            List.of(
                    CommandSpec.anonymous(
                            "CREATE_USER",
                            "user",
                            "Create a user (POST /auth/register also signs them in)",
                            new FieldSpec("email", FieldSpec.Type.EMAIL, true, null, 254L, List.of()),
                            FieldSpec.string("password", true, 8, 128),
                            FieldSpec.string("displayName", true, 1, 64)),
                    CommandSpec.roles(
                            "ADD_USER_ROLE",
                            Set.of(Roles.ADMIN),
                            "user",
                            "Grant a role",
                            FieldSpec.string("userId", true, 1, 32),
                            new FieldSpec(
                                    "role",
                                    FieldSpec.Type.ENUM,
                                    true,
                                    null,
                                    null,
                                    Roles.ALL.stream().sorted().toList())),
                    CommandSpec.roles(
                            "REMOVE_USER_ROLE",
                            Set.of(Roles.ADMIN),
                            "user",
                            "Withdraw a role",
                            FieldSpec.string("userId", true, 1, 32),
                            new FieldSpec(
                                    "role",
                                    FieldSpec.Type.ENUM,
                                    true,
                                    null,
                                    null,
                                    Roles.ALL.stream().sorted().toList())),
                    CommandSpec.user(
                            "UPDATE_PROFILE",
                            "user",
                            "Change your display name",
                            FieldSpec.string("displayName", true, 1, 64))),
            List.of(
                    new EventSpec(UserEvents.USER_CREATED, "user.{userId}.events", Set.of("passwordHash")),
                    EventSpec.of(UserEvents.USER_ROLE_ADDED, "user.{userId}.events"),
                    EventSpec.of(UserEvents.USER_ROLE_REMOVED, "user.{userId}.events"),
                    EventSpec.of(UserEvents.USER_PROFILE_UPDATED, "user.{userId}.events")),
            List.of(new StreamSpec("user.{id}.events", "user-{id}")),
            List.of(),
            List.of(),
            List.of(QuerySpec.get("/auth/me", "me", "Your profile (waits for a profile not projected yet)")));

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The users view ({@code USERS_TABLE}); the role-change notifications are a policy, never replayed. */
    @Override
    public List<ViewProjection> views() {
        return List.of(ViewProjection.of(
                "users",
                "USERS_TABLE",
                (dynamoDb, tables) -> new UsersView(new ViewStore(dynamoDb), tables.apply("USERS_TABLE"))::project));
    }
}
