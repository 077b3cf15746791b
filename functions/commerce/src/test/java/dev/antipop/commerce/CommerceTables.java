package dev.antipop.commerce;

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

/** The commerce tables as template.yaml declares them, and the catalog's products view it reads (keys only). */
final class CommerceTables {

    static final String EVENTS = "CommerceEvents";
    static final String IDEMPOTENCY = "Idempotency";
    static final String UNIQUES = "Uniques";
    static final String LEASES = "Leases";
    static final String RATE_LIMITS = "RateLimits";
    static final String MEMBERSHIPS = "Memberships";
    static final String POSITIONS = "Positions";
    static final String PRODUCTS = "Products";
    static final String ORDERS = "Orders";
    static final String BRAND_ORDERS = "BrandOrders";

    private CommerceTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "IDEMPOTENCY_TABLE", IDEMPOTENCY,
                "UNIQUES_TABLE", UNIQUES,
                "LEASES_TABLE", LEASES,
                "MEMBERSHIPS_TABLE", MEMBERSHIPS,
                "POSITIONS_TABLE", POSITIONS,
                "PRODUCTS_TABLE", PRODUCTS,
                "ORDERS_TABLE", ORDERS,
                "BRAND_ORDERS_TABLE", BRAND_ORDERS);
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
            simple(dynamoDb, table, "key");
        }
        simple(dynamoDb, PRODUCTS, "productId");
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(ORDERS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("orderId", ScalarAttributeType.S), attribute("buyerId", ScalarAttributeType.S))
                .keySchema(key("orderId", KeyType.HASH))
                .globalSecondaryIndexes(index("byBuyer", "buyerId", "orderId"))
                .build());
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(BRAND_ORDERS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("brandId", ScalarAttributeType.S), attribute("orderId", ScalarAttributeType.S))
                .keySchema(key("brandId", KeyType.HASH), key("orderId", KeyType.RANGE))
                .build());
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(MEMBERSHIPS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("userId", ScalarAttributeType.S), attribute("scope", ScalarAttributeType.S))
                .keySchema(key("userId", KeyType.HASH), key("scope", KeyType.RANGE))
                .globalSecondaryIndexes(index("byScope", "scope", "userId"))
                .build());
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(POSITIONS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("stream", ScalarAttributeType.S), attribute("reader", ScalarAttributeType.S))
                .keySchema(key("stream", KeyType.HASH), key("reader", KeyType.RANGE))
                .build());
    }

    private static void simple(DynamoDbClient dynamoDb, String table, String hashKey) {
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(hashKey, ScalarAttributeType.S))
                .keySchema(key(hashKey, KeyType.HASH))
                .build());
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
                .projection(
                        Projection.builder().projectionType(ProjectionType.ALL).build())
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
