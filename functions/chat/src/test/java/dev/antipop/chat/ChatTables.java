package dev.antipop.chat;

import static dev.antipop.runtime.testing.TestTables.createEvents;
import static dev.antipop.runtime.testing.TestTables.createKeyed;
import static dev.antipop.runtime.testing.TestTables.key;
import static dev.antipop.runtime.testing.TestTables.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The chat tables as template.yaml declares them (keys only). */
final class ChatTables {

    static final String EVENTS = "ChatEvents";
    static final String MESSAGES = "ChatMessages";
    static final String MEMBERSHIPS = "Memberships";
    static final String POSITIONS = "Positions";

    private ChatTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE",
                EVENTS,
                "IDEMPOTENCY_TABLE",
                "Idempotency",
                "UNIQUES_TABLE",
                "Uniques",
                "LEASES_TABLE",
                "Leases",
                "RATE_LIMITS_TABLE",
                "RateLimits",
                "MESSAGES_TABLE",
                MESSAGES,
                "MEMBERSHIPS_TABLE",
                MEMBERSHIPS,
                "POSITIONS_TABLE",
                POSITIONS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", "Idempotency", "Uniques", "Leases", "RateLimits");
        dynamoDb.createTable(table(MESSAGES, "channelId", ScalarAttributeType.S, "messageId", ScalarAttributeType.N)
                .build());
        dynamoDb.createTable(table(MEMBERSHIPS, "userId", ScalarAttributeType.S, "scope", ScalarAttributeType.S)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("byScope")
                        .keySchema(key("scope", KeyType.HASH), key("userId", KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.ALL)
                                .build())
                        .build())
                .build());
        dynamoDb.createTable(table(POSITIONS, "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S)
                .build());
    }
}
