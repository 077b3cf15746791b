package dev.antipop.dynamodb.engine.table;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;

/**
 * A table's or an index's key schema: a partition ({@code HASH}) key and an optional sort ({@code RANGE}) key, with
 * their scalar types ({@code S}, {@code N} or {@code B}) from {@code AttributeDefinitions}.
 *
 * @param partitionKey the partition key attribute name
 * @param partitionType its type
 * @param sortKey the sort key attribute name, or null
 * @param sortType its type, or null
 */
public record KeySchema(String partitionKey, String partitionType, String sortKey, String sortType) {

    /** Whether there is a sort key. */
    public boolean hasSortKey() {
        return sortKey != null;
    }

    /** Whether {@code name} is one of the key attributes. */
    public boolean isKeyAttribute(String name) {
        return name.equals(partitionKey) || name.equals(sortKey);
    }

    /**
     * The key of an item under this schema, or null when the item lacks a key attribute or holds it with another type
     * (for an index: the item is then not in the index, DynamoDB's sparse indexes).
     */
    public Key keyOf(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(partitionKey);
        if (pk == null || !pk.type().equals(partitionType)) {
            return null;
        }
        if (sortKey == null) {
            return Key.of(pk);
        }
        AttributeValue sk = item.get(sortKey);
        if (sk == null || !sk.type().equals(sortType)) {
            return null;
        }
        return Key.of(pk, sk);
    }
}
