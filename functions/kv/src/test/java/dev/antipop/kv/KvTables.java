package dev.antipop.kv;

import static dev.antipop.runtime.testing.TestTables.createEvents;
import static dev.antipop.runtime.testing.TestTables.createKeyed;
import static dev.antipop.runtime.testing.TestTables.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The KV tables as template.yaml declares them (keys only). */
final class KvTables {

    static final String EVENTS = "KvEvents";
    static final String KV = "KvEntries";
    static final String POSITIONS = "Positions";

    private KvTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "IDEMPOTENCY_TABLE", "Idempotency",
                "UNIQUES_TABLE", "Uniques",
                "LEASES_TABLE", "Leases",
                "RATE_LIMITS_TABLE", "RateLimits",
                "KV_TABLE", KV,
                "POSITIONS_TABLE", POSITIONS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", "Idempotency", "Uniques", "Leases", "RateLimits");
        dynamoDb.createTable(table(KV, "bucket", ScalarAttributeType.S, "key", ScalarAttributeType.S)
                .build());
        dynamoDb.createTable(table(POSITIONS, "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S)
                .build());
    }
}
