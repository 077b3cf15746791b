package dev.antipop.notifications.notification;

import java.util.Map;

/** Facts about one notification; types {@code notifications.<fact>}, topic {@code user.<userId>.notifications}. */
public sealed interface NotificationEvent {

    /** The notification. */
    String notificationId();

    /** Its recipient. */
    String userId();

    /** {@code notifications.notification_created}. */
    record NotificationCreated(
            String notificationId,
            String userId,
            String kind,
            String sourceEventId,
            String title,
            Map<String, String> data)
            implements NotificationEvent {
        public NotificationCreated {
            data = data == null ? Map.of() : Map.copyOf(data);
        }
    }

    /** {@code notifications.notification_read}. */
    record NotificationRead(String notificationId, String userId) implements NotificationEvent {}
}
