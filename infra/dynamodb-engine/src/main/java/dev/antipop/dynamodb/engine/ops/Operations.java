package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB operations of one engine ({@code DynamoDB_20120810.<Operation>}), dispatched by name, plus the
 * in-process entry points other parts of the engine use (the TTL sweeper's deletion).
 */
public final class Operations {

    private final Context context;
    private final Writes writes;
    private final TransactionTokens tokens;
    private final ControlPlane controlPlane;
    private final TableSettings settings;
    private final ItemOperations items;
    private final ReadOperations reads;
    private final BatchOperations batches;
    private final TransactOperations transactions;

    /** @param context the engine's configuration and state */
    public Operations(Context context) {
        this.context = context;
        this.writes = new Writes(context);
        this.tokens = new TransactionTokens(context.clock());
        this.controlPlane = new ControlPlane(context);
        this.settings = new TableSettings(context, controlPlane);
        this.items = new ItemOperations(context, writes);
        this.reads = new ReadOperations(context);
        this.batches = new BatchOperations(context, writes);
        this.transactions = new TransactOperations(context, writes, tokens);
    }

    /** The transaction tokens (durable stores restore them at start). */
    public TransactionTokens tokens() {
        return tokens;
    }

    /**
     * Answers one operation.
     *
     * @param operation the name after {@code DynamoDB_20120810.}
     * @param request the request body (a JSON object)
     * @return the response body
     * @throws DynamoDbException the operation's documented errors; {@code UnknownOperationException} for an
     *     operation the engine does not serve
     */
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "PutItem" -> items.putItem(request);
            case "GetItem" -> items.getItem(request);
            case "UpdateItem" -> items.updateItem(request);
            case "DeleteItem" -> items.deleteItem(request);
            case "Query" -> reads.query(request);
            case "Scan" -> reads.scan(request);
            case "BatchGetItem" -> batches.batchGetItem(request);
            case "BatchWriteItem" -> batches.batchWriteItem(request);
            case "TransactWriteItems" -> transactions.transactWriteItems(request);
            case "TransactGetItems" -> transactions.transactGetItems(request);
            case "CreateTable" -> controlPlane.createTable(request);
            case "DescribeTable" -> controlPlane.describeTable(request);
            case "ListTables" -> controlPlane.listTables(request);
            case "DeleteTable" -> controlPlane.deleteTable(request);
            case "UpdateTable" -> settings.updateTable(request);
            case "UpdateTimeToLive" -> settings.updateTimeToLive(request);
            case "DescribeTimeToLive" -> settings.describeTimeToLive(request);
            case "TagResource" -> settings.tagResource(request);
            case "UntagResource" -> settings.untagResource(request);
            case "ListTagsOfResource" -> settings.listTagsOfResource(request);
            case "DescribeEndpoints" -> describeEndpoints();
            case "DescribeLimits" -> describeLimits();
            default -> throw DynamoDbException.unknownOperation("Unknown operation: " + operation);
        };
    }

    private JsonNode describeEndpoints() {
        var response = Requests.object();
        response.putArray("Endpoints")
                .addObject()
                .put("Address", "dynamodb." + context.region() + ".amazonaws.com")
                .put("CachePeriodInMinutes", 1440);
        return response;
    }

    private JsonNode describeLimits() {
        return Requests.object()
                .put("AccountMaxReadCapacityUnits", 80000)
                .put("AccountMaxWriteCapacityUnits", 80000)
                .put("TableMaxReadCapacityUnits", 40000)
                .put("TableMaxWriteCapacityUnits", 40000);
    }

    /**
     * Deletes one item as a TTL deletion, if it is still expired: under the item's lock, the item must exist, its
     * table must have TTL enabled, and its TTL attribute must be a number of epoch seconds at or before {@code now}
     * (developer guide, "Time to Live": items whose attribute is not a Number are ignored). The deletion goes through
     * the normal write path, so it is durable and appears in the stream as a {@code REMOVE} with
     * {@code ItemChange.byTimeToLive() == true}.
     *
     * @param tableName the table
     * @param key the item's primary key attributes
     * @param now the sweep time
     * @return whether the item was deleted
     */
    public boolean deleteExpired(String tableName, Map<String, AttributeValue> key, Instant now) {
        Table table = context.catalog().get(tableName);
        if (table == null) {
            return false;
        }
        Key k = table.keyOf(key);
        if (k == null) {
            return false;
        }
        return writes.locked(table, k, () -> {
            StoredItem current = table.get(k);
            if (current == null || !isExpired(table.definition(), current.attributes(), now)) {
                return false;
            }
            writes.commit(List.of(new Writes.Planned(table, k, current, null, true)), null);
            return true;
        });
    }

    /** Whether an item is expired under its table's TTL settings at {@code now}. */
    public static boolean isExpired(TableDefinition table, Map<String, AttributeValue> item, Instant now) {
        return table.timeToLive().enabled()
                && dev.antipop.dynamodb.engine.ttl.TimeToLive.isExpired(
                        item, table.timeToLive().attributeName(), now.getEpochSecond());
    }
}
