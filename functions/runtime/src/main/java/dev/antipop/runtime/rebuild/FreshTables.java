package dev.antipop.runtime.rebuild;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Creates a fresh table shaped as a live one (key schema, attribute definitions, global and local secondary indexes,
 * on-demand billing), and deletes it after the swap. No stream and no TTL: nothing reads the fresh table but the swap.
 */
final class FreshTables {

    private final DynamoDbClient client;

    FreshTables(DynamoDbClient client) {
        this.client = client;
    }

    /** Whether {@code table} exists. */
    boolean exists(String table) {
        try {
            client.describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** The key attribute names of {@code table}: partition key, then sort key if any. */
    List<String> keyOf(String table) {
        return client.describeTable(r -> r.tableName(table)).table().keySchema().stream()
                .sorted((a, b) -> a.keyTypeAsString().compareTo(b.keyTypeAsString())) // HASH before RANGE
                .map(k -> k.attributeName())
                .toList();
    }

    /**
     * Creates {@code fresh} like {@code live}, deleting a leftover of an earlier run first, and waits until it is
     * ACTIVE.
     *
     * @throws ResourceNotFoundException when {@code live} does not exist
     */
    void recreate(String live, String fresh) {
        TableDescription shape = client.describeTable(r -> r.tableName(live)).table();
        delete(fresh);
        CreateTableRequest.Builder create = CreateTableRequest.builder()
                .tableName(fresh)
                .keySchema(shape.keySchema())
                .attributeDefinitions(shape.attributeDefinitions())
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (shape.hasGlobalSecondaryIndexes() && !shape.globalSecondaryIndexes().isEmpty()) {
            create.globalSecondaryIndexes(shape.globalSecondaryIndexes().stream()
                    .map(g -> GlobalSecondaryIndex.builder()
                            .indexName(g.indexName())
                            .keySchema(g.keySchema())
                            .projection(g.projection())
                            .build())
                    .toList());
        }
        if (shape.hasLocalSecondaryIndexes() && !shape.localSecondaryIndexes().isEmpty()) {
            create.localSecondaryIndexes(shape.localSecondaryIndexes().stream()
                    .map(l -> LocalSecondaryIndex.builder()
                            .indexName(l.indexName())
                            .keySchema(l.keySchema())
                            .projection(l.projection())
                            .build())
                    .toList());
        }
        client.createTable(create.build());
        client.waiter().waitUntilTableExists(r -> r.tableName(fresh));
    }

    /** Deletes {@code table} if it exists, and waits until it is gone. */
    void delete(String table) {
        try {
            client.deleteTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException e) {
            return;
        }
        client.waiter().waitUntilTableNotExists(r -> r.tableName(table));
    }
}
