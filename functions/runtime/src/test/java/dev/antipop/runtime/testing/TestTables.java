package dev.antipop.runtime.testing;

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

/**
 * Building blocks for the contexts' test tables, as template.yaml declares them (keys, indexes, streams; on-demand
 * billing): each context's {@code *Tables} helper composes its own tables from these.
 */
public final class TestTables {

    private TestTables() {}

    /** An events table (DESIGN.md section 4): {@code stream} S, {@code version} N, a {@code NEW_IMAGE} stream. */
    public static void createEvents(DynamoDbClient dynamoDb, String name) {
        dynamoDb.createTable(table(name, "stream", ScalarAttributeType.S, "version", ScalarAttributeType.N)
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .build())
                .build());
    }

    /** Tables keyed by one string attribute {@code hashKey} (idempotency, uniques, leases, rate limits: "key"). */
    public static void createKeyed(DynamoDbClient dynamoDb, String hashKey, String... names) {
        for (String name : names) {
            dynamoDb.createTable(
                    table(name, hashKey, ScalarAttributeType.S, null, null).build());
        }
    }

    /**
     * An on-demand table with a partition key and, unless {@code range} is null, a sort key; add indexes or a stream
     * on the builder (with their attribute definitions).
     */
    public static CreateTableRequest.Builder table(
            String name, String hash, ScalarAttributeType hashType, String range, ScalarAttributeType rangeType) {
        CreateTableRequest.Builder table =
                CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
        if (range == null) {
            return table.attributeDefinitions(attribute(hash, hashType)).keySchema(key(hash, KeyType.HASH));
        }
        return table.attributeDefinitions(attribute(hash, hashType), attribute(range, rangeType))
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE));
    }

    /** A global secondary index on {@code hash} (and {@code range} unless null). */
    public static GlobalSecondaryIndex index(String name, String hash, String range, ProjectionType projection) {
        GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
                .indexName(name)
                .projection(Projection.builder().projectionType(projection).build());
        return range == null
                ? index.keySchema(key(hash, KeyType.HASH)).build()
                : index.keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
                        .build();
    }

    /** An attribute definition. */
    public static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    /** A key schema element. */
    public static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
