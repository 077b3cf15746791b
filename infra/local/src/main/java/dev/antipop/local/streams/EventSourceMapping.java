package dev.antipop.local.streams;

import dev.antipop.local.chaos.Chaos;
import dev.antipop.local.dynamodb.WriteSignal;
import dev.antipop.local.lambda.LambdaInvoker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * A DynamoDB Streams event source mapping: one thread that reads the stream's shards in order and hands batches to
 * {@link BatchDelivery}, so that a shard never has two batches in flight and its records reach the function in
 * sequence-number order.
 *
 * <p>Shard lineage: a child shard is read only after its parent has been read to its end (or when the parent is no
 * longer in the stream), as the DynamoDB Streams developer guide requires. Shards found after start are read from
 * their first record; with {@code LATEST}, shards open at start are read from the start time on, and the iterators are
 * taken in {@link #start()} so that every record written after it returns is delivered.
 *
 * <p>Waking: when nothing is left to read the thread waits on the {@link WriteSignal} that the DynamoDB engine's stream
 * listener signals for every record (TTL deletions included), so a record is picked up at once; the fallback poll
 * interval only covers a signal missed while the poller was between reads.
 */
public final class EventSourceMapping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSourceMapping.class);

    /** How often the shard list is read again while nothing else happens (new shards appear on shard rollover). */
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(10);

    private final EventSourceMappingSettings settings;
    private final StreamSource source;
    private final WriteSignal writes;
    private final Duration pollInterval;
    private final BatchDelivery delivery;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong completedPolls = new java.util.concurrent.atomic.AtomicLong();
    private final List<ShardState> published = new CopyOnWriteArrayList<>();
    private final LagProbe lagProbe;
    private final MappingCheckpoints checkpoints;
    private volatile Instant startedAt = Instant.now();
    private volatile boolean running;
    private Thread thread;
    private long lastShardRefresh;
    private boolean shardsListed;

    private static final class ShardState {
        final String shardId;
        final String parentShardId;
        String iterator;
        String lastSequenceNumber;
        boolean startAtLatest;
        boolean finished;
        /** The last record delivered (or skipped): the checkpoint the lag is measured from. */
        volatile String deliveredSequence;
        /** The first record ever read from this shard. */
        volatile String firstReadSequence;

        ShardState(String shardId, String parentShardId) {
            this.shardId = shardId;
            this.parentShardId = parentShardId;
        }
    }

    /**
     * @param settings the mapping
     * @param source the stream
     * @param function the mapped function
     * @param writes the engine's write signal (a fresh {@code WriteSignal} when there is none: fallback polling)
     * @param pollInterval the fallback poll interval (Lambda polls shards about four times a second)
     * @param backoff waits between retries of a failed batch
     * @param onFailure receives every skipped batch
     */
    public EventSourceMapping(
            EventSourceMappingSettings settings,
            StreamSource source,
            LambdaInvoker function,
            WriteSignal writes,
            Duration pollInterval,
            RetryBackoff backoff,
            Consumer<OnFailureRecord> onFailure) {
        this(
                settings,
                source,
                function,
                writes,
                pollInterval,
                backoff,
                onFailure,
                Chaos.off(),
                MappingCheckpoints.none());
    }

    /**
     * The same, with the chaos switch and persistent checkpoints.
     *
     * @param chaos faults injected into deliveries ({@link BatchDelivery})
     * @param checkpoints where the shards' checkpoints are saved after each batch and read at start
     */
    public EventSourceMapping(
            EventSourceMappingSettings settings,
            StreamSource source,
            LambdaInvoker function,
            WriteSignal writes,
            Duration pollInterval,
            RetryBackoff backoff,
            Consumer<OnFailureRecord> onFailure,
            Chaos chaos,
            MappingCheckpoints checkpoints) {
        this.settings = settings;
        this.source = source;
        this.writes = writes;
        this.pollInterval = pollInterval;
        this.checkpoints = checkpoints;
        this.delivery = new BatchDelivery(
                settings, function, backoff, d -> Thread.sleep(d.toMillis()), Clock.systemUTC(), onFailure, chaos);
        this.lagProbe = new LagProbe(source, settings.streamArn(), Clock.systemUTC());
    }

    /** The settings this mapping runs with. */
    public EventSourceMappingSettings settings() {
        return settings;
    }

    /**
     * Reads the shard list, takes {@code LATEST} iterators now, and starts the polling thread.
     *
     * @throws SdkException when the stream cannot be described (the table has no stream, the engine is down)
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        startedAt = Instant.now();
        listShardsAtStart();
        running = true;
        thread = Thread.ofVirtual().name("esm-" + settings.mappingName()).start(this::run);
    }

    /** How many polls of every shard have completed (diagnostics; tests wait on it instead of sleeping). */
    public long completedPolls() {
        return completedPolls.get();
    }

    /**
     * How far this mapping is behind its stream, measured now through the Streams API (see {@link MappingLag}).
     *
     * @throws SdkException when the stream cannot be read
     */
    public MappingLag lag() {
        List<LagProbe.ShardProgress> progress = new ArrayList<>();
        for (ShardState shard : published) {
            progress.add(new LagProbe.ShardProgress(
                    shard.shardId, shard.deliveredSequence, shard.firstReadSequence, shard.startAtLatest));
        }
        return lagProbe.measure(progress, startedAt);
    }

    /** What the deliveries have done so far: invocations, failures, retries, skipped records. */
    public DeliveryCounters.Snapshot counters() {
        return delivery.counters().snapshot();
    }

    /** Stops the polling thread, waiting for an invocation in progress to end. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                long seen = writes.current();
                if (System.nanoTime() - lastShardRefresh > SHARD_REFRESH.toNanos()) {
                    refreshShards(false);
                }
                if (!pollOnce()) {
                    writes.awaitWriteAfter(seen, pollInterval);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SdkException e) {
                if (!running) {
                    return;
                }
                log.warn(
                        "{}: reading {} failed: {}; retrying",
                        settings.mappingName(),
                        settings.streamArn(),
                        e.getMessage());
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Reads and delivers at most one batch per readable shard.
     *
     * @return whether any record was delivered (then the caller polls again at once)
     */
    boolean pollOnce() throws InterruptedException {
        listShardsAtStart();
        boolean delivered = false;
        boolean shardFinished = false;
        for (ShardState shard : new ArrayList<>(shards.values())) {
            if (shard.finished || !parentDone(shard)) {
                continue;
            }
            List<Record> batch = readBatch(shard);
            if (!batch.isEmpty()
                    && batch.size() < settings.batchSize()
                    && !settings.maximumBatchingWindow().isZero()) {
                gatherUntilWindowEnds(shard, batch);
            }
            if (!batch.isEmpty()) {
                delivery.deliver(shard.shardId, batch);
                shard.lastSequenceNumber =
                        batch.get(batch.size() - 1).dynamodb().sequenceNumber();
                shard.deliveredSequence = shard.lastSequenceNumber;
                delivered = true;
            }
            shardFinished |= shard.finished;
        }
        if (delivered || shardFinished) {
            saveCheckpoints();
        }
        if (shardFinished) {
            refreshShards(false);
        }
        completedPolls.incrementAndGet();
        return delivered;
    }

    private void gatherUntilWindowEnds(ShardState shard, List<Record> batch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.maximumBatchingWindow().toNanos();
        while (batch.size() < settings.batchSize() && !shard.finished) {
            long seen = writes.current();
            List<Record> more = readRecords(shard, settings.batchSize() - batch.size());
            batch.addAll(more);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (more.isEmpty()) {
                writes.awaitWriteAfter(seen, Duration.ofNanos(Math.min(left, pollInterval.toNanos())));
            }
        }
    }

    /** Up to {@code BatchSize} records from a shard; stops early when the shard has nothing more right now. */
    private List<Record> readBatch(ShardState shard) {
        List<Record> batch = new ArrayList<>();
        while (batch.size() < settings.batchSize() && !shard.finished) {
            List<Record> page = readRecords(shard, settings.batchSize() - batch.size());
            if (page.isEmpty()) {
                break;
            }
            batch.addAll(page);
        }
        return batch;
    }

    private List<Record> readRecords(ShardState shard, int limit) {
        if (shard.iterator == null) {
            ShardIteratorType fresh = shard.startAtLatest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
            shard.iterator = shard.lastSequenceNumber == null
                    ? source.iterator(settings.streamArn(), shard.shardId, fresh, null)
                    : source.iterator(
                            settings.streamArn(),
                            shard.shardId,
                            ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                            shard.lastSequenceNumber);
        }
        GetRecordsResponse response;
        try {
            response = source.records(shard.iterator, limit);
        } catch (ExpiredIteratorException e) {
            // Iterators live 15 minutes; resume after the checkpoint.
            shard.iterator = null;
            return readRecords(shard, limit);
        } catch (TrimmedDataAccessException e) {
            // The checkpoint fell behind the 24 h retention: those records are gone. Lambda then goes on from the
            // oldest record still in the shard (the trim horizon); say what was lost.
            log.warn(
                    "{}: shard {} was trimmed past the checkpoint {} (records older than the stream's 24 h retention"
                            + " were never delivered); resuming at TRIM_HORIZON",
                    settings.mappingName(),
                    shard.shardId,
                    shard.lastSequenceNumber);
            shard.startAtLatest = false;
            shard.lastSequenceNumber = null;
            shard.iterator = source.iterator(settings.streamArn(), shard.shardId, ShardIteratorType.TRIM_HORIZON, null);
            response = source.records(shard.iterator, limit);
        }
        shard.iterator = response.nextShardIterator();
        if (shard.iterator == null) {
            shard.finished = true;
        }
        List<Record> records = response.records();
        if (!records.isEmpty() && shard.firstReadSequence == null) {
            shard.firstReadSequence = records.get(0).dynamodb().sequenceNumber();
        }
        if (!records.isEmpty()) {
            // The checkpoint moves as records are read; a batch is delivered to the end (or skipped) before the next.
            shard.lastSequenceNumber =
                    records.get(records.size() - 1).dynamodb().sequenceNumber();
        }
        return records;
    }

    private boolean parentDone(ShardState shard) {
        if (shard.parentShardId == null) {
            return true;
        }
        ShardState parent = shards.get(shard.parentShardId);
        return parent == null || parent.finished;
    }

    private void listShardsAtStart() {
        if (!shardsListed) {
            refreshShards(true);
            shardsListed = true;
        }
    }

    private void saveCheckpoints() {
        Map<String, MappingCheckpoints.Shard> saved = new LinkedHashMap<>();
        for (ShardState shard : shards.values()) {
            if (shard.deliveredSequence != null || shard.finished) {
                saved.put(shard.shardId, new MappingCheckpoints.Shard(shard.deliveredSequence, shard.finished));
            }
        }
        checkpoints.save(settings.mappingName(), settings.streamArn(), saved);
    }

    private void refreshShards(boolean atStart) {
        lastShardRefresh = System.nanoTime();
        Map<String, MappingCheckpoints.Shard> resumed = atStart
                ? checkpoints.load(settings.mappingName(), settings.streamArn()).orElse(null)
                : null;
        if (resumed != null) {
            log.info(
                    "{}: resuming {} shard(s) from the checkpoints in {}",
                    settings.mappingName(),
                    resumed.size(),
                    checkpoints.file(settings.mappingName()));
        }
        for (Shard shard : source.shards(settings.streamArn())) {
            if (shards.containsKey(shard.shardId())) {
                continue;
            }
            ShardState state = new ShardState(shard.shardId(), shard.parentShardId());
            if (resumed != null) {
                // A restart: the saved checkpoint wins over StartingPosition (which applies to a new mapping only);
                // a shard with no checkpoint had nothing delivered yet and is read from its first record.
                MappingCheckpoints.Shard saved = resumed.get(shard.shardId());
                if (saved != null) {
                    state.lastSequenceNumber = saved.sequenceNumber();
                    state.deliveredSequence = saved.sequenceNumber();
                    state.firstReadSequence = saved.sequenceNumber();
                    state.finished = saved.finished();
                }
                shards.put(shard.shardId(), state);
                published.add(state);
                continue;
            }
            boolean closed = shard.sequenceNumberRange() != null
                    && shard.sequenceNumberRange().endingSequenceNumber() != null;
            if (atStart && settings.startingPosition() == EventSourceMappingSettings.StartingPosition.LATEST) {
                if (closed) {
                    // LATEST skips history: a shard closed before the mapping started has nothing new.
                    state.finished = true;
                } else {
                    state.startAtLatest = true;
                    state.iterator =
                            source.iterator(settings.streamArn(), shard.shardId(), ShardIteratorType.LATEST, null);
                }
            }
            shards.put(shard.shardId(), state);
            published.add(state);
        }
    }
}
