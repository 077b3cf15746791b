package dev.antipop.catalog;

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

/** The catalog's tables as template.yaml declares them (keys and indexes). */
final class CatalogTables {

    static final String EVENTS = "CatalogEvents";
    static final String IDEMPOTENCY = "Idempotency";
    static final String UNIQUES = "Uniques";
    static final String LEASES = "Leases";
    static final String RATE_LIMITS = "RateLimits";
    static final String MEMBERSHIPS = "Memberships";
    static final String POSITIONS = "Positions";
    static final String BRANDS = "Brands";
    static final String PRODUCTS = "Products";

    private CatalogTables() {}

    static Map<String, String> environment() {
        return Map.of(
                "EVENTS_TABLE", EVENTS,
                "IDEMPOTENCY_TABLE", IDEMPOTENCY,
                "UNIQUES_TABLE", UNIQUES,
                "LEASES_TABLE", LEASES,
                "MEMBERSHIPS_TABLE", MEMBERSHIPS,
                "POSITIONS_TABLE", POSITIONS,
                "BRANDS_TABLE", BRANDS,
                "PRODUCTS_TABLE", PRODUCTS);
    }

    static void create(DynamoDbClient dynamoDb) {
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", IDEMPOTENCY, UNIQUES, LEASES, RATE_LIMITS);
        createKeyed(dynamoDb, "brandId", BRANDS);
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(PRODUCTS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("productId", ScalarAttributeType.S), attribute("brandId", ScalarAttributeType.S))
                .keySchema(key("productId", KeyType.HASH))
                .globalSecondaryIndexes(index("byBrand", "brandId", "productId", ProjectionType.ALL))
                .build());
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(MEMBERSHIPS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("userId", ScalarAttributeType.S), attribute("scope", ScalarAttributeType.S))
                .keySchema(key("userId", KeyType.HASH), key("scope", KeyType.RANGE))
                .globalSecondaryIndexes(index("byScope", "scope", "userId", ProjectionType.ALL))
                .build());
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(POSITIONS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("stream", ScalarAttributeType.S), attribute("reader", ScalarAttributeType.S))
                .keySchema(key("stream", KeyType.HASH), key("reader", KeyType.RANGE))
                .build());
    }
}
