package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Condition;
import dev.antipop.dynamodb.engine.expr.KeyCondition;
import dev.antipop.dynamodb.engine.expr.Projection;
import dev.antipop.dynamodb.engine.table.Index;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.KeySchema;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Query and Scan (DynamoDB API reference, "Query" and "Scan"; developer guide, "Paginating table query results": a page
 * stops after {@code Limit} items evaluated, or once 1 MB of items was read, before any filter).
 */
final class ReadOperations {

    /** The page limit: 1 MB of items read. */
    static final int PAGE_BYTES = 1024 * 1024;

    static final List<String> SELECT =
            List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private final Context context;

    ReadOperations(Context context) {
        this.context = context;
    }

    /** What a Query or Scan reads: the table, or one of its indexes. */
    private record Source(Table table, Index index) {

        KeySchema schema() {
            return index == null ? table.definition().key() : index.definition().key();
        }

        NavigableMap<Key, StoredItem> map() {
            return index == null ? table.items() : index.entries();
        }
    }

    /** Query. */
    JsonNode query(JsonNode request) {
        Common common = common(request, true);
        Source source = common.source;
        KeySchema schema = source.schema();
        KeyCondition keyCondition = common.expressions.keyCondition(schema.partitionKey(), schema.sortKey());
        common.expressions.checkAllUsed();
        boolean forward = Requests.bool(request, "ScanIndexForward", true);

        AttributeValue pk = keyCondition.partitionKey();
        Key lower = Key.below(pk);
        boolean lowerInclusive = true;
        Key upper = Key.above(pk);
        KeyCondition.SortKeyCondition sk = keyCondition.sortKey();
        if (sk != null) {
            AttributeValue first = sk.operands().getFirst();
            switch (sk.operator()) {
                case EQ -> {
                    lower = Key.below(pk, first);
                    upper = Key.above(pk, first);
                }
                case LT -> upper = Key.below(pk, first);
                case LE -> upper = Key.above(pk, first);
                case GT -> lower = Key.above(pk, first);
                case GE, BEGINS_WITH -> lower = Key.below(pk, first);
                case BETWEEN -> {
                    lower = Key.below(pk, first);
                    upper = Key.above(pk, sk.operands().get(1));
                }
            }
        }
        Key start = common.startKey;
        if (start != null) {
            if (forward && start.compareTo(lower) > 0) {
                lower = start;
                lowerInclusive = false;
            } else if (!forward && start.compareTo(upper) < 0) {
                upper = start;
            }
        }
        NavigableMap<Key, StoredItem> range;
        if (lower.compareTo(upper) > 0) {
            range = Collections.emptyNavigableMap();
        } else {
            boolean upperInclusive = start == null || forward || !upper.equals(start);
            range = source.map().subMap(lower, lowerInclusive, upper, upperInclusive);
        }
        int sortIndex = 1;
        return page(
                common,
                forward ? range : range.descendingMap(),
                entry -> sk == null || sk.matches(entry.getKey().parts()[sortIndex]),
                -1,
                0);
    }

