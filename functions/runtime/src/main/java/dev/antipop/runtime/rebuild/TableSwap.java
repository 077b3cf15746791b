package dev.antipop.runtime.rebuild;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The swap: makes the live table hold what the fresh one holds, by difference. Every fresh item that the live table
 * lacks or holds otherwise is put (unless the live item carries a higher numeric {@code version}: the processor
 * projected a newer event while the rebuild ran); every live item the fresh table lacks is deleted. Unchanged items
 * are not written, so a rebuild of a sound view writes nothing and emits no stream record.
 *
 * <p>Why not re-point the functions at the fresh table: their table names come from the template (the local cloud
 * resolves them at start; on AWS, CloudFormation owns them and {@code UpdateFunctionConfiguration} would drift from the
 * stack until the next deploy reverted it). The price: the swap is not atomic (a reader may see some items rebuilt and
 * others not for its duration), and an item the processor creates after the rebuild read its stream, or changes
 * without a {@code version}, is deleted or overwritten; rebuild while the context is quiet, or replay the stream after.
 */
final class TableSwap {

    /** BatchGetItem's limit: 100 keys per request ("BatchGetItem", DynamoDB API Reference). */
    private static final int BATCH = 100;

    private final DynamoDbClient client;

    TableSwap(DynamoDbClient client) {
        this.client = client;
    }

    /** What a swap wrote. */
    record Counts(long put, long deleted, long unchanged) {}

    /** Makes {@code live} hold what {@code fresh} holds; both share {@code key} (partition key, then sort key). */
    Counts copyBack(String fresh, String live, List<String> key) {
        long put = 0;
        long deleted = 0;
        long unchanged = 0;
        for (List<Map<String, AttributeValue>> page : pages(fresh)) {
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> current = get(live, page, key);
            for (Map<String, AttributeValue> item : page) {
                Map<String, AttributeValue> now = current.get(keyOf(item, key));
                if (item.equals(now)) {
                    unchanged++;
                } else if (putUnlessNewer(live, item, key)) {
                    put++;
                }
            }
        }
        for (List<Map<String, AttributeValue>> page : pages(live)) {
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> kept = get(fresh, page, key);
            for (Map<String, AttributeValue> item : page) {
                Map<String, AttributeValue> itemKey = keyOf(item, key);
                if (!kept.containsKey(itemKey)) {
                    client.deleteItem(r -> r.tableName(live).key(itemKey));
                    deleted++;
                }
            }
        }
        return new Counts(put, deleted, unchanged);
    }

    private boolean putUnlessNewer(String live, Map<String, AttributeValue> item, List<String> key) {
        AttributeValue version = item.get("version");
        if (version == null || version.n() == null) {
            client.putItem(r -> r.tableName(live).item(item));
            return true;
        }
        try {
            client.putItem(r -> r.tableName(live)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#k) OR attribute_not_exists(#v) OR #v <= :v")
                    .expressionAttributeNames(Map.of("#k", key.get(0), "#v", "version"))
                    .expressionAttributeValues(Map.of(":v", version)));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    /** The table's items, {@value #BATCH} per page (consistent reads). */
    private Iterable<List<Map<String, AttributeValue>>> pages(String table) {
        return () -> client
                .scanPaginator(r -> r.tableName(table).consistentRead(true).limit(BATCH))
                .stream()
                .map(response -> response.items())
                .filter(items -> !items.isEmpty())
                .iterator();
    }

    /** The items of {@code table} at the keys of {@code items}, by key (consistent reads, unprocessed keys retried). */
    private Map<Map<String, AttributeValue>, Map<String, AttributeValue>> get(
            String table, List<Map<String, AttributeValue>> items, List<String> key) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            keys.add(keyOf(item, key));
        }
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(
                table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            var response = client.batchGetItem(
                    BatchGetItemRequest.builder().requestItems(request).build());
            response.responses().getOrDefault(table, List.of()).forEach(item -> found.put(keyOf(item, key), item));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, List<String> key) {
        Map<String, AttributeValue> out = new HashMap<>();
        for (String name : key) {
            out.put(name, item.get(name));
        }
        return out;
    }
}
