package dev.antipop.identity.user;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;
import java.util.Set;

/** The identity context's event types, topics and sensitive fields. */
public final class UserEvents {

    /** {@code identity.user_created}. */
    public static final String USER_CREATED = "identity.user_created";
    /** {@code identity.user_role_added}. */
    public static final String USER_ROLE_ADDED = "identity.user_role_added";
    /** {@code identity.user_role_removed}. */
    public static final String USER_ROLE_REMOVED = "identity.user_role_removed";
    /** {@code identity.user_profile_updated}. */
    public static final String USER_PROFILE_UPDATED = "identity.user_profile_updated";

    /** {@code passwordHash} never leaves the server: not in a frame, an HTTP response, a view or a log line. */
    public static final SensitiveFields SENSITIVE = SensitiveFields.of(Map.of(USER_CREATED, Set.of("passwordHash")));

    /** Envelope mapping of {@link UserEvent}s; every user event's topic is {@code user.<userId>.events}. */
    public static final EventCodec<UserEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    USER_CREATED, UserEvent.UserCreated.class,
                    USER_ROLE_ADDED, UserEvent.UserRoleAdded.class,
                    USER_ROLE_REMOVED, UserEvent.UserRoleRemoved.class,
                    USER_PROFILE_UPDATED, UserEvent.UserProfileUpdated.class),
            (stream, event) -> topicOf(event.userId()),
            SENSITIVE);

    private UserEvents() {}

    /** The stream of a user: {@code user-<userId>}. */
    public static String streamOf(String userId) {
        return "user-" + userId;
    }

    /** The topic of a user's events: {@code user.<userId>.events}. */
    public static String topicOf(String userId) {
        return "user." + userId + ".events";
    }
}
