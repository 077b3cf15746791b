package dev.antipop.dynamodb.engine.table;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One table's live state: its definition, its items in a sorted map (partition key, then sort key; reads take no
 * lock), and its secondary indexes. Writes come only through {@link #apply}, which the engine's write path calls under
 * the item's lock.
 */
public final class Table {

    private volatile TableDefinition definition;
    private final ConcurrentSkipListMap<Key, StoredItem> items = new ConcurrentSkipListMap<>();
    private volatile Map<String, Index> indexes;
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();

    /** A new, empty table. */
    public Table(TableDefinition definition) {
        this.definition = definition;
        Map<String, Index> map = new LinkedHashMap<>();
        for (IndexDefinition index : definition.localIndexes()) {
            map.put(index.name(), new Index(index, definition.key()));
        }
        for (IndexDefinition index : definition.globalIndexes()) {
            map.put(index.name(), new Index(index, definition.key()));
        }
        this.indexes = Map.copyOf(map);
    }

    /** The current definition. */
    public TableDefinition definition() {
        return definition;
    }

    /** The table name. */
    public String name() {
        return definition.name();
    }

    /** Replaces the definition (UpdateTable, TTL, tags); index changes go through {@link #addIndex}/{@link #dropIndex}. */
    public void define(TableDefinition newDefinition) {
        this.definition = newDefinition;
    }

    /** {@code ACTIVE} or, until {@code activeAt}, {@code CREATING}. */
    public String status(Instant now) {
        return now.isBefore(definition.activeAt()) ? "CREATING" : "ACTIVE";
    }

    /** The items, ordered by key. */
    public ConcurrentSkipListMap<Key, StoredItem> items() {
        return items;
    }

    /** The item with this key, or null. */
    public StoredItem get(Key key) {
        return items.get(key);
    }

    /** The index with this name, or null. */
    public Index index(String indexName) {
        return indexes.get(indexName);
    }

    /** The secondary indexes by name. */
    public Map<String, Index> indexes() {
        return indexes;
    }

    /** Items in the table. */
    public long itemCount() {
        return itemCount.get();
    }

    /** The total size of the items in bytes. */
    public long sizeBytes() {
        return sizeBytes.get();
    }

    /** The primary key of a (validated) item. */
    public Key keyOf(Map<String, AttributeValue> item) {
        return definition.key().keyOf(item);
    }

    /**
     * Replaces or removes one item and updates the indexes. Called only by the write path under the item's lock.
     *
     * @param key the item's key
     * @param replacement the new item, or null to delete
     * @return the previous item, or null
     */
    public StoredItem apply(Key key, StoredItem replacement) {
        StoredItem old = replacement == null ? items.remove(key) : items.put(key, replacement);
        if (old != null) {
            itemCount.decrementAndGet();
            sizeBytes.addAndGet(-old.size());
        }
        if (replacement != null) {
            itemCount.incrementAndGet();
            sizeBytes.addAndGet(replacement.size());
        }
        if (old != null || replacement != null) {
            for (Index index : indexes.values()) {
                index.update(old, replacement);
            }
        }
        return old;
    }

    /**
     * Adds an empty global index and publishes it, so writes from now on maintain it. The caller then backfills it
     * ({@link Index#backfill}) item by item under each item's lock.
     */
    public synchronized Index addIndex(IndexDefinition index) {
        Index created = new Index(index, definition.key());
        Map<String, Index> map = new LinkedHashMap<>(indexes);
        map.put(index.name(), created);
        indexes = Map.copyOf(map);
        return created;
    }

    /** Drops an index. */
    public synchronized void dropIndex(String indexName) {
        Map<String, Index> map = new LinkedHashMap<>(indexes);
        map.remove(indexName);
        indexes = Map.copyOf(map);
    }
}
