package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Condition;
import dev.antipop.dynamodb.engine.expr.Projection;
import dev.antipop.dynamodb.engine.expr.Update;
import dev.antipop.dynamodb.engine.store.Durability;
import dev.antipop.dynamodb.engine.table.ItemLocks;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems (DynamoDB API reference; developer guide, "Amazon DynamoDB Transactions: How
 * it works"). A write transaction locks all its items in canonical order, evaluates every condition, then applies every
 * write as one commit, so nothing half-written is visible and two transactions never interleave on an item. At most 100
 * items and 4 MB; two operations on one item are refused; a ClientRequestToken makes the call idempotent for 10
 * minutes ({@link TransactionTokens}).
 */
final class TransactOperations {

    static final int MAX_ITEMS = 100;
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private final Context context;
    private final Writes writes;
    private final TransactionTokens tokens;

    TransactOperations(Context context, Writes writes, TransactionTokens tokens) {
        this.context = context;
        this.writes = writes;
        this.tokens = tokens;
    }

    /** One parsed action of a TransactWriteItems. */
    private record Action(
            String kind,
            Table table,
            Key key,
            Map<String, AttributeValue> keyAttributes,
            StoredItem putItem,
            Update update,
            Condition condition,
            String onFailure) {}

    /** TransactWriteItems. */
    JsonNode transactWriteItems(JsonNode request) {
        List<JsonNode> items = transactItems(request);
        String capacity = Capacity.mode(request);
        String token = Requests.string(request, "ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw Requests.constraint(
                    token,
                    "ClientRequestToken",
                    token.isEmpty()
                            ? "Member must have length greater than or equal to 1"
                            : "Member must have length less than or equal to 36");
        }
        List<Action> actions = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        long totalBytes = 0;
        for (JsonNode item : items) {
            Action action = parse(item);
            if (!seen.add(action.table.name() + "\u0000" + action.key)) {
                throw DynamoDbException.validation(
                        "Transaction request cannot include multiple operations on one item");
            }
            totalBytes += action.putItem == null ? 0 : action.putItem.size();
            actions.add(action);
        }
        if (totalBytes > MAX_BYTES) {
            throw DynamoDbException.validation("Transaction size has exceeded the maximum allowed size");
        }
        if (token == null) {
            return execute(actions, null, capacity);
        }
        String fingerprint = TransactionTokens.fingerprint(request);
        return tokens.run(
                token,
                fingerprint,
                () -> execute(
                        actions,
                        new Durability.TransactionToken(
                                token, fingerprint, context.clock().instant()),
                        capacity),
                () -> success(actions, capacity));
    }

    private JsonNode execute(List<Action> actions, Durability.TransactionToken token, String capacity) {
        ItemLocks locks = context.catalog().locks();
        List<Integer> stripes = new ArrayList<>(actions.size());
        for (Action a : actions) {
            stripes.add(locks.stripe(a.table.name(), a.key));
        }
        int[] held = locks.lockAll(stripes);
        try {
            List<StoredItem> current = new ArrayList<>(actions.size());
            List<Writes.Planned> planned = new ArrayList<>(actions.size());
            List<ObjectNode> reasons = new ArrayList<>(actions.size());
            boolean failed = false;
            for (Action a : actions) {
                StoredItem old = a.table.get(a.key);
                current.add(old);
                ObjectNode reason = Requests.object();
                try {
                    if (!a.condition.test(old == null ? Map.of() : old.attributes())) {
                        reason.put("Code", "ConditionalCheckFailed");
                        reason.put("Message", "The conditional request failed");
                        if (a.onFailure.equals("ALL_OLD") && old != null) {
                            reason.set("Item", AttributeValueJson.writeItem(old.attributes()));
                        }
                        failed = true;
                    } else {
                        StoredItem replacement = replacement(a, old);
                        if (!a.kind.equals("ConditionCheck")) {
                            planned.add(new Writes.Planned(a.table, a.key, old, replacement, false));
                        }
                        reason.put("Code", "None");
                    }
                } catch (DynamoDbException e) {
                    if (!e.type().equals("ValidationException")) {
                        throw e;
                    }
                    reason.put("Code", "ValidationError");
                    reason.put("Message", e.getMessage());
                    failed = true;
                }
                reasons.add(reason);
            }
            if (failed) {
                throw cancelled(reasons);
            }
            writes.commit(planned, token);
            if (token != null) {
                tokens.remember(token);
            }
        } finally {
            locks.unlockAll(held);
        }
        return success(actions, capacity);
    }

    private static StoredItem replacement(Action a, StoredItem old) {
        return switch (a.kind) {
            case "Put" -> a.putItem;
            case "Delete" -> null;
            case "Update" -> {
                Map<String, AttributeValue> base = old == null ? a.keyAttributes : old.attributes();
                Map<String, AttributeValue> updated = a.update.apply(base);
                Keys.checkIndexKeys(a.table.definition(), updated);
                StoredItem stored = StoredItem.of(updated);
                Keys.checkItemSize(stored.size());
                yield stored;
            }
            default -> old;
        };
    }

    private static DynamoDbException cancelled(List<ObjectNode> reasons) {
        List<String> codes = new ArrayList<>();
        ArrayNode array = Requests.NODES.arrayNode();
        for (ObjectNode reason : reasons) {
            codes.add(reason.get("Code").asText());
            array.add(reason);
        }
        return new DynamoDbException(
                "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                        + codes.toString().replace(" ", " "),
                400,
                Map.of("CancellationReasons", array));
    }

    private JsonNode success(List<Action> actions, String capacity) {
        ObjectNode response = Requests.object();
        if (!capacity.equals("NONE")) {
            Map<String, Capacity.Tally> tallies = new LinkedHashMap<>();
            for (Action a : actions) {
                StoredItem shown = a.putItem != null ? a.putItem : a.table.get(a.key);
                tallies.computeIfAbsent(a.table.name(), n -> new Capacity.Tally(n, true))
                        .addWrite(a.table, null, shown, 2);
            }
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            tallies.values().forEach(t -> consumed.add(t.toJson(capacity)));
        }
        return response;
    }

    private Action parse(JsonNode item) {
        String kind = null;
        JsonNode body = null;
        for (String candidate : List.of("ConditionCheck", "Put", "Delete", "Update")) {
            JsonNode node = item.get(candidate);
            if (node != null && !node.isNull()) {
                if (kind != null) {
                    throw DynamoDbException.validation(
                            "TransactItems can only contain one of Check, Put, Update or Delete");
                }
                kind = candidate;
                body = node;
            }
        }
        if (kind == null) {
            throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String tableName = Requests.tableName(body, "TableName");
        String onFailure =
                Requests.enumValue(body, "ReturnValuesOnConditionCheckFailure", "NONE", ItemOperations.ON_FAILURE);
        List<String> expressionMembers = switch (kind) {
            case "Update" -> List.of("ConditionExpression", "UpdateExpression");
            default -> List.of("ConditionExpression");
        };
        Expressions expressions = Expressions.of(body, List.of(), expressionMembers);
        Update update = null;
        if (kind.equals("Update")) {
            String text = Requests.requiredString(body, "UpdateExpression");
            Expressions.checkNotEmpty("UpdateExpression", text);
            update = expressions.context().update(text);
        }
        Condition condition = expressions.condition("ConditionExpression");
        if (kind.equals("ConditionCheck") && Requests.string(body, "ConditionExpression") == null) {
            throw Requests.constraint(null, "ConditionExpression", "Member must not be null");
        }
        expressions.checkAllUsed();
        Table table = Requests.activeTable(context, tableName);
        if (kind.equals("Put")) {
            Map<String, AttributeValue> attributes = Requests.item(body, "Item");
            Key key = Keys.fromItem(table.definition(), attributes);
            StoredItem stored = StoredItem.of(attributes);
            Keys.checkItemSize(stored.size());
            return new Action(kind, table, key, null, stored, null, condition, onFailure);
        }
        Map<String, AttributeValue> keyAttributes = Requests.item(body, "Key");
        Key key = Keys.fromKey(table.definition(), keyAttributes);
        if (update != null) {
            for (String attribute : update.topLevelAttributes()) {
                if (table.definition().key().isKeyAttribute(attribute)) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update"
                            + " attribute " + attribute + ". This attribute is part of the key");
                }
            }
        }
        return new Action(kind, table, key, keyAttributes, null, update, condition, onFailure);
    }

    private static List<JsonNode> transactItems(JsonNode request) {
        JsonNode node = request.get("TransactItems");
        if (node == null || node.isNull()) {
            throw Requests.constraint(null, "TransactItems", "Member must not be null");
        }
        List<JsonNode> items = Requests.array(request, "TransactItems");
        if (items.isEmpty()) {
            throw Requests.constraint("[]", "TransactItems", "Member must have length greater than or equal to 1");
        }
        if (items.size() > MAX_ITEMS) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'transactItems' failed to"
                    + " satisfy constraint: Member must have length less than or equal to " + MAX_ITEMS);
        }
        return items;
    }

    /** TransactGetItems: reads all items under their locks, so the result is serializable against transactions. */
    JsonNode transactGetItems(JsonNode request) {
        List<JsonNode> items = transactItems(request);
        String capacity = Capacity.mode(request);
        record Get(Table table, Key key, Projection projection) {}
        List<Get> gets = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode body = item.get("Get");
            if (body == null || body.isNull()) {
                throw Requests.constraint(null, "TransactItems.member.Get", "Member must not be null");
            }
            String tableName = Requests.tableName(body, "TableName");
            Expressions expressions = Expressions.of(body, List.of(), List.of("ProjectionExpression"));
            Projection projection = expressions.projection();
            expressions.checkAllUsed();
            Table table = Requests.activeTable(context, tableName);
            gets.add(new Get(table, Keys.fromKey(table.definition(), Requests.item(body, "Key")), projection));
        }
        ItemLocks locks = context.catalog().locks();
        List<Integer> stripes = new ArrayList<>();
        for (Get g : gets) {
            stripes.add(locks.stripe(g.table.name(), g.key));
        }
        List<StoredItem> found = new ArrayList<>(gets.size());
        int[] held = locks.lockAll(stripes);
        try {
            for (Get g : gets) {
                found.add(g.table.get(g.key));
            }
        } finally {
            locks.unlockAll(held);
        }
        ObjectNode response = Requests.object();
        ArrayNode responses = response.putArray("Responses");
        Map<String, Capacity.Tally> tallies = new LinkedHashMap<>();
        for (int i = 0; i < gets.size(); i++) {
            Get g = gets.get(i);
            StoredItem item = found.get(i);
            ObjectNode entry = responses.addObject();
            if (item != null) {
                entry.set(
                        "Item",
                        AttributeValueJson.writeItem(
                                g.projection == null ? item.attributes() : g.projection.apply(item.attributes())));
            }
            tallies.computeIfAbsent(g.table.name(), n -> new Capacity.Tally(n, false))
                    .addRead(null, false, 2 * Capacity.readUnits(item == null ? 0 : item.size(), true));
        }
        if (!capacity.equals("NONE")) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            tallies.values().forEach(t -> consumed.add(t.toJson(capacity)));
        }
        return response;
    }
}
