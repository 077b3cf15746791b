package dev.antipop.dynamodb.engine.table;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ValueOrder;
import java.util.Arrays;

/**
 * A position in a table's or an index's sorted map: the key values in schema order (table: partition key, then sort
 * key if any; index: index partition key, index sort key if any, then the table's key), ordered as DynamoDB orders key
 * values (numbers numerically, strings and binaries by unsigned bytes; {@link ValueOrder}).
 *
 * <p>A key with fewer parts than the map's keys is a range bound: {@code bound} −1 sorts before every key that extends
 * it, +1 after every one. Full keys have bound 0.
 *
 * @param parts the key values (never null elements)
 * @param bound 0 for a full key; −1 or +1 for a prefix bound
 */
public record Key(AttributeValue[] parts, int bound) implements Comparable<Key> {

    /** A full key. */
    public static Key of(AttributeValue... parts) {
        return new Key(parts, 0);
    }

    /** The lowest key that starts with {@code prefix}. */
    public static Key below(AttributeValue... prefix) {
        return new Key(prefix, -1);
    }

    /** The highest key that starts with {@code prefix}. */
    public static Key above(AttributeValue... prefix) {
        return new Key(prefix, 1);
    }

    /** The key's first value (the partition key of a table, or of an index). */
    public AttributeValue first() {
        return parts[0];
    }

    @Override
    public int compareTo(Key other) {
        AttributeValue[] a = parts;
        AttributeValue[] b = other.parts;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = compareValues(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        if (a.length == b.length) {
            return Integer.compare(bound, other.bound);
        }
        if (a.length < b.length) {
            return bound != 0 ? bound : -1;
        }
        return other.bound != 0 ? -other.bound : 1;
    }

    private static int compareValues(AttributeValue x, AttributeValue y) {
        if (ValueOrder.comparable(x, y)) {
            return ValueOrder.compare(x, y);
        }
        return x.type().compareTo(y.type()); // never within one schema; keeps the order total
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && bound == k.bound && Arrays.equals(parts, k.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts) * 31 + bound;
    }

    @Override
    public String toString() {
        return Arrays.toString(parts) + (bound == 0 ? "" : bound < 0 ? "-" : "+");
    }
}
