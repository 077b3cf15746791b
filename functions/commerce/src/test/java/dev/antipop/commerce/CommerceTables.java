package dev.antipop.commerce;

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
        createEvents(dynamoDb, EVENTS);
        createKeyed(dynamoDb, "key", IDEMPOTENCY, UNIQUES, LEASES, RATE_LIMITS);
        createKeyed(dynamoDb, "productId", PRODUCTS);
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(ORDERS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("orderId", ScalarAttributeType.S), attribute("buyerId", ScalarAttributeType.S))
                .keySchema(key("orderId", KeyType.HASH))
                .globalSecondaryIndexes(index("byBuyer", "buyerId", "orderId", ProjectionType.ALL))
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
