package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Condition;
import dev.antipop.dynamodb.engine.expr.Projection;
import dev.antipop.dynamodb.engine.expr.Update;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.KeySchema;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** PutItem, GetItem, UpdateItem and DeleteItem (DynamoDB API reference, each operation's page). */
final class ItemOperations {

    static final List<String> RETURN_VALUES = List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    static final List<String> ON_FAILURE = List.of("ALL_OLD", "NONE");

    private final Context context;
    private final Writes writes;

    ItemOperations(Context context, Writes writes) {
        this.context = context;
        this.writes = writes;
    }

    /** PutItem. */
    JsonNode putItem(JsonNode request) {
        String tableName = Requests.tableName(request, "TableName");
        Map<String, AttributeValue> item = Requests.item(request, "Item");
        return replaceOne(request, tableName, table -> {
            Key key = Keys.fromItem(table.definition(), item);
            StoredItem replacement = StoredItem.of(item);
            Keys.checkItemSize(replacement.size());
            return new Target(key, replacement);
        });
    }

    /** DeleteItem. */
    JsonNode deleteItem(JsonNode request) {
        String tableName = Requests.tableName(request, "TableName");
        Map<String, AttributeValue> keyAttributes = Requests.item(request, "Key");
        return replaceOne(
                request, tableName, table -> new Target(Keys.fromKey(table.definition(), keyAttributes), null));
    }

    /** The item a PutItem or DeleteItem writes: its key, and the new item (null for a delete). */
    private record Target(Key key, StoredItem replacement) {}

    /**
     * Writes the target's replacement (or, when null, deletes the item) if the request's condition holds on the current
     * item, and answers as PutItem and DeleteItem do: {@code Attributes} for {@code ALL_OLD}, consumed capacity, item
     * collection metrics. The request's parameters are validated in the order DynamoDB reports them.
     */
    private JsonNode replaceOne(JsonNode request, String tableName, Function<Table, Target> target) {
        String returnValues = returnValues(request, false);
        String onFailure = Requests.enumValue(request, "ReturnValuesOnConditionCheckFailure", "NONE", ON_FAILURE);
        String capacity = Capacity.mode(request);
        Expressions expressions =
                Expressions.of(request, List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"));
        Condition condition = expressions.condition("ConditionExpression");
        expressions.checkAllUsed();
        Table table = Requests.activeTable(context, tableName);
        Target write = target.apply(table);
        Key key = write.key();
        StoredItem replacement = write.replacement();
        StoredItem old = writes.locked(table, key, () -> {
            StoredItem current = table.get(key);
            check(condition, current, onFailure);
            writes.commit(List.of(new Writes.Planned(table, key, current, replacement, false)), null);
            return current;
        });
        ObjectNode response = Requests.object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            response.set("Attributes", AttributeValueJson.writeItem(old.attributes()));
        }
        putCapacity(response, capacity, new Capacity.Tally(tableName, true).addWrite(table, old, replacement, 1));
        putCollectionMetrics(response, request, table, key);
        return response;
    }

    /** UpdateItem. */
    JsonNode updateItem(JsonNode request) {
        String tableName = Requests.tableName(request, "TableName");
        Map<String, AttributeValue> keyAttributes = Requests.item(request, "Key");
        String returnValues = returnValues(request, true);
        String onFailure = Requests.enumValue(request, "ReturnValuesOnConditionCheckFailure", "NONE", ON_FAILURE);
        String capacity = Capacity.mode(request);
        Expressions expressions = Expressions.of(
                request,
                List.of("Expected", "ConditionalOperator", "AttributeUpdates"),
                List.of("ConditionExpression", "UpdateExpression"));
        Update update = expressions.update();
        Condition condition = expressions.condition("ConditionExpression");
        expressions.checkAllUsed();
        Table table = Requests.activeTable(context, tableName);
        Key key = Keys.fromKey(table.definition(), keyAttributes);
        KeySchema schema = table.definition().key();
        if (update != null) {
            for (String attribute : update.topLevelAttributes()) {
                if (schema.isKeyAttribute(attribute)) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update"
                            + " attribute " + attribute + ". This attribute is part of the key");
                }
            }
        }
        Update finalUpdate = update;
        StoredItem[] result = writes.locked(table, key, () -> {
            StoredItem current = table.get(key);
            check(condition, current, onFailure);
            Map<String, AttributeValue> base = current == null ? keyAttributes : current.attributes();
            Map<String, AttributeValue> updated = finalUpdate == null ? base : finalUpdate.apply(base);
            Keys.checkIndexKeys(table.definition(), updated);
            StoredItem replacement = StoredItem.of(updated);
            Keys.checkItemSize(replacement.size());
            writes.commit(List.of(new Writes.Planned(table, key, current, replacement, false)), null);
            return new StoredItem[] {current, replacement};
        });
        StoredItem old = result[0];
        StoredItem now = result[1];
        ObjectNode response = Requests.object();
        Set<String> touched = update == null ? Set.of() : update.topLevelAttributes();
        Map<String, AttributeValue> attributes = switch (returnValues) {
            case "ALL_OLD" -> old == null ? null : old.attributes();
            case "ALL_NEW" -> now.attributes();
            case "UPDATED_OLD" -> old == null ? null : only(old.attributes(), touched);
            case "UPDATED_NEW" -> only(now.attributes(), touched);
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            response.set("Attributes", AttributeValueJson.writeItem(attributes));
        }
        putCapacity(response, capacity, new Capacity.Tally(tableName, true).addWrite(table, old, now, 1));
        putCollectionMetrics(response, request, table, key);
        return response;
    }

    /** GetItem. */
    JsonNode getItem(JsonNode request) {
        String tableName = Requests.tableName(request, "TableName");
        Map<String, AttributeValue> keyAttributes = Requests.item(request, "Key");
        boolean consistent = Requests.bool(request, "ConsistentRead", false);
        String capacity = Capacity.mode(request);
        Expressions expressions = Expressions.of(request, List.of("AttributesToGet"), List.of("ProjectionExpression"));
        Projection projection = expressions.projection();
        expressions.checkAllUsed();
        Table table = Requests.activeTable(context, tableName);
        Key key = Keys.fromKey(table.definition(), keyAttributes);
        StoredItem item = table.get(key);
        ObjectNode response = Requests.object();
        if (item != null) {
            Map<String, AttributeValue> attributes =
                    projection == null ? item.attributes() : projection.apply(item.attributes());
            response.set("Item", AttributeValueJson.writeItem(attributes));
        }
        putCapacity(
                response,
                capacity,
                new Capacity.Tally(tableName, false)
                        .addRead(null, false, Capacity.readUnits(item == null ? 0 : item.size(), consistent)));
        return response;
    }

    /** Checks a write's condition against the current item; throws ConditionalCheckFailedException when it fails. */
    static void check(Condition condition, StoredItem current, String onFailure) {
        if (!condition.test(current == null ? Map.of() : current.attributes())) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (onFailure.equals("ALL_OLD") && current != null) {
                extra.put("Item", AttributeValueJson.writeItem(current.attributes()));
            }
            throw DynamoDbException.conditionalCheckFailed(extra);
        }
    }

    /** ReturnValues; PutItem and DeleteItem allow only NONE and ALL_OLD. */
    static String returnValues(JsonNode request, boolean update) {
        String value = Requests.enumValue(request, "ReturnValues", "NONE", RETURN_VALUES);
        if (!update && !value.equals("NONE") && !value.equals("ALL_OLD")) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Return values set to invalid value");
        }
        return value;
    }

    /**
     * {@code ItemCollectionMetrics} for ReturnItemCollectionMetrics=SIZE on a table with local secondary indexes (API
     * reference, "ItemCollectionMetrics": the item collection's partition key and an estimate range in GB; the engine
     * estimates from the collection's items, so the range is 0 to 1 GB for anything under 1 GB).
     */
    static void putCollectionMetrics(ObjectNode response, JsonNode request, Table table, Key key) {
        String mode = Requests.enumValue(request, "ReturnItemCollectionMetrics", "NONE", List.of("SIZE", "NONE"));
        if (!mode.equals("SIZE") || table.definition().localIndexes().isEmpty()) {
            return;
        }
        ObjectNode metrics = response.putObject("ItemCollectionMetrics");
        metrics.putObject("ItemCollectionKey")
                .set(table.definition().key().partitionKey(), AttributeValueJson.write(key.first()));
        metrics.putArray("SizeEstimateRangeGB").add(0.0).add(1.0);
    }

    static void putCapacity(ObjectNode response, String mode, Capacity.Tally tally) {
        ObjectNode node = tally.toJson(mode);
        if (node != null) {
            response.set("ConsumedCapacity", node);
        }
    }

    private static Map<String, AttributeValue> only(Map<String, AttributeValue> item, Set<String> names) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (String name : names) {
            AttributeValue value = item.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }
}
