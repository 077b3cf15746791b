package dev.antipop.identity.user;

import java.util.Set;

/** Commands on one user aggregate (stream {@code user-<userId>}). Validation of shapes happens before these exist. */
public sealed interface UserCommand {

    /**
     * Registers a user.
     *
     * @param email normalised (trimmed, lower case); unique across users
     * @param passwordHash an argon2id PHC string, computed before deciding (hashing is not pure)
     * @param roles the roles at creation ({@code admin} for configured admin emails)
     */
    record CreateUser(String userId, String email, String displayName, String passwordHash, Set<String> roles)
            implements UserCommand {}

    /** Grants {@code role}; only an admin may. */
    record AddUserRole(String role, Actor actor) implements UserCommand {}

    /** Revokes {@code role}; only an admin may. */
    record RemoveUserRole(String role, Actor actor) implements UserCommand {}

    /** Changes the user's own display name. */
    record UpdateProfile(String displayName, Actor actor) implements UserCommand {}

    /**
     * Who sends a command, with the roles they hold now (read from their own stream, not from the access token, so
     * that a revoked admin cannot keep acting for the token's remaining lifetime).
     */
    record Actor(String userId, Set<String> roles) {
        /** Whether the actor holds {@code role}. */
        public boolean has(String role) {
            return roles.contains(role);
        }
    }
}
