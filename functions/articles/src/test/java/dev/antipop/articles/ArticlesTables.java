package dev.antipop.articles;

import static dev.antipop.runtime.testing.TestTables.createEvents;
import static dev.antipop.runtime.testing.TestTables.createKeyed;
import static dev.antipop.runtime.testing.TestTables.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The articles tables as template.yaml declares them (keys only). */
final class ArticlesTables {

    static final String EVENTS = "ArticlesEvents";
    static final String ARTICLES = "Articles";
    static final String POSITIONS = "Positions";

    private ArticlesTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "IDEMPOTENCY_TABLE", "Idempotency",
                "UNIQUES_TABLE", "Uniques",
                "LEASES_TABLE", "Leases",
                "RATE_LIMITS_TABLE", "RateLimits",
                "ARTICLES_TABLE", ARTICLES,
                "POSITIONS_TABLE", POSITIONS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", "Idempotency", "Uniques", "Leases", "RateLimits");
        dynamoDb.createTable(table(ARTICLES, "list", ScalarAttributeType.S, "articleId", ScalarAttributeType.N)
                .build());
        dynamoDb.createTable(table(POSITIONS, "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S)
                .build());
    }
}
