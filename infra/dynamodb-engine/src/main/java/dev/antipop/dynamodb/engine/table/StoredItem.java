package dev.antipop.dynamodb.engine.table;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ItemSize;
import java.util.Map;

/**
 * An immutable stored item with its size (DynamoDB's count, {@link ItemSize}) computed once, for limits, pages and
 * capacity.
 *
 * @param attributes the item's attributes (unmodifiable)
 * @param size its size in bytes
 */
public record StoredItem(Map<String, AttributeValue> attributes, int size) {

    /**
     * Wraps attributes (copied into a compact immutable map: DynamoDB promises no attribute order, and the array-backed
     * {@link Map#copyOf} map takes about a third less memory per item than a linked hash map) and sizes them.
     */
    public static StoredItem of(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> copy = Map.copyOf(attributes);
        return new StoredItem(copy, ItemSize.of(copy));
    }
}
