package dev.antipop.identity.user;

import java.util.List;

/** Facts about a user; types {@code identity.<past_tense_fact>}, topic {@code user.<userId>.events}. */
public sealed interface UserEvent {

    /** The user the event is about. */
    String userId();

    /** {@code identity.user_created}; {@code passwordHash} is sensitive and never leaves the server. */
    record UserCreated(String userId, String email, String displayName, String passwordHash, List<String> roles)
            implements UserEvent {}

    /** {@code identity.user_role_added}. */
    record UserRoleAdded(String userId, String role) implements UserEvent {}

    /** {@code identity.user_role_removed}. */
    record UserRoleRemoved(String userId, String role) implements UserEvent {}

    /** {@code identity.user_profile_updated}. */
    record UserProfileUpdated(String userId, String displayName) implements UserEvent {}
}
