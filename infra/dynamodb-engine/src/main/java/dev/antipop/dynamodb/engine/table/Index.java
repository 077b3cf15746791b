package dev.antipop.dynamodb.engine.table;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ItemSize;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A secondary index's entries: items that carry the index key attributes with the declared types (DynamoDB's sparse
 * indexes: other items are not in the index), ordered by index key then table key. Entries hold the whole stored item;
 * {@link #project} applies the index's projection when reading (developer guide, "Projections").
 */
public final class Index {

    private final IndexDefinition definition;
    private final KeySchema tableKey;
    private final ConcurrentSkipListMap<Key, StoredItem> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();

    /**
     * @param definition the index
     * @param tableKey the table's key schema (part of every entry's key, and always projected)
     */
    public Index(IndexDefinition definition, KeySchema tableKey) {
        this.definition = definition;
        this.tableKey = tableKey;
    }

    /** The index definition. */
    public IndexDefinition definition() {
        return definition;
    }

    /** The entries, by index key then table key (index partition, index sort?, table partition, table sort?). */
    public ConcurrentSkipListMap<Key, StoredItem> entries() {
        return entries;
    }

    /** Items in the index. */
    public long itemCount() {
        return itemCount.get();
    }

    /** The total size of the projected entries, in bytes. */
    public long sizeBytes() {
        return sizeBytes.get();
    }

    /** The entry key of an item, or null when the item is not in this index. */
    public Key entryKey(Map<String, AttributeValue> item) {
        Key indexKey = definition.key().keyOf(item);
        if (indexKey == null) {
            return null;
        }
        Key key = tableKey.keyOf(item);
        AttributeValue[] parts = new AttributeValue[indexKey.parts().length + key.parts().length];
        System.arraycopy(indexKey.parts(), 0, parts, 0, indexKey.parts().length);
        System.arraycopy(key.parts(), 0, parts, indexKey.parts().length, key.parts().length);
        return Key.of(parts);
    }

    /** The number of leading parts of an entry key that are the index key (the rest is the table key). */
    public int indexKeyLength() {
        return definition.key().hasSortKey() ? 2 : 1;
    }

    /** Updates the entries for one item write (old or new may be null). Called under the item's lock. */
    void update(StoredItem old, StoredItem replacement) {
        Key oldKey = old == null ? null : entryKey(old.attributes());
        Key newKey = replacement == null ? null : entryKey(replacement.attributes());
        if (oldKey != null && !oldKey.equals(newKey)) {
            if (entries.remove(oldKey) != null) {
                itemCount.decrementAndGet();
                sizeBytes.addAndGet(-projectedSize(old));
            }
        }
        if (newKey != null) {
            StoredItem previous = entries.put(newKey, replacement);
            if (previous == null) {
                itemCount.incrementAndGet();
            } else {
                sizeBytes.addAndGet(-projectedSize(previous));
            }
            sizeBytes.addAndGet(projectedSize(replacement));
        }
    }

    /** Adds an existing item to a new index (UpdateTable backfill); called under the item's lock. */
    public void backfill(StoredItem current) {
        if (current != null) {
            update(current, current);
        }
    }

    /** Whether an attribute is in this index's projection (table and index keys always are). */
    public boolean projects(String attribute) {
        return switch (definition.projectionType()) {
            case "ALL" -> true;
            case "INCLUDE" -> isKey(attribute) || definition.nonKeyAttributes().contains(attribute);
            default -> isKey(attribute);
        };
    }

    private boolean isKey(String attribute) {
        return tableKey.isKeyAttribute(attribute) || definition.key().isKeyAttribute(attribute);
    }

    /** The item as the index holds it: only the projected attributes. */
    public Map<String, AttributeValue> project(Map<String, AttributeValue> item) {
        if (definition.projectionType().equals("ALL")) {
            return item;
        }
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (projects(name)) {
                projected.put(name, value);
            }
        });
        return projected;
    }

    /** The size of the projected item in bytes. */
    public int projectedSize(StoredItem item) {
        return definition.projectionType().equals("ALL") ? item.size() : ItemSize.of(project(item.attributes()));
    }
}
