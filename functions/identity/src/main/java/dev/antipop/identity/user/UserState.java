package dev.antipop.identity.user;

import java.util.Set;

/**
 * A user folded from its stream. {@link #initial()} is the state before any event.
 *
 * @param passwordHash the argon2id PHC string (only login reads it)
 * @param roles held roles, in the order they were granted
 */
public record UserState(
        boolean exists, String userId, String email, String displayName, String passwordHash, Set<String> roles) {

    /** No user yet. */
    public static UserState initial() {
        return new UserState(false, null, null, null, null, Set.of());
    }
}
