package dev.antipop.dynamodb.engine.stream;

import dev.antipop.dynamodb.engine.DynamoDbException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of every table of one engine: the boundary between the write path (tables, items) and DynamoDB Streams.
 *
 * <p>Each table has at most one ENABLED stream; enabling again after a disable creates a new stream with a new label
 * and ARN, while the old one stays readable (DISABLED) until the retention passes, as the developer guide's "Change
 * data capture for DynamoDB Streams" describes. A stream holds shards; the open shard rolls over after
 * {@link StreamSettings#shardRolloverInterval()} (the closed shard gets its ending sequence number, its child lists it
 * as {@code ParentShardId}). Records older than {@link StreamSettings#retention()} are trimmed.
 *
 * <p>Sequence numbers come from one counter for the whole engine (see {@link SequenceNumbers}), so no two records of
 * any tables or shards share one, and they increase within a shard. The write path calls {@link #append} under the
 * item's lock, so records are in order per item.
 *
 * <p>{@link #addListener} registers in-process {@link StreamListener}s, told after each append.
 */
public final class TableStreams {

    private static final Logger LOG = LoggerFactory.getLogger(TableStreams.class);
    private static final DateTimeFormatter LABEL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /**
     * A stream's identity as DescribeTable shows it.
     *
     * @param streamArn {@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>}
     * @param streamLabel the ISO-8601 timestamp label ({@code 2026-11-30T06:00:00.000})
     */
    public record StreamIdentity(String streamArn, String streamLabel) {}

    /**
     * One element of a table's key schema, as DescribeStream's {@code KeySchema} shows it.
     *
     * @param attributeName the key attribute
     * @param keyType {@code HASH} or {@code RANGE}
     */
    public record KeySchemaElement(String attributeName, String keyType) {}

    private final StreamSettings settings;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, TableStream> enabledByTable = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, TableStream> byArn = new ConcurrentSkipListMap<>();
    private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();
    private volatile StreamJournal journal = StreamJournal.NONE;

    /** Streams with the default settings in {@code us-east-1} on the system clock. */
    public TableStreams() {
        this(StreamSettings.defaults("us-east-1"));
    }

    /** Streams with {@code settings}. */
    public TableStreams(StreamSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** The settings. */
    public StreamSettings settings() {
        return settings;
    }

    /**
     * Enables a stream on a table (CreateTable or UpdateTable with {@code StreamEnabled: true}), without a key schema
     * (DescribeStream then shows none); prefer {@link #enable(String, String, String, List, Instant)}.
     */
    public StreamIdentity enable(String tableName, String tableArn, String viewType, Instant now) {
        return enable(tableName, tableArn, viewType, List.of(), now);
    }

    /**
     * Enables a stream on a table (CreateTable or UpdateTable with {@code StreamEnabled: true}).
     *
     * @param tableName the table
     * @param tableArn its ARN
     * @param viewType {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES}
     * @param keySchema the table's key schema (HASH first), shown by DescribeStream
     * @param now the creation time (the label)
     * @throws DynamoDbException {@code ValidationException} for an unknown view type or when the table already has an
     *     enabled stream
     */
    public StreamIdentity enable(
            String tableName, String tableArn, String viewType, List<KeySchemaElement> keySchema, Instant now) {
        if (!List.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")
                .contains(viewType)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + viewType
                    + "' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy"
                    + " enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
        }
        synchronized (this) {
            if (enabledByTable.containsKey(tableName)) {
                throw DynamoDbException.validation("Table already has an enabled stream: " + tableName);
            }
            Instant at = now;
            String label = LABEL.format(at);
            // Two streams of one table enabled within the same millisecond would share a label: move on a millisecond.
            while (byArn.containsKey(tableArn + "/stream/" + label)) {
                at = at.plusMillis(1);
                label = LABEL.format(at);
            }
            String arn = tableArn + "/stream/" + label;
            TableStream stream = new TableStream(arn, label, tableName, viewType, keySchema, at.toEpochMilli());
            stream.start(sequence, settings.clock().millis(), journal);
            byArn.put(arn, stream);
            enabledByTable.put(tableName, stream);
            return new StreamIdentity(arn, label);
        }
    }

    /** Disables the table's current stream (it stays readable, DISABLED, until the retention passes, as on AWS). */
    public void disable(String tableName) {
        TableStream stream;
        synchronized (this) {
            stream = enabledByTable.remove(tableName);
        }
        if (stream != null) {
            stream.disable(settings.clock().millis(), journal);
        }
    }

    /**
     * A table was deleted: its enabled stream is disabled and, as on AWS ("DeleteTable": the stream goes DISABLED
     * and is deleted after 24 hours), stays readable until the retention passes.
     */
    public void dropTable(String tableName) {
        disable(tableName);
    }

    /**
     * Appends a change to the table's current stream, if it has one enabled, then tells the listeners. Called under
     * the item's lock for every write that changed an item, after the write was made durable. When the durable store
     * {@link #prepare prepared} this very change on this thread, the prepared record is published instead.
     */
    public void append(String tableName, ItemChange change) {
        // Only a durable store prepares records: the in-memory path never touches the thread-local.
        TableStream.Appended appended = preparing ? takePrepared(change) : null;
        if (appended != null) {
            appended.stream().publish(appended);
        } else {
            TableStream stream = enabledByTable.get(tableName);
            if (stream == null) {
                return;
            }
            appended = stream.append(
                    false,
                    change,
                    sequence,
                    settings.clock().millis(),
                    settings.shardRolloverInterval().toMillis(),
                    journal);
            if (appended == null) {
                return;
            }
        }
        String arn = appended.stream().streamArn;
        String shardId = appended.shard().shardId;
        String sequenceNumber = appended.record().sequenceNumber();
        for (StreamListener listener : listeners) {
            try {
                listener.onAppend(arn, shardId, sequenceNumber);
            } catch (RuntimeException e) {
                LOG.warn("stream listener failed on {}", arn, e);
            }
        }
    }

    /**
     * Gives a change its stream record before the write is made durable, so the durable store can write the record
     * (through the {@link StreamJournal}) in the same commit as the item: the record takes its place in the shard but
     * stays unreadable until {@link #append} is called with the same change on the same thread, or is dropped by
     * {@link #abortPrepared()} when the commit fails. Does nothing when the table has no enabled stream.
     */
    public void prepare(String tableName, ItemChange change) {
        TableStream stream = enabledByTable.get(tableName);
        if (stream == null) {
            return;
        }
        TableStream.Appended appended = stream.append(
                true,
                change,
                sequence,
                settings.clock().millis(),
                settings.shardRolloverInterval().toMillis(),
                journal);
        if (appended != null) {
            preparing = true;
            java.util.IdentityHashMap<ItemChange, TableStream.Appended> prepared = PREPARED.get();
            if (prepared == null) {
                prepared = new java.util.IdentityHashMap<>(4);
                PREPARED.set(prepared);
            }
            prepared.put(change, appended);
        }
    }

    /**
     * Publishes the records this thread {@link #prepare prepared} in an earlier, committed write that never reached
     * {@link #append} (the write path failed after its commit), so they do not hold up the shard. The durable store
     * calls it before preparing a new commit.
     */
    public void publishLeftovers() {
        if (!preparing) {
            return;
        }
        java.util.IdentityHashMap<ItemChange, TableStream.Appended> prepared = PREPARED.get();
        if (prepared == null || prepared.isEmpty()) {
            return;
        }
        for (TableStream.Appended appended : prepared.values()) {
            appended.stream().publish(appended);
        }
        prepared.clear();
    }

    /** Drops the records this thread {@link #prepare prepared} and has not appended (the commit failed). */
    public void abortPrepared() {
        java.util.IdentityHashMap<ItemChange, TableStream.Appended> prepared = PREPARED.get();
        if (prepared == null) {
            return;
        }
        for (TableStream.Appended appended : prepared.values()) {
            appended.stream().abort(appended);
        }
        prepared.clear();
    }

    private static TableStream.Appended takePrepared(ItemChange change) {
        java.util.IdentityHashMap<ItemChange, TableStream.Appended> prepared = PREPARED.get();
        return prepared == null || prepared.isEmpty() ? null : prepared.remove(change);
    }

    /** Records this thread prepared and has not appended yet (durable stores only). */
    private static final ThreadLocal<java.util.IdentityHashMap<ItemChange, TableStream.Appended>> PREPARED =
            new ThreadLocal<>();

    /** Whether any record was ever prepared (a durable store is in use). */
    private volatile boolean preparing;

    /** The table's current (enabled) stream. */
    public Optional<StreamIdentity> current(String tableName) {
        TableStream stream = enabledByTable.get(tableName);
        return stream == null
                ? Optional.empty()
                : Optional.of(new StreamIdentity(stream.streamArn, stream.streamLabel));
    }

    /** Registers a listener told of every append to every stream (see {@link StreamListener}). */
    public void addListener(StreamListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Removes a listener registered with {@link #addListener}. */
    public void removeListener(StreamListener listener) {
        listeners.remove(listener);
    }

    /**
     * Housekeeping for every stream at the clock's now: rolls shards over, trims records past the retention, and
     * forgets disabled streams whose retention has passed. Reads and appends do it for the stream they touch; the
     * engine's background sweeper calls this so idle streams are trimmed too.
     */
    public void maintain() {
        long now = settings.clock().millis();
        long retention = settings.retention().toMillis();
        for (TableStream stream : byArn.values()) {
            maintain(stream, now, retention);
        }
    }

    /** Sets where stream changes are staged for durability (the durable store; in memory: none). */
    public void journal(StreamJournal value) {
        journal = Objects.requireNonNull(value);
    }

    /** The metadata of every stream (durable snapshot). */
    public List<StreamState> states() {
        List<StreamState> states = new ArrayList<>();
        for (TableStream stream : byArn.values()) {
            states.add(stream.state());
        }
        return states;
    }

    /** The records a shard holds, oldest first (durable snapshot), or an empty list for an unknown shard. */
    public List<StoredRecord> records(String streamArn, String shardId) {
        TableStream stream = byArn.get(streamArn);
        if (stream == null) {
            return List.of();
        }
        return stream.withShard(shardId, shard -> shard == null ? List.<StoredRecord>of() : shard.all());
    }

    /**
     * Replaces every stream with reloaded ones (engine start on a data directory).
     *
     * @param states the streams' metadata
     * @param records the records of a stream ARN and shard id, oldest first
     * @param lastSequence the highest sequence counter ever issued (numbers continue above it)
     */
    public synchronized void restore(
            Collection<StreamState> states,
            java.util.function.BiFunction<String, String, List<StoredRecord>> records,
            long lastSequence) {
        byArn.clear();
        enabledByTable.clear();
        long highest = lastSequence;
        for (StreamState state : states) {
            TableStream stream = TableStream.restore(state, shardId -> records.apply(state.streamArn(), shardId));
            byArn.put(state.streamArn(), stream);
            if (state.enabled()) {
                enabledByTable.put(state.tableName(), stream);
            }
            for (StreamState.ShardState shard : state.shards()) {
                highest = Math.max(highest, Math.max(shard.startingSequence(), shard.endingSequence()));
            }
            highest = Math.max(highest, stream.highestSequence());
        }
        sequence.set(Math.max(sequence.get(), highest));
    }

    /** The highest sequence counter issued so far. */
    public long lastSequence() {
        return sequence.get();
    }

    // --- for StreamsApi ---

    /** The stream with this ARN after housekeeping, or null (unknown, or gone after its retention). */
    TableStream stream(String streamArn) {
        TableStream stream = byArn.get(streamArn);
        if (stream == null) {
            return null;
        }
        return maintain(stream, settings.clock().millis(), settings.retention().toMillis()) ? stream : null;
    }

    /** Streams after {@code exclusiveStartArn} (null: from the first), in ARN order, of one table or all. */
    List<TableStream> list(String tableName, String exclusiveStartArn) {
        long now = settings.clock().millis();
        long retention = settings.retention().toMillis();
        Collection<TableStream> candidates = exclusiveStartArn == null
                ? byArn.values()
                : byArn.tailMap(exclusiveStartArn, false).values();
        List<TableStream> out = new ArrayList<>();
        for (TableStream stream : candidates) {
            if ((tableName == null || tableName.equals(stream.tableName)) && maintain(stream, now, retention)) {
                out.add(stream);
            }
        }
        return out;
    }

    /** Housekeeping for one stream; false when it is gone (disabled longer than the retention). */
    private boolean maintain(TableStream stream, long now, long retention) {
        if (stream.status() == TableStream.Status.DISABLED && stream.disabledMillis() <= now - retention) {
            if (byArn.remove(stream.streamArn, stream)) {
                journal.streamForgotten(stream.streamArn);
            }
            return false;
        }
        stream.maintain(sequence, now, settings.shardRolloverInterval().toMillis(), retention, journal);
        return true;
    }
}
