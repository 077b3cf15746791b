package dev.antipop.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.ops.Context;
import dev.antipop.dynamodb.engine.ops.Operations;
import dev.antipop.dynamodb.engine.store.Durability;
import dev.antipop.dynamodb.engine.store.DurabilityFactory;
import dev.antipop.dynamodb.engine.stream.StreamSettings;
import dev.antipop.dynamodb.engine.stream.StreamsApi;
import dev.antipop.dynamodb.engine.stream.TableStreams;
import dev.antipop.dynamodb.engine.table.Catalog;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One DynamoDB engine: its tables, items, indexes, streams and transactions, without HTTP. {@link DynamoDbServer} serves
 * one over AWS's wire protocol; in-process code (the local cloud, the TTL sweeper, a durable store) uses it directly.
 *
 * <p>Thread-safe. Reads take no global lock; writes lock their items ({@code table.ItemLocks}); every acknowledged
 * write goes through one {@link Durability#commit} and appends its changes to {@link #streams()}.
 */
public final class Engine implements AutoCloseable {

    private final Context context;
    private final Operations operations;
    private final StreamsApi streamsApi;
    private final SwitchableDurability durability = new SwitchableDurability();
    private volatile dev.antipop.dynamodb.engine.ttl.TtlSweeper timeToLive;

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    /**
     * An engine.
     *
     * @param region the region in ARNs ({@code us-east-1})
     * @param accountId the account in ARNs ({@code 000000000000})
     * @param clock the clock for creation times, TTL and token validity
     * @param tableCreationDelay how long a new table stays {@code CREATING} (zero: {@code ACTIVE} at once)
     * @param dataDirectory where a durable store keeps state, or null for memory only
     * @param durabilityFactory the store to open on {@code dataDirectory} (null: {@link DurabilityFactory#DEFAULT})
     */
    public Engine(
            String region,
            String accountId,
            Clock clock,
            Duration tableCreationDelay,
            Path dataDirectory,
            DurabilityFactory durabilityFactory) {
        this(region, accountId, clock, tableCreationDelay, dataDirectory, durabilityFactory, null);
    }

    /**
     * An engine with stream settings.
     *
     * @param streamSettings the streams' settings (null: {@link StreamSettings#defaults} for the region, on
     *     {@code clock})
     * @see #Engine(String, String, Clock, Duration, Path, DurabilityFactory)
     */
    public Engine(
            String region,
            String accountId,
            Clock clock,
            Duration tableCreationDelay,
            Path dataDirectory,
            DurabilityFactory durabilityFactory,
            StreamSettings streamSettings) {
        TableStreams streams = new TableStreams(
                streamSettings != null
                        ? streamSettings
                        : StreamSettings.defaults(region).withClock(clock));
        this.context = new Context(
                Objects.requireNonNull(region),
                Objects.requireNonNull(accountId),
                Objects.requireNonNull(clock),
                Objects.requireNonNull(tableCreationDelay),
                new Catalog(),
                streams,
                durability);
        this.operations = new Operations(context);
        this.streamsApi = new StreamsApi(streams);
        if (dataDirectory != null) {
            DurabilityFactory factory = durabilityFactory == null ? DurabilityFactory.DEFAULT : durabilityFactory;
            durability.delegate = factory.open(dataDirectory, this);
        }
    }

    /** An in-memory engine with defaults (us-east-1, account 000000000000, system clock, no creation delay). */
    public static Engine inMemory() {
        return new Engine("us-east-1", "000000000000", Clock.systemUTC(), Duration.ZERO, null, null);
    }

    /**
     * Answers one DynamoDB operation ({@code DynamoDB_20120810.<operation>}).
     *
     * @throws DynamoDbException the operation's errors
     */
    public JsonNode handle(String operation, JsonNode request) {
        return counted(operation, () -> operations.handle(operation, request));
    }

    /**
     * Answers one DynamoDB Streams operation ({@code DynamoDBStreams_20120810.<operation>}).
     *
     * @throws DynamoDbException the operation's errors
     */
    public JsonNode handleStreams(String operation, ObjectNode request) {
        return counted(operation, () -> streamsApi.handle(operation, request));
    }

    /**
     * Requests answered since start, by operation name ({@code Query}, {@code GetRecords}, …), failed ones included, in
     * name order. Benchmarks read it to say how many DynamoDB requests one command or one fan-out costs. Only
     * operations the engine knows are kept (a client choosing {@code X-Amz-Target} cannot grow this map).
     */
    public SortedMap<String, Long> requestCounts() {
        SortedMap<String, Long> counts = new TreeMap<>();
        requests.forEach((operation, adder) -> counts.put(operation, adder.sum()));
        return counts;
    }

    private JsonNode counted(String operation, java.util.function.Supplier<JsonNode> call) {
        try {
            JsonNode result = call.get();
            count(operation);
            return result;
        } catch (DynamoDbException e) {
            if (!"UnknownOperationException".equals(e.type())) {
                count(operation);
            }
            throw e;
        }
    }

    private void count(String operation) {
        requests.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    /** The tables' streams (the local cloud registers its write listeners here). */
    public TableStreams streams() {
        return context.streams();
    }

    /** The configured region. */
    public String region() {
        return context.region();
    }

    /** The configured account id. */
    public String accountId() {
        return context.accountId();
    }

    /** The engine's clock. */
    public Clock clock() {
        return context.clock();
    }

    /** The tables (read-only use: definitions, item iteration for the TTL sweeper). */
    public Catalog catalog() {
        return context.catalog();
    }

    /** The definition of a table, or null when there is none. */
    public TableDefinition tableDefinition(String tableName) {
        Table table = context.catalog().get(tableName);
        return table == null ? null : table.definition();
    }

    /**
     * Deletes one item as a TTL deletion if it is still expired at {@code now} (checked under the item's lock); the
     * deletion is durable and appears in the stream as a service {@code REMOVE}. See
     * {@link Operations#deleteExpired}.
     *
     * @return whether it was deleted
     */
    public boolean deleteExpiredItem(String tableName, Map<String, AttributeValue> key, Instant now) {
        return operations.deleteExpired(tableName, key, now);
    }

    /**
     * Restores a table and its items from a durable store, before the engine serves requests. Nothing is committed
     * and nothing is appended to streams.
     */
    public void restoreTable(TableDefinition definition, Iterable<Map<String, AttributeValue>> items) {
        Table table = new Table(definition);
        for (Map<String, AttributeValue> item : items) {
            Key key = table.keyOf(item);
            if (key != null) {
                table.apply(key, StoredItem.of(item));
            }
        }
        context.catalog().put(table);
    }

    /** Restores a TransactWriteItems idempotency token from a durable store. */
    public void restoreToken(Durability.TransactionToken token) {
        operations.tokens().restore(token);
    }

    /**
     * Starts the TTL sweeper (package {@code ttl}): every {@code interval} it deletes expired items of tables with TTL
     * enabled, as TTL deletions, and trims the streams. {@link DynamoDbServer} starts it; {@link #close} stops it.
     *
     * @param interval the time between sweeps (positive)
     * @return the sweeper (its {@code sweepOnce()} sweeps at once)
     */
    public synchronized dev.antipop.dynamodb.engine.ttl.TtlSweeper startTimeToLive(Duration interval) {
        if (timeToLive == null) {
            timeToLive = new dev.antipop.dynamodb.engine.ttl.TtlSweeper(
                            new dev.antipop.dynamodb.engine.ttl.EngineTtlTables(this),
                            context.clock(),
                            interval,
                            context.streams()::maintain)
                    .start();
        }
        return timeToLive;
    }

    /** Stops the TTL sweeper, if started, and closes the durable store, if any. */
    @Override
    public void close() {
        dev.antipop.dynamodb.engine.ttl.TtlSweeper sweeper = timeToLive;
        if (sweeper != null) {
            sweeper.close();
        }
        durability.delegate.close();
    }

    /** The durability the write path calls: memory only until a store is opened. */
    private static final class SwitchableDurability implements Durability {
        volatile Durability delegate = Durability.NONE;

        @Override
        public void commit(Commit commit) {
            delegate.commit(commit);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
