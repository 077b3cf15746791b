package dev.antipop.notifications.notification;

import java.util.Map;

/** What may be asked of one notification (stream {@code notification-<notificationId>}). */
public sealed interface NotificationCommand {

    /**
     * Create the notification; issued by a policy in another context's processor ({@code CREATE_NOTIFICATION}).
     *
     * @param notificationId a new Snowflake id
     * @param userId the recipient
     * @param kind what happened, lower snake case ({@code moderator_invited})
     * @param sourceEventId the event the policy reacted to; with {@code userId} it makes the notification unique
     * @param title one line for people, at most 200 characters
     * @param data the ids the notification concerns ({@code brandId}, {@code inviteId}), as strings
     */
    record CreateNotification(
            String notificationId,
            String userId,
            String kind,
            String sourceEventId,
            String title,
            Map<String, String> data)
            implements NotificationCommand {
        public CreateNotification {
            data = Map.copyOf(data);
        }
    }

    /**
     * Mark the notification read ({@code MARK_NOTIFICATION_READ}).
     *
     * @param notificationId the notification
     * @param callerId the user asking; only the recipient may
     */
    record MarkNotificationRead(String notificationId, String callerId) implements NotificationCommand {}
}
