package dev.antipop.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.template.TableDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The console's tables: {@code GET /_local/api/tables} (each template table with its live item count, keys, indexes,
 * stream, and whether it is an events table) and {@code GET /_local/api/tables/<name>/items} (a page of items: a Query
 * when {@code partition} is given, else a Scan).
 *
 * <p>Item query parameters: {@code partition} (the partition key's value), {@code sortOp} ({@code =}, {@code <},
 * {@code <=}, {@code >}, {@code >=}, {@code begins_with}, {@code between}) with {@code sort} (and {@code sort2} for
 * {@code between}), {@code index} (a GSI or LSI name), {@code limit} (1–100, default 25; DynamoDB's own {@code Limit}),
 * {@code order} ({@code asc} default, {@code desc}) and {@code cursor} (the previous page's, opaque). Answers
 * {@code {"table","index","operation":"Query"|"Scan","items":[…],"count","cursor"}}, {@code cursor} null on the last
 * page. The cursor is the page's {@code LastEvaluatedKey}, base64url; a damaged one is 400 {@code validation_failed},
 * as is a value the engine refuses. An events table (partition key {@code stream}, sort key {@code version}) queried
 * by stream in ascending order is that stream's events in version order; its items show {@code data} and {@code meta}
 * as JSON with the event type's sensitive fields redacted ({@link #event}).
 */
final class TablesApi {

    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 100;

    /** What a sensitive field's value is shown as. */
    static final String REDACTED = "[redacted]";

    private final DynamoDbClient dynamoDb;
    private final Map<String, TableDefinition> tables = new LinkedHashMap<>();
    private final Map<String, Set<String>> sensitiveFields;

    /**
     * @param dynamoDb the engine
     * @param tables the template's tables
     * @param sensitiveFields by event type, the data fields that never leave the server ({@code EventSpec})
     */
    TablesApi(DynamoDbClient dynamoDb, List<TableDefinition> tables, Map<String, Set<String>> sensitiveFields) {
        this.dynamoDb = dynamoDb;
        tables.forEach(t -> this.tables.put(t.tableName(), t));
        this.sensitiveFields = Map.copyOf(sensitiveFields);
    }

    /** Every template table with its live item count. */
    ApiAnswer list() {
        ArrayNode list = ApiAnswer.JSON.createArrayNode();
        for (TableDefinition table : tables.values()) {
            TableDescription description =
                    dynamoDb.describeTable(b -> b.tableName(table.tableName())).table();
            ObjectNode node = list.addObject();
            node.put("name", table.tableName());
            node.put("logicalId", table.logicalId());
            node.put("itemCount", description.itemCount());
            node.put("partitionKey", keyName(table.keySchema(), "HASH"));
            node.put("sortKey", keyName(table.keySchema(), "RANGE"));
            ArrayNode indexes = node.putArray("indexes");
            table.globalSecondaryIndexes().forEach(i -> indexes.add(i.name()));
            table.localSecondaryIndexes().forEach(i -> indexes.add(i.name()));
            node.put("stream", table.streamViewType());
            node.put("ttl", table.timeToLiveAttribute());
            node.put("eventsTable", isEventsTable(table));
        }
        ObjectNode body = ApiAnswer.JSON.createObjectNode();
        body.set("tables", list);
        return ApiAnswer.ok(body);
    }

    /** An events table: partition key {@code stream} (S), sort key {@code version} (N), as the event store writes. */
    static boolean isEventsTable(TableDefinition table) {
        return "stream".equals(keyName(table.keySchema(), "HASH"))
                && "version".equals(keyName(table.keySchema(), "RANGE"))
                && "N".equals(typeOf(table, "version"));
    }

    /** A page of items (see the class comment for the parameters). */
    ApiAnswer items(String tableName, Map<String, String> query) {
        TableDefinition table = tables.get(tableName);
        if (table == null) {
            return ApiAnswer.notFound("no table " + tableName + " in the template");
        }
        String indexName = blankToNull(query.get("index"));
        List<TableDefinition.Key> keys = table.keySchema();
        if (indexName != null) {
            Optional<TableDefinition.Index> index = indexes(table).stream()
                    .filter(i -> i.name().equals(indexName))
                    .findFirst();
            if (index.isEmpty()) {
                return ApiAnswer.invalid("table " + tableName + " has no index " + indexName);
            }
            keys = index.get().keySchema();
        }
        int limit;
        Map<String, AttributeValue> start;
        try {
            limit = limit(query.get("limit"));
            start = cursor(query.get("cursor"));
        } catch (IllegalArgumentException e) {
            return ApiAnswer.invalid(e.getMessage());
        }
        String partition = query.get("partition");
        try {
            ObjectNode body = ApiAnswer.JSON.createObjectNode();
            body.put("table", tableName);
            body.put("index", indexName);
            List<Map<String, AttributeValue>> items;
            Map<String, AttributeValue> last;
            if (partition == null || partition.isEmpty()) {
                ScanResponse scan = dynamoDb.scan(ScanRequest.builder()
                        .tableName(tableName)
                        .indexName(indexName)
                        .limit(limit)
                        .exclusiveStartKey(start)
                        .build());
                body.put("operation", "Scan");
                items = scan.items();
                last = scan.hasLastEvaluatedKey() ? scan.lastEvaluatedKey() : Map.of();
            } else {
                QueryResponse result = dynamoDb.query(queryRequest(table, keys, query, partition)
                        .tableName(tableName)
                        .indexName(indexName)
                        .limit(limit)
                        .exclusiveStartKey(start)
                        .scanIndexForward(!"desc".equals(query.get("order")))
                        .build());
                body.put("operation", "Query");
                items = result.items();
                last = result.hasLastEvaluatedKey() ? result.lastEvaluatedKey() : Map.of();
            }
            ArrayNode array = body.putArray("items");
            boolean events = isEventsTable(table);
            items.forEach(item -> array.add(events ? event(AttributeJson.item(item)) : AttributeJson.item(item)));
            body.put("count", items.size());
            body.put("cursor", last.isEmpty() ? null : encodeCursor(last));
            return ApiAnswer.ok(body);
        } catch (IllegalArgumentException e) {
            return ApiAnswer.invalid(e.getMessage());
        } catch (DynamoDbException e) {
            if (e.statusCode() == 400) {
                return ApiAnswer.invalid(
                        e.awsErrorDetails() == null
                                ? e.getMessage()
                                : e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }

    /**
     * An events table's item for people: its {@code data} and {@code meta} (JSON text, as the event store writes them)
     * as JSON, and the event type's sensitive data fields shown as {@value #REDACTED}: they never leave the server, not
     * even to this page (DESIGN.md section 3).
     */
    ObjectNode event(ObjectNode item) {
        for (String field : List.of("data", "meta")) {
            JsonNode text = item.get(field);
            if (text != null && text.isTextual() && text.asText().startsWith("{")) {
                try {
                    item.set(field, ApiAnswer.JSON.readTree(text.asText()));
                } catch (IOException e) {
                    // Not JSON after all: shown as stored.
                }
            }
        }
        Set<String> sensitive = sensitiveFields.getOrDefault(item.path("type").asText(), Set.of());
        JsonNode data = item.get("data");
        if (data instanceof ObjectNode object) {
            sensitive.stream().filter(object::has).forEach(f -> object.put(f, REDACTED));
        } else if (data != null && data.isTextual() && !sensitive.isEmpty()) {
            // Unreadable data of a type with sensitive fields: shown not at all rather than in part.
            item.put("data", REDACTED);
        }
        return item;
    }

    private static QueryRequest.Builder queryRequest(
            TableDefinition table, List<TableDefinition.Key> keys, Map<String, String> query, String partition) {
        String hash = keyName(keys, "HASH");
        String range = keyName(keys, "RANGE");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#p", hash);
        values.put(":p", AttributeJson.key(typeOf(table, hash), partition));
        String condition = "#p = :p";
        String op = blankToNull(query.get("sortOp"));
        if (op != null) {
            if (range == null) {
                throw new IllegalArgumentException("this key has no sort key; leave sortOp out");
            }
            String sort = query.get("sort");
            if (sort == null) {
                throw new IllegalArgumentException("sortOp " + op + " needs sort");
            }
            String type = typeOf(table, range);
            names.put("#s", range);
            values.put(":s", AttributeJson.key(type, sort));
            condition += switch (op) {
                case "=", "<", "<=", ">", ">=" -> " AND #s " + op + " :s";
                case "begins_with" -> " AND begins_with(#s, :s)";
                case "between" -> {
                    String sort2 = query.get("sort2");
                    if (sort2 == null) {
                        throw new IllegalArgumentException("sortOp between needs sort and sort2");
                    }
                    values.put(":s2", AttributeJson.key(type, sort2));
                    yield " AND #s BETWEEN :s AND :s2";
                }
                default ->
                    throw new IllegalArgumentException(
                            "sortOp is one of =, <, <=, >, >=, begins_with, between; was " + op);
            };
        }
        return QueryRequest.builder()
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
    }

    private static List<TableDefinition.Index> indexes(TableDefinition table) {
        return java.util.stream.Stream.concat(
                        table.globalSecondaryIndexes().stream(), table.localSecondaryIndexes().stream())
                .toList();
    }

    private static String keyName(List<TableDefinition.Key> keys, String keyType) {
        return keys.stream()
                .filter(k -> k.keyType().equals(keyType))
                .map(TableDefinition.Key::name)
                .findFirst()
                .orElse(null);
    }

    private static String typeOf(TableDefinition table, String attribute) {
        return table.attributeDefinitions().stream()
                .filter(a -> a.name().equals(attribute))
                .map(TableDefinition.Attribute::type)
                .findFirst()
                .orElse("S");
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException("limit is a whole number from 1 to " + MAX_LIMIT);
    }

    static String encodeCursor(Map<String, AttributeValue> lastEvaluatedKey) {
        ObjectNode node = ApiAnswer.JSON.createObjectNode();
        lastEvaluatedKey.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.set(e.getKey(), AttributeJson.typed(e.getValue())));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the cursor is not one this API wrote
     */
    static Map<String, AttributeValue> cursor(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = ApiAnswer.JSON.readTree(Base64.getUrlDecoder().decode(text.trim()));
            if (node == null || !node.isObject() || node.isEmpty()) {
                throw new IllegalArgumentException("not an object");
            }
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                key.put(field.getKey(), AttributeJson.fromTyped(field.getValue()));
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this console gave out");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
