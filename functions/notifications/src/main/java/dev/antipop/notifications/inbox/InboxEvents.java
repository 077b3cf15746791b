package dev.antipop.notifications.inbox;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import dev.antipop.notifications.notification.NotificationEvents;
import java.util.Map;

/** The inbox aggregate's event types, stream and topic. */
public final class InboxEvents {

    /** {@code notifications.all_notifications_read}. */
    public static final String ALL_NOTIFICATIONS_READ = "notifications.all_notifications_read";

    /** Envelope mapping; the owner's other connections learn of it on {@code user.<userId>.notifications}. */
    public static final EventCodec<InboxEvent> CODEC = new RecordEventCodec<>(
            Map.of(ALL_NOTIFICATIONS_READ, InboxEvent.AllNotificationsRead.class),
            (stream, event) -> NotificationEvents.topicOf(event.userId()),
            SensitiveFields.of(Map.of()));

    private InboxEvents() {}

    /** The stream of a user's inbox: {@code inbox-<userId>}. */
    public static String streamOf(String userId) {
        return "inbox-" + userId;
    }
}
