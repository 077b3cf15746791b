package dev.antipop.notifications.notification;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The notification aggregate's event types, stream and topic. */
public final class NotificationEvents {

    /** {@code notifications.notification_created}. */
    public static final String NOTIFICATION_CREATED = "notifications.notification_created";
    /** {@code notifications.notification_read}. */
    public static final String NOTIFICATION_READ = "notifications.notification_read";

    /** Envelope mapping; every event goes to its recipient's {@code user.<userId>.notifications}. */
    public static final EventCodec<NotificationEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    NOTIFICATION_CREATED, NotificationEvent.NotificationCreated.class,
                    NOTIFICATION_READ, NotificationEvent.NotificationRead.class),
            (stream, event) -> topicOf(event.userId()),
            SensitiveFields.of(Map.of()));

    private NotificationEvents() {}

    /** The stream of a notification: {@code notification-<notificationId>}. */
    public static String streamOf(String notificationId) {
        return "notification-" + notificationId;
    }

    /**
     * A user's notifications topic, {@code user.<userId>.notifications}: every connection's implicit {@code
     * user.<self>.>} grant covers it (DESIGN.md section 5), so no subject grant is declared.
     */
    public static String topicOf(String userId) {
        return "user." + userId + ".notifications";
    }
}
