package dev.antipop.kv;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

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
        dynamoDb.createTable(table(EVENTS, "stream", ScalarAttributeType.S, "version", ScalarAttributeType.N)
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .build())
                .build());
        for (String name : List.of("Idempotency", "Uniques", "Leases", "RateLimits")) {
            dynamoDb.createTable(
                    table(name, "key", ScalarAttributeType.S, null, null).build());
        }
        dynamoDb.createTable(table(KV, "bucket", ScalarAttributeType.S, "key", ScalarAttributeType.S)
                .build());
        dynamoDb.createTable(table(POSITIONS, "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S)
                .build());
    }

    private static CreateTableRequest.Builder table(
            String name, String hash, ScalarAttributeType hashType, String range, ScalarAttributeType rangeType) {
        CreateTableRequest.Builder table =
                CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
        if (range == null) {
            return table.attributeDefinitions(attribute(hash, hashType)).keySchema(key(hash, KeyType.HASH));
        }
        return table.attributeDefinitions(attribute(hash, hashType), attribute(range, rangeType))
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE));
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