    /** Scan. */
    JsonNode scan(JsonNode request) {
        Common common = common(request, false);
        common.expressions.checkAllUsed();
        Integer segment = Requests.integer(request, "Segment");
        Integer totalSegments = Requests.integer(request, "TotalSegments");
        if (segment != null && totalSegments == null) {
            throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the"
                    + " request when Segment parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw DynamoDbException.validation("The Segment parameter is required but was not present in the request"
                    + " when parameter TotalSegments is present");
        }
        if (totalSegments != null) {
            if (totalSegments < 1 || totalSegments > 1_000_000) {
                throw Requests.constraint(
                        totalSegments,
                        "TotalSegments",
                        totalSegments < 1
                                ? "Member must have value greater than or equal to 1"
                                : "Member must have value less than or equal to 1000000");
            }
            if (segment < 0) {
                throw Requests.constraint(segment, "Segment", "Member must have value greater than or equal to 0");
            }
            if (segment >= totalSegments) {
                throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter"
                        + " TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
            }
        }
        NavigableMap<Key, StoredItem> map = common.source.map();
        if (common.startKey != null) {
            map = map.tailMap(common.startKey, false);
        }
        return page(
                common, map, entry -> true, segment == null ? -1 : segment, totalSegments == null ? 0 : totalSegments);
    }

    /** The parameters Query and Scan share, parsed and validated. */
    private static final class Common {
        String tableName;
        Source source;
        Expressions expressions;
        Condition filter;
        Projection projection;
        String select;
        Integer limit;
        boolean consistent;
        String capacity;
        Key startKey;
    }

    private Common common(JsonNode request, boolean query) {
        Common c = new Common();
        c.tableName = Requests.tableName(request, "TableName");
        String indexName = Requests.string(request, "IndexName");
        if (indexName != null) {
            Requests.checkName(indexName, "IndexName", 3);
        }
        c.select = Requests.enumValue(request, "Select", null, SELECT);
        c.limit = Requests.integer(request, "Limit");
        if (c.limit != null && c.limit < 1) {
            throw Requests.constraint(c.limit, "Limit", "Member must have value greater than or equal to 1");
        }
        c.consistent = Requests.bool(request, "ConsistentRead", false);
        c.capacity = Capacity.mode(request);
        List<String> legacy = query
                ? List.of("KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator")
                : List.of("ScanFilter", "AttributesToGet", "ConditionalOperator");
        List<String> expressions = query
                ? List.of("KeyConditionExpression", "FilterExpression", "ProjectionExpression")
                : List.of("FilterExpression", "ProjectionExpression");
        c.expressions = Expressions.of(request, legacy, expressions);
        c.filter = c.expressions.condition("FilterExpression");
        c.projection = c.expressions.projection();
        Table table = Requests.activeTable(context, c.tableName);
        Index index = null;
        if (indexName != null) {
            index = table.index(indexName);
            if (index == null) {
                throw DynamoDbException.validation("The table does not have the specified index: " + indexName);
            }
            if (index.definition().global() && c.consistent) {
                throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
            }
        }
        c.source = new Source(table, index);
        if (c.select == null) {
            c.select = c.projection != null
                    ? "SPECIFIC_ATTRIBUTES"
                    : index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        } else if (c.projection != null && !c.select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Cannot specify the"
                    + " ProjectionExpression when choosing to get " + c.select);
        } else if (c.select.equals("SPECIFIC_ATTRIBUTES") && c.projection == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type"
                    + " SPECIFIC_ATTRIBUTES requires ProjectionExpression or AttributesToGet");
        }
        if (c.select.equals("ALL_PROJECTED_ATTRIBUTES") && index == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type"
                    + " ALL_PROJECTED_ATTRIBUTES is supported only when querying a secondary index");
        }
        if (c.select.equals("ALL_ATTRIBUTES")
                && index != null
                && index.definition().global()
                && !index.definition().projectionType().equals("ALL")) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES"
                    + " is not supported for global secondary index " + indexName
                    + " because its projection type is not ALL");
        }
        Map<String, AttributeValue> start = Requests.item(request, "ExclusiveStartKey");
        if (start != null) {
            c.startKey = startKey(table, index, start);
        }
        return c;
    }

    private static Key startKey(Table table, Index index, Map<String, AttributeValue> start) {
        KeySchema tableKey = table.definition().key();
        Key key = tableKey.keyOf(start);
        int expected = tableKey.hasSortKey() ? 2 : 1;
        if (index != null) {
            KeySchema indexKey = index.definition().key();
            for (String name : new String[] {indexKey.partitionKey(), indexKey.sortKey()}) {
                if (name != null && !tableKey.isKeyAttribute(name)) {
                    expected++;
                }
            }
        }
        Key entry = index == null ? key : index.entryKey(start);
        if (key == null || entry == null || start.size() != expected) {
            throw DynamoDbException.validation(
                    "The provided starting key is invalid: The provided key element does not" + " match the schema");
        }
        return entry;
    }

    private interface KeyFilter {
        boolean test(Map.Entry<Key, StoredItem> entry);
    }

    private JsonNode page(
            Common c, NavigableMap<Key, StoredItem> map, KeyFilter keyFilter, int segment, int totalSegments) {
        Index index = c.source.index;
        ArrayNode items = c.select.equals("COUNT") ? null : Requests.NODES.arrayNode();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        Map<String, AttributeValue> lastKey = null;
        for (Map.Entry<Key, StoredItem> entry : map.entrySet()) {
            if (segment >= 0 && Math.floorMod(entry.getKey().first().hashCode(), totalSegments) != segment) {
                continue;
            }
            if (!keyFilter.test(entry)) {
                continue;
            }
            StoredItem stored = entry.getValue();
            Map<String, AttributeValue> visible =
                    index == null ? stored.attributes() : index.project(stored.attributes());
            scanned++;
            bytes += index == null ? stored.size() : index.projectedSize(stored);
            // An LSI reads non-projected attributes from the table (a filter may name them); a GSI cannot.
            boolean local = index != null && !index.definition().global();
            if (c.filter.test(local ? stored.attributes() : visible)) {
                count++;
                if (items != null) {
                    Map<String, AttributeValue> shown =
                            c.select.equals("ALL_ATTRIBUTES") ? stored.attributes() : visible;
                    if (c.projection != null) {
                        shown = c.projection.apply(
                                index != null && !index.definition().global() ? stored.attributes() : visible);
                    }
                    items.add(AttributeValueJson.writeItem(shown));
                }
            }
            if ((c.limit != null && scanned >= c.limit) || bytes >= PAGE_BYTES) {
                lastKey = lastEvaluatedKey(c.source, stored.attributes());
                break;
            }
        }
        ObjectNode response = Requests.object();
        if (items != null) {
            response.set("Items", items);
        }
        response.put("Count", count);
        response.put("ScannedCount", scanned);
        if (lastKey != null) {
            response.set("LastEvaluatedKey", AttributeValueJson.writeItem(lastKey));
        }
        ItemOperations.putCapacity(
                response,
                c.capacity,
                new Capacity.Tally(c.tableName, false)
                        .addRead(
                                index == null ? null : index.definition().name(),
                                index != null && index.definition().global(),
                                Capacity.readUnits(bytes, c.consistent)));
        return response;
    }

    private static Map<String, AttributeValue> lastEvaluatedKey(Source source, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key =
                Keys.keyAttributes(source.table.definition().key(), item);
        if (source.index != null) {
            key.putAll(Keys.keyAttributes(source.index.definition().key(), item));
        }
        return key;
    }
}
