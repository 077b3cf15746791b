package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.table.Index;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumed capacity as DynamoDB documents it (developer guide, "DynamoDB read consistency" and "Read/write capacity
 * mode": one write unit per 1 KB written, the larger of the old and new item for a replacement or update; one read unit
 * per 4 KB read strongly consistent, half for eventually consistent; transactions take twice as much; Query and Scan
 * sum the sizes of all items read before rounding up).
 */
final class Capacity {

    static final List<String> MODES = List.of("INDEXES", "TOTAL", "NONE");

    private Capacity() {}

    /** {@code ReturnConsumedCapacity} of a request (NONE when absent). */
    static String mode(JsonNode request) {
        return Requests.enumValue(request, "ReturnConsumedCapacity", "NONE", MODES);
    }

    /** Write units for an item of this size (at least one). */
    static double writeUnits(long bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    /** Read units for this many bytes read (at least one, halved for eventually consistent reads). */
    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }

    /** Accumulates the capacity of one table within one request. */
    static final class Tally {
        final String tableName;
        final boolean write;
        double table;
        final Map<String, Double> globalIndexes = new LinkedHashMap<>();
        final Map<String, Double> localIndexes = new LinkedHashMap<>();

        Tally(String tableName, boolean write) {
            this.tableName = tableName;
            this.write = write;
        }

        /** Adds the write of one item: the table and every index it touches. */
        Tally addWrite(Table t, StoredItem old, StoredItem replacement, double factor) {
            long size = Math.max(old == null ? 0 : old.size(), replacement == null ? 0 : replacement.size());
            table += writeUnits(size) * factor;
            for (Index index : t.indexes().values()) {
                var oldKey = old == null ? null : index.entryKey(old.attributes());
                var newKey = replacement == null ? null : index.entryKey(replacement.attributes());
                double units = 0;
                if (oldKey != null && (newKey == null || !oldKey.equals(newKey))) {
                    units += writeUnits(index.projectedSize(old));
                }
                if (newKey != null) {
                    units += writeUnits(index.projectedSize(replacement));
                }
                if (units > 0) {
                    (index.definition().global() ? globalIndexes : localIndexes)
                            .merge(index.definition().name(), units * factor, Double::sum);
                }
            }
            return this;
        }

        /** Adds read units against the table, or an index when {@code indexName} is not null. */
        Tally addRead(String indexName, boolean global, double units) {
            if (indexName == null) {
                table += units;
            } else {
                (global ? globalIndexes : localIndexes).merge(indexName, units, Double::sum);
            }
            return this;
        }

        double total() {
            double total = table;
            for (double d : globalIndexes.values()) {
                total += d;
            }
            for (double d : localIndexes.values()) {
                total += d;
            }
            return total;
        }

        /** The {@code ConsumedCapacity} object for the mode, or null for NONE. */
        ObjectNode toJson(String mode) {
            if (mode.equals("NONE")) {
                return null;
            }
            String unitName = write ? "WriteCapacityUnits" : "ReadCapacityUnits";
            ObjectNode node = Requests.object();
            node.put("TableName", tableName);
            node.put("CapacityUnits", total());
            node.put(unitName, total());
            if (mode.equals("INDEXES")) {
                ObjectNode t = node.putObject("Table");
                t.put("CapacityUnits", table);
                t.put(unitName, table);
                if (!globalIndexes.isEmpty()) {
                    ObjectNode g = node.putObject("GlobalSecondaryIndexes");
                    globalIndexes.forEach((name, units) ->
                            g.putObject(name).put("CapacityUnits", units).put(unitName, units));
                }
                if (!localIndexes.isEmpty()) {
                    ObjectNode l = node.putObject("LocalSecondaryIndexes");
                    localIndexes.forEach((name, units) ->
                            l.putObject(name).put("CapacityUnits", units).put(unitName, units));
                }
            }
            return node;
        }
    }
}
