package dev.antipop.notifications;

import static dev.antipop.runtime.testing.TestTables.createEvents;
import static dev.antipop.runtime.testing.TestTables.createKeyed;
import static dev.antipop.runtime.testing.TestTables.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The notifications tables as template.yaml declares them (keys only). */
final class NotificationsTables {

    static final String EVENTS = "NotificationsEvents";
    static final String NOTIFICATIONS = "Notifications";
    static final String POSITIONS = "Positions";

    private NotificationsTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "IDEMPOTENCY_TABLE", "Idempotency",
                "UNIQUES_TABLE", "Uniques",
                "LEASES_TABLE", "Leases",
                "RATE_LIMITS_TABLE", "RateLimits",
                "NOTIFICATIONS_TABLE", NOTIFICATIONS,
                "POSITIONS_TABLE", POSITIONS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", "Idempotency", "Uniques", "Leases", "RateLimits");
        dynamoDb.createTable(
                table(NOTIFICATIONS, "userId", ScalarAttributeType.S, "notificationId", ScalarAttributeType.N)
                        .build());
        dynamoDb.createTable(table(POSITIONS, "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S)
                .build());
    }
}
