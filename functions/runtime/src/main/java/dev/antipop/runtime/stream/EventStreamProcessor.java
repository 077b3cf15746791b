package dev.antipop.runtime.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.event.EventEnvelope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB Streams consumer of an events table that reports partial batch failures (the template sets {@code
 * FunctionResponseTypes: [ReportBatchItemFailures]}).
 *
 * <p>Order: events of one stream are handled in version order, always. With a parallelism above 1, the batch's
 * records are grouped by stream and the groups run concurrently (events of different aggregates are independent:
 * projections and pushes are keyed by stream), which is what keeps a fan-out paying several round trips per event
 * from falling behind a busy table.
 *
 * <p>Failures: a group stops at its first failing event. The response names the lowest failed sequence number of the
 * batch: Lambda checkpoints before it and redelivers it and every later record ("Configuring partial batch response
 * with DynamoDB and Lambda"), which covers every record not yet handled; records of other streams that had succeeded
 * after it come again, so handlers must be idempotent (projections are version-conditional; clients dedupe pushed
 * events by {@code (stream, version)}).
 */
public final class EventStreamProcessor implements Function<DynamodbEvent, StreamsEventResponse> {

    private static final Logger log = LoggerFactory.getLogger(EventStreamProcessor.class);

    /** What a processor does with one event. */
    @FunctionalInterface
    public interface EventHandler {
        /** Applies one event; throwing reports it (and the rest of the batch) for redelivery. */
        void handle(EventEnvelope event) throws Exception;
    }

    /**
     * Makes the handler of one batch, for handlers that share reads across a batch's events (the fan-out's
     * subscription lookups); called once per invocation, before any event of it.
     */
    @FunctionalInterface
    public interface BatchHandlers {
        /** A handler for this batch only; it must be safe to call from several threads for different streams. */
        EventHandler forBatch();
    }

    /** Told how far a stream has been handled, once per batch group (read-your-writes positions). */
    @FunctionalInterface
    public interface PositionListener {
        /** {@code stream} has been handled up to {@code version}; throwing reports the group for redelivery. */
        void handled(String stream, long version);
    }

    private final String name;
    private final BatchHandlers handlers;
    private final ExecutorService workers;
    private volatile PositionListener positions = (stream, version) -> {};

    /**
     * A sequential processor: every record in batch order.
     *
     * @param name used in log lines (the function's name)
     * @param handler applied to every event of the batch, in order
     */
    public EventStreamProcessor(String name, EventHandler handler) {
        this(name, handler, 1);
    }

    /**
     * @param name used in log lines (the function's name)
     * @param handler applied to every event; must be safe to call from several threads for different streams
     * @param parallelism streams handled at once (1 = sequential); the threads are daemons, created once per
     *     execution environment
     */
    public EventStreamProcessor(String name, EventHandler handler, int parallelism) {
        this(name, parallelism, () -> handler);
        Objects.requireNonNull(handler, "handler");
    }

    private EventStreamProcessor(String name, int parallelism, BatchHandlers handlers) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.name = name;
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.workers = parallelism == 1
                ? null
                : Executors.newFixedThreadPool(parallelism, runnable -> {
                    Thread thread = new Thread(runnable, name + "-stream-worker");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * A processor whose every batch gets its own handler from {@code handlers} (ordering and failures as for the
     * other constructors).
     *
     * @param name used in log lines (the function's name)
     * @param handlers asked once per batch for that batch's handler
     * @param parallelism streams handled at once (1 = sequential)
     */
    public static EventStreamProcessor perBatch(String name, BatchHandlers handlers, int parallelism) {
        return new EventStreamProcessor(name, parallelism, handlers);
    }

    /**
     * Tells {@code listener} each stream's last handled version after each batch group (a view's read-your-writes
     * positions, {@code ProjectionPositions}).
     *
     * @return this processor
     */
    public EventStreamProcessor withPositions(PositionListener listener) {
        this.positions = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** One record of the batch with its position, and its decoded event (empty for non-INSERT records). */
    private record Item(int index, DynamodbEvent.DynamodbStreamRecord record, Optional<EventEnvelope> event) {}

    @Override
    public StreamsEventResponse apply(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        EventHandler handler = handlers.forBatch();
        Map<String, List<Item>> byStream = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            Optional<EventEnvelope> envelope;
            try {
                envelope = StreamEvents.envelope(record);
            } catch (RuntimeException undecodable) {
                log.warn(
                        "{}: record {} is not an event envelope",
                        name,
                        StreamEvents.sequenceNumber(record),
                        undecodable);
                // Everything before it in the batch is still handled; it and everything after are reported.
                return report(Math.min(i, handleAll(handler, byStream).orElse(Integer.MAX_VALUE)), records);
            }
            String key = envelope.map(EventEnvelope::stream).orElse("");
            byStream.computeIfAbsent(key, k -> new ArrayList<>()).add(new Item(i, record, envelope));
        }
        Optional<Integer> failed = handleAll(handler, byStream);
        return failed.isPresent() ? report(failed.get(), records) : success();
    }

    /** Handles every group; returns the lowest index that failed, if any. */
    private Optional<Integer> handleAll(EventHandler handler, Map<String, List<Item>> byStream) {
        if (workers == null || byStream.size() < 2) {
            int lowest = Integer.MAX_VALUE;
            for (List<Item> group : byStream.values()) {
                lowest = Math.min(lowest, handleGroup(handler, group));
            }
            return lowest == Integer.MAX_VALUE ? Optional.empty() : Optional.of(lowest);
        }
        List<Future<Integer>> results = new ArrayList<>();
        for (List<Item> group : byStream.values()) {
            results.add(workers.submit(() -> handleGroup(handler, group)));
        }
        int lowest = Integer.MAX_VALUE;
        for (int g = 0; g < results.size(); g++) {
            try {
                lowest = Math.min(lowest, results.get(g).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lowest = Math.min(lowest, firstIndex(byStream, g));
            } catch (ExecutionException e) {
                lowest = Math.min(lowest, firstIndex(byStream, g));
            }
        }
        return lowest == Integer.MAX_VALUE ? Optional.empty() : Optional.of(lowest);
    }

    private static int firstIndex(Map<String, List<Item>> byStream, int group) {
        return new ArrayList<>(byStream.values()).get(group).get(0).index();
    }

    /** Handles one stream's events in order; returns the index of the first failure, or MAX_VALUE. */
    private int handleGroup(EventHandler handler, List<Item> group) {
        EventEnvelope last = null;
        for (Item item : group) {
            if (item.event().isEmpty()) {
                continue;
            }
            try {
                handler.handle(item.event().get());
                last = item.event().get();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn(
                        "{}: record {} failed; reporting it for redelivery",
                        name,
                        StreamEvents.sequenceNumber(item.record()),
                        e);
                return item.index();
            }
        }
        try {
            recordPosition(last);
        } catch (RuntimeException e) {
            log.warn("{}: recording the position of {} failed; reporting it for redelivery", name, last.stream(), e);
            return group.get(group.size() - 1).index();
        }
        return Integer.MAX_VALUE;
    }

    private void recordPosition(EventEnvelope last) {
        if (last != null) {
            positions.handled(last.stream(), last.version());
        }
    }

    private static StreamsEventResponse report(int index, List<DynamodbEvent.DynamodbStreamRecord> records) {
        return StreamsEventResponse.builder()
                .withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(StreamEvents.sequenceNumber(records.get(index)))
                        .build()))
                .build();
    }

    private static StreamsEventResponse success() {
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
