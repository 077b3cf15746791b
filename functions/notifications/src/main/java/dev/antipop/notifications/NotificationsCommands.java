package dev.antipop.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.DynamoDbEventStore;
import dev.antipop.notifications.inbox.InboxCommand;
import dev.antipop.notifications.inbox.InboxEvent;
import dev.antipop.notifications.inbox.InboxEvents;
import dev.antipop.notifications.inbox.InboxState;
import dev.antipop.notifications.notification.NotificationCommand;
import dev.antipop.notifications.notification.NotificationDecider;
import dev.antipop.notifications.notification.NotificationEvent;
import dev.antipop.notifications.notification.NotificationEvents;
import dev.antipop.notifications.notification.NotificationState;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notifications context's commands (PayloadSchema has checked the declared fields before these run):
 *
 * <ul>
 *   <li>{@code CREATE_NOTIFICATION} (internal): {@code {userId, kind, sourceEventId, title, data?}}; {@code kind} is
 *       lower snake case, {@code data} an object of at most {@value #MAX_DATA_FIELDS} string values of at most
 *       {@value #MAX_DATA_VALUE} characters (the ids the notification concerns). A repeat for the same source event
 *       and user answers ok with the first notification's stream and version and appends nothing.
 *   <li>{@code MARK_NOTIFICATION_READ}: {@code {notificationId}}, the recipient only (404 unknown, 403 not yours).
 *   <li>{@code MARK_ALL_NOTIFICATIONS_READ}: {@code {}}; one event on the caller's inbox stream.
 * </ul>
 */
public final class NotificationsCommands {

    /** Most fields in a notification's {@code data}. */
    public static final int MAX_DATA_FIELDS = 16;

    /** Longest value in a notification's {@code data}, in characters. */
    public static final int MAX_DATA_VALUE = 128;

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern DATA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final CommandHandler<NotificationCommand, NotificationEvent, NotificationState> notifications;
    private final CommandHandler<InboxCommand, InboxEvent, InboxState> inboxes;
    private final EventStore store;
    private final DynamoDbClient dynamoDb;
    private final String uniquesTable;
    private final Supplier<String> ids;

    /**
     * @param store the events table (to find the stream head of an already-created notification)
     * @param uniquesTable the uniques table, whose claim names the stream of an already-created notification
     * @param ids new Snowflake ids (notification ids, read markers)
     */
    public NotificationsCommands(
            CommandHandler<NotificationCommand, NotificationEvent, NotificationState> notifications,
            CommandHandler<InboxCommand, InboxEvent, InboxState> inboxes,
            EventStore store,
            DynamoDbClient dynamoDb,
            String uniquesTable,
            Supplier<String> ids) {
        this.notifications = notifications;
        this.inboxes = inboxes;
        this.store = store;
        this.dynamoDb = dynamoDb;
        this.uniquesTable = uniquesTable;
        this.ids = ids;
    }

    /** Every notifications command with its action. */
    public CommandCatalog catalog() {
        return CommandCatalog.of(
                NotificationsContext.DESCRIPTOR,
                Map.of(
                        "CREATE_NOTIFICATION", this::createNotification,
                        "MARK_NOTIFICATION_READ", this::markNotificationRead,
                        "MARK_ALL_NOTIFICATIONS_READ", this::markAllNotificationsRead));
    }

    private AppendResult createNotification(CommandRequest request) {
        JsonNode payload = request.payload();
        String userId = payload.get("userId").textValue();
        String kind = payload.get("kind").textValue();
        String sourceEventId = payload.get("sourceEventId").textValue();
        String title = payload.get("title").textValue();
        Map<String, String> data = data(payload.get("data"));
        if (!KIND.matcher(kind).matches()) {
            throw CommandException.validation(Map.of("kind", "must be lower snake case (moderator_invited)"));
        }
        String notificationId = ids.get();
        try {
            return notifications.handle(
                    NotificationEvents.streamOf(notificationId),
                    new NotificationCommand.CreateNotification(
                            notificationId, userId, kind, sourceEventId, title, data),
                    request.meta());
        } catch (CommandException e) {
            if (e.code() == ErrorCode.CONFLICT && e.fields().containsKey(NotificationDecider.CLAIM_KIND)) {
                return alreadyCreated(request, NotificationDecider.claimOf(sourceEventId, userId), e);
            }
            throw e;
        }
    }

    /** The answer to a repeat: the first notification's stream and head, nothing appended. */
    private AppendResult alreadyCreated(CommandRequest request, String claim, CommandException conflict) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(uniquesTable)
                        .key(Map.of(DynamoDbEventStore.UNIQUE_KEY, AttributeValue.fromS(claim)))
                        .consistentRead(true))
                .item();
        AttributeValue stream = item == null ? null : item.get(DynamoDbEventStore.UNIQUE_STREAM);
        if (stream == null || stream.s() == null) {
            throw conflict;
        }
        List<EventEnvelope> events = store.read(stream.s(), 1);
        long head = events.isEmpty() ? 0 : events.getLast().version();
        return AppendResult.noop(request.meta().commandId(), stream.s(), head);
    }

    private AppendResult markNotificationRead(CommandRequest request) {
        String notificationId = request.payload().get("notificationId").textValue();
        String caller = request.requireCaller().userId();
        return notifications.handle(
                NotificationEvents.streamOf(notificationId),
                new NotificationCommand.MarkNotificationRead(notificationId, caller),
                request.meta());
    }

    private AppendResult markAllNotificationsRead(CommandRequest request) {
        String caller = request.requireCaller().userId();
        return inboxes.handle(
                InboxEvents.streamOf(caller),
                new InboxCommand.MarkAllNotificationsRead(caller, ids.get()),
                request.meta());
    }

    private static Map<String, String> data(JsonNode node) {
        Map<String, String> data = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return data;
        }
        if (node.size() > MAX_DATA_FIELDS) {
            throw CommandException.validation(Map.of("data", "must have at most " + MAX_DATA_FIELDS + " fields"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!DATA_NAME.matcher(field.getKey()).matches()
                    || !value.isTextual()
                    || value.textValue().isEmpty()
                    || value.textValue().codePointCount(0, value.textValue().length()) > MAX_DATA_VALUE) {
                throw CommandException.validation(Map.of(
                        "data",
                        "must map names of letters and digits to strings of 1 to " + MAX_DATA_VALUE + " characters"));
            }
            data.put(field.getKey(), value.textValue());
        }
        return data;
    }
}
