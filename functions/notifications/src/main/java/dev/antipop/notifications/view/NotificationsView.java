package dev.antipop.notifications.view;

import dev.antipop.core.event.EventEnvelope;
import dev.antipop.notifications.inbox.InboxEvent;
import dev.antipop.notifications.inbox.InboxEvents;
import dev.antipop.notifications.notification.NotificationEvent;
import dev.antipop.notifications.notification.NotificationEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The inbox read model ({@code NOTIFICATIONS_TABLE}: PK {@code userId} S, SK {@code notificationId} N, so a Query
 * reads a user's notifications newest first; Snowflake ids are time-ordered and numbers sort numerically).
 *
 * <ul>
 *   <li>A notification item: {@code kind}, {@code sourceEventId}, {@code title}, {@code data} (M of S), {@code
 *       read} (BOOL), {@code createdAt}, {@code stream} and the stream {@code version} it reflects.
 *   <li>The user's inbox item at {@code notificationId = 0}: {@code unread} (N, the unread count), {@code readUpTo}
 *       (N, the "read up to" marker of {@code MARK_ALL_NOTIFICATIONS_READ}) and {@code inboxVersion} (the inbox
 *       stream version it reflects).
 * </ul>
 *
 * <p>Exactly-once counting under at-least-once delivery: every change of the count is one {@code
 * TransactWriteItems} with the notification item's transition it counts (absent → unread: +1, unread → read: −1),
 * conditional on that transition, so a duplicated or retried record changes nothing. A notification projected after
 * a marker that covers it is written read and not counted; the marker is written before the items below it are
 * marked, and each unread insert is conditional on the marker not covering it, so no notification is left unread
 * below the marker whatever the interleaving of the notification and inbox streams.
 */
public final class NotificationsView {

    /** The sort key of the user's inbox item. */
    public static final long INBOX_ITEM = 0;

    static final String USER_ID = "userId";
    static final String NOTIFICATION_ID = "notificationId";
    static final String READ = "read";
    static final String UNREAD = "unread";
    static final String READ_UP_TO = "readUpTo";
    static final String INBOX_VERSION = "inboxVersion";

    /** Attempts of a transaction that lost to a concurrent one ({@code TransactionConflict}) before the batch fails. */
    private static final int MAX_ATTEMPTS = 20;

    private final DynamoDbClient dynamoDb;
    private final String table;

    /**
     * @param dynamoDb a shared client
     * @param table the notifications view table
     */
    public NotificationsView(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Applies one event of the notifications events table (the projection).
     *
     * @return whether the view changed (false for a duplicate or an event this view ignores)
     * @throws IllegalStateException when a transaction stayed contended (the batch is then retried)
     */
    public boolean project(EventEnvelope envelope) {
        return switch (envelope.type()) {
            case NotificationEvents.NOTIFICATION_CREATED, NotificationEvents.NOTIFICATION_READ ->
                switch (NotificationEvents.CODEC.fromEnvelope(envelope)) {
                    case NotificationEvent.NotificationCreated created -> created(created, envelope);
                    case NotificationEvent.NotificationRead read ->
                        read(read.userId(), read.notificationId(), envelope);
                };
            case InboxEvents.ALL_NOTIFICATIONS_READ ->
                switch (InboxEvents.CODEC.fromEnvelope(envelope)) {
                    case InboxEvent.AllNotificationsRead all -> allRead(all, envelope.version());
                };
            default -> false;
        };
    }

    private boolean created(NotificationEvent.NotificationCreated created, EventEnvelope envelope) {
        Map<String, AttributeValue> item = new HashMap<>(key(created.userId(), created.notificationId()));
        item.put("kind", AttributeValue.fromS(created.kind()));
        item.put("sourceEventId", AttributeValue.fromS(created.sourceEventId()));
        item.put("title", AttributeValue.fromS(created.title()));
        Map<String, AttributeValue> data = new HashMap<>();
        created.data().forEach((name, value) -> data.put(name, AttributeValue.fromS(value)));
        item.put("data", AttributeValue.fromM(data));
        item.put("createdAt", AttributeValue.fromS(envelope.timestamp().toString()));
        item.put("stream", AttributeValue.fromS(envelope.stream()));
        item.put("version", AttributeValue.fromN(Long.toString(envelope.version())));
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> unread = new HashMap<>(item);
            unread.put(READ, AttributeValue.fromBool(false));
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(newItem(unread)).build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName(table)
                                        .key(key(created.userId(), INBOX_ITEM))
                                        .updateExpression("ADD #unread :one")
                                        .conditionExpression("attribute_not_exists(#upTo) OR #upTo < :id")
                                        .expressionAttributeNames(Map.of("#unread", UNREAD, "#upTo", READ_UP_TO))
                                        .expressionAttributeValues(Map.of(
                                                ":one", AttributeValue.fromN("1"),
                                                ":id", AttributeValue.fromN(created.notificationId())))
                                        .build())
                                .build()));
                return true;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 0)) {
                    return false; // already projected
                }
                if (failedCondition(e, 1)) {
                    return createdRead(item); // a "read up to" marker covers it
                }
            }
        }
        throw new IllegalStateException("Notification " + created.notificationId() + " stayed contended");
    }

    private boolean createdRead(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> read = new HashMap<>(item);
        read.put(READ, AttributeValue.fromBool(true));
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(read)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", NOTIFICATION_ID)));
            return true;
        } catch (ConditionalCheckFailedException duplicate) {
            return false;
        }
    }

    private boolean read(String userId, String notificationId, EventEnvelope envelope) {
        return markRead(userId, notificationId, envelope.version());
    }

    /** Unread → read with the count's −1, in one transaction; false when it was not unread (or not there). */
    private boolean markRead(String userId, String notificationId, Long version) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, String> names = new HashMap<>(Map.of("#read", READ));
            Map<String, AttributeValue> values = new HashMap<>(
                    Map.of(":true", AttributeValue.fromBool(true), ":false", AttributeValue.fromBool(false)));
            String set = "SET #read = :true";
            if (version != null) {
                names.put("#ver", "version");
                values.put(":ver", AttributeValue.fromN(Long.toString(version)));
                set += ", #ver = :ver";
            }
            Update item = Update.builder()
                    .tableName(table)
                    .key(key(userId, notificationId))
                    .updateExpression(set)
                    .conditionExpression("#read = :false")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build();
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().update(item).build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName(table)
                                        .key(key(userId, INBOX_ITEM))
                                        .updateExpression("ADD #unread :minusOne")
                                        .expressionAttributeNames(Map.of("#unread", UNREAD))
                                        .expressionAttributeValues(Map.of(":minusOne", AttributeValue.fromN("-1")))
                                        .build())
                                .build()));
                return true;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 0)) {
                    return false;
                }
            }
        }
        throw new IllegalStateException("Notification " + notificationId + " stayed contended");
    }

    /**
     * The marker first (so notifications projected from now on below it arrive read), then each unread item below it,
     * then the inbox version. A redelivery finds the marker set and nothing unread below it.
     */
    private boolean allRead(InboxEvent.AllNotificationsRead all, long version) {
        String userId = all.userId();
        AttributeValue upTo = AttributeValue.fromN(all.upToNotificationId());
        try {
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(key(userId, INBOX_ITEM))
                    .updateExpression("SET #upTo = :upTo")
                    .conditionExpression("attribute_not_exists(#upTo) OR #upTo < :upTo")
                    .expressionAttributeNames(Map.of("#upTo", READ_UP_TO))
                    .expressionAttributeValues(Map.of(":upTo", upTo)));
        } catch (ConditionalCheckFailedException alreadyFurther) {
            // A later marker is in place; the items below this one are covered by it too.
        }
        boolean changed = false;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(r -> r.tableName(table)
                    .keyConditionExpression("#u = :u AND #id BETWEEN :first AND :upTo")
                    .filterExpression("#read = :false")
                    .expressionAttributeNames(Map.of("#u", USER_ID, "#id", NOTIFICATION_ID, "#read", READ))
                    .expressionAttributeValues(Map.of(
                            ":u", AttributeValue.fromS(userId),
                            ":first", AttributeValue.fromN("1"),
                            ":upTo", upTo,
                            ":false", AttributeValue.fromBool(false)))
                    .projectionExpression("#id")
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> unread : page.items()) {
                changed |= markRead(userId, unread.get(NOTIFICATION_ID).n(), null);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        try {
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(key(userId, INBOX_ITEM))
                    .updateExpression("SET #iv = :v")
                    .conditionExpression("attribute_not_exists(#iv) OR #iv < :v")
                    .expressionAttributeNames(Map.of("#iv", INBOX_VERSION))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))));
            changed = true;
        } catch (ConditionalCheckFailedException duplicate) {
            // Already recorded.
        }
        return changed;
    }

    private Put newItem(Map<String, AttributeValue> item) {
        return Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", NOTIFICATION_ID))
                .build();
    }

    private static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null
                && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    static Map<String, AttributeValue> key(String userId, String notificationId) {
        return Map.of(USER_ID, AttributeValue.fromS(userId), NOTIFICATION_ID, AttributeValue.fromN(notificationId));
    }

    static Map<String, AttributeValue> key(String userId, long notificationId) {
        return key(userId, Long.toString(notificationId));
    }
}
