package dev.antipop.dynamodb.engine.ttl;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TTL background process: every {@code interval} (default 1 s here; DynamoDB itself deletes "typically within a
 * few days"), for each table with TTL enabled, deletes the items that have expired ({@link TimeToLive#isExpired})
 * through the engine's write path as TTL deletions, so each appears in the table's stream as a {@code REMOVE} with
 * {@code userIdentity} {@code {"Type":"Service","PrincipalId":"dynamodb.amazonaws.com"}}. Between sweeps expired items
 * stay readable, as on AWS.
 *
 * <p>Each tick also runs the engine's other housekeeping (stream retention), so idle streams are trimmed too. Runs
 * on one daemon virtual thread from {@link #start} until {@link #close}.
 */
public final class TtlSweeper implements AutoCloseable {

    /** The default sweep interval: 1 second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(TtlSweeper.class);

    private final TtlTables tables;
    private final InstantSource clock;
    private final Duration interval;
    private final Runnable housekeeping;
    private final Object monitor = new Object();
    private Thread thread;
    private boolean closed;

    /**
     * @param tables the tables to sweep
     * @param clock the time TTL values are compared with
     * @param interval the time between sweeps (positive)
     * @param housekeeping more work for each tick (stream retention), or a no-op
     */
    public TtlSweeper(TtlTables tables, InstantSource clock, Duration interval, Runnable housekeeping) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the TTL sweep interval must be positive");
        }
        this.tables = Objects.requireNonNull(tables);
        this.clock = Objects.requireNonNull(clock);
        this.interval = interval;
        this.housekeeping = Objects.requireNonNull(housekeeping);
    }

    /** Starts sweeping in the background. */
    public TtlSweeper start() {
        synchronized (monitor) {
            if (thread == null && !closed) {
                thread = Thread.ofVirtual().name("dynamodb-engine-ttl").start(this::run);
            }
        }
        return this;
    }

    /**
     * Sweeps once, now, on the calling thread.
     *
     * @return how many items it deleted
     */
    public int sweepOnce() {
        long now = clock.instant().getEpochSecond();
        java.util.concurrent.atomic.AtomicInteger deleted = new java.util.concurrent.atomic.AtomicInteger();
        // Deletions run in parallel (bounded), so with a data directory they share group commits instead of paying
        // one fsync each.
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_DELETES);
        try (var deletions = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (TtlTables.TtlTable table : tables.enabled()) {
                for (Map<String, AttributeValue> item : table.items()) {
                    if (!TimeToLive.isExpired(item, table.attributeName(), now)) {
                        continue;
                    }
                    slots.acquireUninterruptibly();
                    deletions.submit(() -> {
                        try {
                            if (table.deleteIfExpired(item, now)) {
                                deleted.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            LOG.warn("TTL deletion failed in {}", table.name(), e);
                        } finally {
                            slots.release();
                        }
                    });
                }
            }
        }
        housekeeping.run();
        return deleted.get();
    }

    /** At most this many TTL deletions at once. */
    private static final int PARALLEL_DELETES = 32;

    private void run() {
        while (true) {
            synchronized (monitor) {
                if (closed) {
                    return;
                }
                try {
                    monitor.wait(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
            }
            try {
                sweepOnce();
            } catch (RuntimeException e) {
                // A failed sweep (a table dropped mid-scan, a failing store) is retried on the next tick.
                LOG.warn("TTL sweep failed", e);
            }
        }
    }

    /** Stops sweeping and waits for a sweep in progress to end. */
    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            running = thread;
        }
        if (running != null) {
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
