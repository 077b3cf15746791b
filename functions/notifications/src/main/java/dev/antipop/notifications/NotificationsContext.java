package dev.antipop.notifications;

import dev.antipop.notifications.inbox.InboxEvents;
import dev.antipop.notifications.notification.NotificationEvents;
import dev.antipop.notifications.view.NotificationsView;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;

/**
 * The notifications context's descriptor: notifications that policies of other contexts create from their events
 * ({@code CREATE_NOTIFICATION}, internal: Lambda {@code Invoke} only), their read marks, and the inbox view behind
 * {@code GET /notifications}. Every event goes to the recipient's {@code user.<userId>.notifications}, which each
 * connection's implicit {@code user.<self>.>} grant covers, so it declares no subject grant; a user's notifications
 * are many streams, so none is resumable by {@code start_seq} (a client re-reads {@code GET /notifications}).
 */
public final class NotificationsContext implements BoundedContext {

    /** Longest notification title, in characters. */
    public static final int MAX_TITLE = 200;

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "notifications",
            NotificationsFunctions.class,
            "notificationsProcessor",
            List.of(
                    CommandSpec.internal(
                            "CREATE_NOTIFICATION",
                            "notification",
                            "Notify a user of an event (policies only; once per source event and user)",
                            FieldSpec.required("userId", FieldSpec.Type.ID),
                            new FieldSpec("kind", FieldSpec.Type.STRING, true, 1L, 64L, List.of()),
                            FieldSpec.required("sourceEventId", FieldSpec.Type.ID),
                            FieldSpec.string("title", true, 1, MAX_TITLE),
                            FieldSpec.optional("data", FieldSpec.Type.OBJECT)),
                    CommandSpec.user(
                            "MARK_NOTIFICATION_READ",
                            "notification",
                            "Mark one of your notifications read",
                            FieldSpec.required("notificationId", FieldSpec.Type.ID)),
                    CommandSpec.user("MARK_ALL_NOTIFICATIONS_READ", "inbox", "Mark all your notifications read")),
            List.of(
                    EventSpec.of(NotificationEvents.NOTIFICATION_CREATED, "user.{userId}.notifications"),
                    EventSpec.of(NotificationEvents.NOTIFICATION_READ, "user.{userId}.notifications"),
                    EventSpec.of(InboxEvents.ALL_NOTIFICATIONS_READ, "user.{userId}.notifications")),
            List.of(),
            List.of(),
            List.of(),
            List.of(QuerySpec.get(
                    "/notifications",
                    "listNotifications",
                    "Your notifications, newest first, with the unread count (?cursor=, ?limit=, ?position=)")));

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The notifications view (inboxes and unread counts). */
    @Override
    public List<ViewProjection> views() {
        return List.of(ViewProjection.of(
                "notifications",
                "NOTIFICATIONS_TABLE",
                (dynamoDb, tables) -> new NotificationsView(dynamoDb, tables.apply("NOTIFICATIONS_TABLE"))::project));
    }
}
