package dev.antipop.kv.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ViewStore;
import dev.antipop.kv.entry.KeyState;
import dev.antipop.kv.entry.KvEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The KV view ({@code KV_TABLE}): PK {@code bucket} S, SK {@code key} S; {@code value} S (the value's JSON), {@code
 * version} N (the revision that last changed the key, {@link ViewStore}'s version-conditional writes) and, for a
 * deleted key, {@code deleted} = true with a TTL {@code expiresAt} of {@value #TOMBSTONE_HOURS} h: the tombstone keeps a
 * redelivered older put from resurrecting the key for as long as a stream record can be redelivered (DynamoDB Streams
 * keeps records 24 h). It serves {@code kv_sub}'s initial values (realtime reads it) and a write's key state.
 */
public final class KvView {

    /** How long a deleted key's tombstone stays. */
    public static final int TOMBSTONE_HOURS = 24;

    /** Partition key. */
    public static final String BUCKET = "bucket";
    /** Sort key. */
    public static final String KEY = "key";
    /** The value's JSON. */
    public static final String VALUE = "value";
    /** Tombstone flag. */
    public static final String DELETED = "deleted";

    private final ViewStore views;
    private final String table;
    private final Clock clock;

    public KvView(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.views = new ViewStore(dynamoDb);
        this.table = table;
        this.clock = clock;
    }

    /** Projects one event (idempotent, order-safe). */
    public void project(EventEnvelope event) {
        String bucket = event.data().path("bucket").asText();
        String key = event.data().path("key").asText();
        switch (event.type()) {
            case KvEvents.ENTRY_PUT ->
                views.apply(table, key(bucket, key), event.version(), current -> {
                    Map<String, AttributeValue> item = new HashMap<>();
                    JsonNode value = event.data().get("value");
                    item.put(VALUE, AttributeValue.fromS(value == null ? "null" : value.toString()));
                    return item;
                });
            case KvEvents.ENTRY_DELETED ->
                views.apply(
                        table,
                        key(bucket, key),
                        event.version(),
                        current -> Map.of(
                                DELETED,
                                AttributeValue.fromBool(true),
                                "expiresAt",
                                AttributeValue.fromN(Long.toString(clock.instant()
                                        .plus(Duration.ofHours(TOMBSTONE_HOURS))
                                        .getEpochSecond()))));
            default -> {
                // not a KV event
            }
        }
    }

    /** The key's state as projected (consistent read). */
    public KeyState stateOf(String bucket, String key) {
        Optional<Map<String, AttributeValue>> item = views.get(table, key(bucket, key));
        if (item.isEmpty()) {
            return new KeyState.Absent(0);
        }
        long revision = Long.parseLong(item.get().get(ViewStore.VERSION).n());
        return item.get().containsKey(DELETED) ? new KeyState.Absent(revision) : new KeyState.Present(revision);
    }

    /** The key of an item. */
    public static Map<String, AttributeValue> key(String bucket, String key) {
        return Map.of(BUCKET, AttributeValue.fromS(bucket), KEY, AttributeValue.fromS(key));
    }
}
