package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Projection;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem and BatchWriteItem (DynamoDB API reference): at most 100 keys per BatchGetItem and a 16 MB response
 * (the rest comes back as {@code UnprocessedKeys}); at most 25 put or delete requests per BatchWriteItem, no two on one
 * item; each request is atomic on its own, the batch is not.
 */
final class BatchOperations {

    static final int MAX_GET_KEYS = 100;
    static final int MAX_WRITES = 25;
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final Context context;
    private final Writes writes;

    BatchOperations(Context context, Writes writes) {
        this.context = context;
        this.writes = writes;
    }

    private record GetTable(
            String tableName,
            Table table,
            JsonNode spec,
            List<Key> keys,
            List<JsonNode> rawKeys,
            Projection projection,
            boolean consistent) {}

    /** BatchGetItem. */
    JsonNode batchGetItem(JsonNode request) {
        ObjectNode requestItems = requestItems(request);
        String capacity = Capacity.mode(request);
        List<GetTable> tables = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String tableName = e.getKey();
            Requests.checkName(tableName, "RequestItems", 3);
            JsonNode spec = e.getValue();
            if (!spec.isObject()) {
                throw DynamoDbException.serialization("Unexpected value type in payload: KeysAndAttributes");
            }
            Expressions expressions = Expressions.of(spec, List.of("AttributesToGet"), List.of("ProjectionExpression"));
            Projection projection = expressions.projection();
            expressions.checkAllUsed();
            Table table = Requests.activeTable(context, tableName);
            List<JsonNode> rawKeys = Requests.array(spec, "Keys");
            if (rawKeys.isEmpty()) {
                throw Requests.constraint(
                        "[]",
                        "RequestItems." + tableName + ".member.Keys",
                        "Member must have length greater than or equal to 1");
            }
            List<Key> keys = new ArrayList<>();
            Set<Key> seen = new HashSet<>();
            for (JsonNode raw : rawKeys) {
                Key key = Keys.fromKey(table.definition(), AttributeValueJson.readItem(raw));
                if (!seen.add(key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            total += keys.size();
            tables.add(new GetTable(
                    tableName, table, spec, keys, rawKeys, projection, Requests.bool(spec, "ConsistentRead", false)));
        }
        if (total > MAX_GET_KEYS) {
            throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode response = Requests.object();
        ObjectNode responses = response.putObject("Responses");
        ObjectNode unprocessed = Requests.object();
        ArrayNode consumed = Requests.NODES.arrayNode();
        long bytes = 0;
        for (GetTable t : tables) {
            ArrayNode found = responses.putArray(t.tableName);
            ArrayNode left = null;
            double read = 0;
            for (int i = 0; i < t.keys.size(); i++) {
                if (bytes >= MAX_RESPONSE_BYTES) {
                    if (left == null) {
                        ObjectNode spec = ((ObjectNode) t.spec).deepCopy();
                        left = spec.putArray("Keys");
                        unprocessed.set(t.tableName, spec);
                    }
                    left.add(t.rawKeys.get(i));
                    continue;
                }
                StoredItem item = t.table.get(t.keys.get(i));
                read += Capacity.readUnits(item == null ? 0 : item.size(), t.consistent);
                if (item != null) {
                    bytes += item.size();
                    Map<String, AttributeValue> shown =
                            t.projection == null ? item.attributes() : t.projection.apply(item.attributes());
                    found.add(AttributeValueJson.writeItem(shown));
                }
            }
            ObjectNode cap = new Capacity.Tally(t.tableName, false)
                    .addRead(null, false, read)
                    .toJson(capacity);
            if (cap != null) {
                consumed.add(cap);
            }
        }
        response.set("UnprocessedKeys", unprocessed);
        if (!capacity.equals("NONE")) {
            response.set("ConsumedCapacity", consumed);
        }
        return response;
    }

    private record WriteRequest(Table table, Key key, StoredItem item) {}

    /** BatchWriteItem. */
    JsonNode batchWriteItem(JsonNode request) {
        ObjectNode requestItems = requestItems(request);
        String capacity = Capacity.mode(request);
        List<WriteRequest> requests = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String tableName = e.getKey();
            Requests.checkName(tableName, "RequestItems", 3);
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw DynamoDbException.validation("1 validation error detected: Value at 'requestItems' failed to"
                        + " satisfy constraint: Map value must satisfy constraint: [Member must have length less than"
                        + " or equal to 25, Member must have length greater than or equal to 1]");
            }
            Table table = Requests.activeTable(context, tableName);
            for (JsonNode writeRequest : e.getValue()) {
                JsonNode put = writeRequest.get("PutRequest");
                JsonNode delete = writeRequest.get("DeleteRequest");
                boolean hasPut = put != null && !put.isNull();
                boolean hasDelete = delete != null && !delete.isNull();
                if (hasPut == hasDelete) {
                    throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must"
                            + " contain exactly one of the supported datatypes");
                }
                WriteRequest parsed;
                if (hasPut) {
                    Map<String, AttributeValue> item = Requests.item(put, "Item");
                    Key key = Keys.fromItem(table.definition(), item);
                    StoredItem stored = StoredItem.of(item);
                    Keys.checkItemSize(stored.size());
                    parsed = new WriteRequest(table, key, stored);
                } else {
                    parsed = new WriteRequest(
                            table, Keys.fromKey(table.definition(), Requests.item(delete, "Key")), null);
                }
                if (!seen.add(tableName + "\u0000" + parsed.key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                requests.add(parsed);
            }
        }
        if (requests.size() > MAX_WRITES) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy"
                    + " constraint: Map value must satisfy constraint: [Member must have length less than or equal to"
                    + " 25, Member must have length greater than or equal to 1]");
        }
        Map<String, Capacity.Tally> tallies = new LinkedHashMap<>();
        for (WriteRequest w : requests) {
            StoredItem old = writes.locked(w.table, w.key, () -> {
                StoredItem current = w.table.get(w.key);
                writes.commit(List.of(new Writes.Planned(w.table, w.key, current, w.item, false)), null);
                return current;
            });
            tallies.computeIfAbsent(w.table.name(), n -> new Capacity.Tally(n, true))
                    .addWrite(w.table, old, w.item, 1);
        }
        ObjectNode response = Requests.object();
        response.putObject("UnprocessedItems");
        if (!capacity.equals("NONE")) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            tallies.values().forEach(t -> consumed.add(t.toJson(capacity)));
        }
        return response;
    }

    private static ObjectNode requestItems(JsonNode request) {
        ObjectNode items = Requests.object(request, "RequestItems");
        if (items == null) {
            throw Requests.constraint(null, "RequestItems", "Member must not be null");
        }
        if (items.isEmpty()) {
            throw Requests.constraint("{}", "RequestItems", "Member must have length greater than or equal to 1");
        }
        return items;
    }
}
