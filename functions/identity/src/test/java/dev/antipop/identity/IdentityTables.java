package dev.antipop.identity;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

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
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(EVENTS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("stream", ScalarAttributeType.S), attribute("version", ScalarAttributeType.N))
                .keySchema(key("stream", KeyType.HASH), key("version", KeyType.RANGE))
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .build())
                .build());
        for (String table : List.of(IDEMPOTENCY, UNIQUES, LEASES, RATE_LIMITS)) {
            dynamoDb.createTable(CreateTableRequest.builder()
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("key", ScalarAttributeType.S))
                    .keySchema(key("key", KeyType.HASH))
                    .build());
        }
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
                .globalSecondaryIndexes(index("byFamily", "familyId"), index("byUser", "userId"))
                .build());
    }

    private static GlobalSecondaryIndex index(String name, String attribute) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(attribute, KeyType.HASH))
                .projection(Projection.builder()
                        .projectionType(ProjectionType.KEYS_ONLY)
                        .build())
                .build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
