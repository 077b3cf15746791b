package dev.antipop.notebooks;

import static dev.antipop.runtime.testing.TestTables.createEvents;
import static dev.antipop.runtime.testing.TestTables.createKeyed;
import static dev.antipop.runtime.testing.TestTables.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The notebooks tables as template.yaml declares them (keys only). */
final class NotebooksTables {

    static final String EVENTS = "NotebooksEvents";
    static final String SNAPSHOTS = "NotebookSnapshots";
    static final String NOTEBOOKS = "Notebooks";
    static final String SEARCH = "NotebookSearch";
    static final String POSITIONS = "Positions";
    static final String MEMBERSHIPS = "Memberships";

    private NotebooksTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "SNAPSHOTS_TABLE", SNAPSHOTS,
                "SEARCH_TABLE", SEARCH,
                "MEMBERSHIPS_TABLE", MEMBERSHIPS,
                "IDEMPOTENCY_TABLE", "Idempotency",
                "UNIQUES_TABLE", "Uniques",
                "LEASES_TABLE", "Leases",
                "RATE_LIMITS_TABLE", "RateLimits",
                "NOTEBOOKS_TABLE", NOTEBOOKS,
                "POSITIONS_TABLE", POSITIONS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", "Idempotency", "Uniques", "Leases", "RateLimits");
        dynamoDb.createTable(table(NOTEBOOKS, "userId", ScalarAttributeType.S, "notebookId", ScalarAttributeType.N)
                .build());
        dynamoDb.createTable(table(SNAPSHOTS, "stream", ScalarAttributeType.S, "sk", ScalarAttributeType.N)
                .build());
        dynamoDb.createTable(table(SEARCH, "term", ScalarAttributeType.S, "notebookId", ScalarAttributeType.S)
                .build());
        dynamoDb.createTable(table(MEMBERSHIPS, "userId", ScalarAttributeType.S, "scope", ScalarAttributeType.S)
                .build());
        dynamoDb.createTable(table(POSITIONS, "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S)
                .build());
    }
}
