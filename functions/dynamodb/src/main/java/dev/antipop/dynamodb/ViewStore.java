package dev.antipop.dynamodb;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Version-conditional writes for read models (DESIGN.md section 4, view tables): every item keeps, in attribute
 * {@code version} (N), the version of the event it reflects, and a write happens only if it moves that version
 * forward. So a projection applied twice (DynamoDB Streams delivers at least once) or late (a retried batch) changes
 * nothing.
 *
 * <p>A change that does not depend on the item ({@link #set}) is one conditional UpdateItem. Any other write is read
 * (consistent) → compute → conditional Put on the version read ({@code #ver = :current}, or
 * {@code attribute_not_exists} for a new item); if another writer got in between, it is retried from the read, up to
 * {@value #MAX_ATTEMPTS} times. A failed condition means another writer moved the item to a higher version, so the
 * retries make progress: applying version {@code v} can lose at most {@code v - 1} races before it finds the item at
 * {@code v} or later. Thread-safe.
 */
public final class ViewStore {

    /** The attribute holding the event version an item reflects, N. */
    public static final String VERSION = "version";

    /** Read-compute-write attempts before giving up on a contended item. */
    public static final int MAX_ATTEMPTS = 20;

    private final DynamoDbClient client;

    /** @param client a shared client */
    public ViewStore(DynamoDbClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Applies a change for event {@code version} to the item at {@code key}.
     *
     * @param table the view table
     * @param key the item's full primary key
     * @param version the version of the event being projected, at least 1
     * @param change receives the current item (unmodifiable; empty if there is none) and returns the full new item;
     *     the key attributes and {@code version} are set by this method
     * @return true if written; false if the item already reflects {@code version} or a later one
     * @throws IllegalStateException if the item stayed contended for {@value #MAX_ATTEMPTS} attempts (the stream batch
     *     should then be retried)
     */
    public boolean apply(
            String table,
            Map<String, AttributeValue> key,
            long version,
            UnaryOperator<Map<String, AttributeValue>> change) {
        requireKey(key);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> current = get(table, key);
            OptionalLong currentVersion = current.map(ViewStore::versionOf).orElse(OptionalLong.empty());
            if (currentVersion.isPresent() && currentVersion.getAsLong() >= version) {
                return false;
            }
            Map<String, AttributeValue> next = change.apply(Collections.unmodifiableMap(current.orElse(Map.of())));
            Objects.requireNonNull(next, "change returned null; return the full new item");
            Map<String, AttributeValue> item = new HashMap<>(next);
            item.putAll(key);
            item.put(VERSION, AttributeValue.fromN(Long.toString(version)));
            try {
                putConditionally(table, key, item, current.isPresent(), currentVersion);
                return true;
            } catch (ConditionalCheckFailedException raced) {
                // Another projector instance wrote the item after our read: read again and re-decide.
            }
        }
        throw new IllegalStateException(
                "View item " + key + " in " + table + " stayed contended for " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Sets {@code attributes} on the existing item at {@code key} for event {@code version}, for a change that does
     * not depend on the item's other attributes (a renamed user): one UpdateItem conditional on the item existing at
     * an older version, with no read first. When the condition fails (a duplicate or late event, or no item yet), it
     * falls back to {@link #apply}, which reads and decides.
     *
     * @param attributes the attributes to set, none of them a key attribute or {@code version}
     * @return true if written; false if the item already reflects {@code version} or a later one
     * @throws IllegalArgumentException if {@code attributes} is empty or names a key attribute or {@code version}
     * @throws IllegalStateException as {@link #apply} does
     */
    public boolean set(
            String table, Map<String, AttributeValue> key, long version, Map<String, AttributeValue> attributes) {
        requireKey(key);
        if (attributes.isEmpty()
                || attributes.containsKey(VERSION)
                || !Collections.disjoint(attributes.keySet(), key.keySet())) {
            throw new IllegalArgumentException(
                    "set takes attributes other than the key and 'version', got " + attributes.keySet());
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder update = new StringBuilder("SET #ver = :version");
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            update.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        names.put("#pk", firstKeyName(key));
        names.put("#ver", VERSION);
        values.put(":version", AttributeValue.fromN(Long.toString(version)));
        try {
            client.updateItem(r -> r.tableName(table)
                    .key(key)
                    .updateExpression(update.toString())
                    .conditionExpression("attribute_exists(#pk) AND #ver < :version")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notNewer) {
            // Already at this version or later, no item yet, or an item without a version: read and decide.
            return apply(table, key, version, current -> {
                Map<String, AttributeValue> item = new HashMap<>(current);
                item.putAll(attributes);
                return item;
            });
        }
    }

    /** The item at {@code key} (consistent read), if any. */
    public Optional<Map<String, AttributeValue>> get(String table, Map<String, AttributeValue> key) {
        requireKey(key);
        Map<String, AttributeValue> item = client.getItem(
                        r -> r.tableName(table).key(key).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * Deletes the item at {@code key} for event {@code version}, unless it already reflects {@code version} or a
     * later one. Note that a delete forgets the version: an older event for the same key arriving after the delete
     * would recreate the item. Where that matters, write a tombstone with {@link #apply} instead.
     *
     * @return true if an item was deleted
     * @throws IllegalStateException if the item stayed contended for {@value #MAX_ATTEMPTS} attempts
     */
    public boolean delete(String table, Map<String, AttributeValue> key, long version) {
        requireKey(key);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> current = get(table, key);
            if (current.isEmpty()) {
                return false;
            }
            OptionalLong currentVersion = versionOf(current.get());
            if (currentVersion.isPresent() && currentVersion.getAsLong() >= version) {
                return false;
            }
            try {
                if (currentVersion.isPresent()) {
                    client.deleteItem(r -> r.tableName(table)
                            .key(key)
                            .conditionExpression("#ver = :current")
                            .expressionAttributeNames(Map.of("#ver", VERSION))
                            .expressionAttributeValues(Map.of(
                                    ":current", AttributeValue.fromN(Long.toString(currentVersion.getAsLong())))));
                } else {
                    client.deleteItem(r -> r.tableName(table)
                            .key(key)
                            .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#ver)")
                            .expressionAttributeNames(Map.of("#pk", firstKeyName(key), "#ver", VERSION)));
                }
                return true;
            } catch (ConditionalCheckFailedException raced) {
                // Changed since our read: read again and re-decide.
            }
        }
        throw new IllegalStateException(
                "View item " + key + " in " + table + " stayed contended for " + MAX_ATTEMPTS + " attempts");
    }

    private void putConditionally(
            String table,
            Map<String, AttributeValue> key,
            Map<String, AttributeValue> item,
            boolean exists,
            OptionalLong currentVersion) {
        if (!exists) {
            client.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", firstKeyName(key))));
        } else if (currentVersion.isPresent()) {
            client.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("#ver = :current")
                    .expressionAttributeNames(Map.of("#ver", VERSION))
                    .expressionAttributeValues(
                            Map.of(":current", AttributeValue.fromN(Long.toString(currentVersion.getAsLong())))));
        } else {
            client.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#ver)")
                    .expressionAttributeNames(Map.of("#pk", firstKeyName(key), "#ver", VERSION)));
        }
    }

    private static OptionalLong versionOf(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(VERSION);
        if (value == null || value.n() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(value.n()));
    }

    private static String firstKeyName(Map<String, AttributeValue> key) {
        return key.keySet().iterator().next();
    }

    private static void requireKey(Map<String, AttributeValue> key) {
        if (key == null || key.isEmpty() || key.size() > 2) {
            throw new IllegalArgumentException("A DynamoDB primary key has one or two attributes, got " + key);
        }
        if (key.containsKey(VERSION)) {
            throw new IllegalArgumentException("A view's key must not use the reserved attribute 'version'");
        }
    }
}
