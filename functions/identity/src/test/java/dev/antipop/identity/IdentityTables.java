package dev.antipop.identity;

import static dev.antipop.runtime.testing.TestTables.attribute;
import static dev.antipop.runtime.testing.TestTables.createEvents;
import static dev.antipop.runtime.testing.TestTables.createKeyed;
import static dev.antipop.runtime.testing.TestTables.index;
import static dev.antipop.runtime.testing.TestTables.key;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The identity tables as template.yaml declares them (keys only; the local cloud ITs use the template itself). */
final class IdentityTables {

    static final String EVENTS = "IdentityEvents";
    static final String IDEMPOTENCY = "Idempotency";
    static final String UNIQUES = "Uniques";
    static final String LEASES = "Leases";
    static final String USERS = "Users";
    static final String REFRESH_TOKENS = "RefreshTokens";
    static final String RATE_LIMITS = "RateLimits";

    private IdentityTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "IDEMPOTENCY_TABLE", IDEMPOTENCY,
                "UNIQUES_TABLE", UNIQUES,
                "LEASES_TABLE", LEASES,
                "USERS_TABLE", USERS,
                "REFRESH_TOKENS_TABLE", REFRESH_TOKENS,
                "RATE_LIMITS_TABLE", RATE_LIMITS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", IDEMPOTENCY, UNIQUES, LEASES, RATE_LIMITS);
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(USERS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("userId", ScalarAttributeType.S))
                .keySchema(key("userId", KeyType.HASH))
                .build());
        createRefreshTokens(dynamoDb);
    }

    static void createRefreshTokens(DynamoDbClient dynamoDb) {
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(REFRESH_TOKENS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("tokenHash", ScalarAttributeType.S),
                        attribute("familyId", ScalarAttributeType.S),
                        attribute("userId", ScalarAttributeType.S))
                .keySchema(key("tokenHash", KeyType.HASH))
                .globalSecondaryIndexes(
                        index("byFamily", "familyId", null, ProjectionType.KEYS_ONLY),
                        index("byUser", "userId", null, ProjectionType.KEYS_ONLY))
                .build());
    }
}
