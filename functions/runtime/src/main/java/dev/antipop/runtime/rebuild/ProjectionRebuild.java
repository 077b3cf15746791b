package dev.antipop.runtime.rebuild;

import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.EventItems;
import dev.antipop.runtime.projection.Projector;
import dev.antipop.runtime.projection.ViewProjection;
import dev.antipop.runtime.rebuild.Checkpoints.Phase;
import java.io.PrintStream;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Rebuilds views from their contexts' events tables, not from the 24 h stream: a parallel Scan ({@code Segment} /
 * {@code TotalSegments}, one thread per segment) of each events table, every event applied to the views' {@link
 * Projector}s writing fresh tables ({@code <live>-rebuild}), then the swap ({@link TableSwap}) and the fresh tables
 * dropped. Policies never run: only {@link ViewProjection}s are replayed.
 *
 * <p><b>Order.</b> A stream's events must be applied in version order. The events table's key is {@code stream}
 * (partition) and {@code version} (sort); a Scan segment is a range of the partition-key hash space, so all of a
 * stream's events fall into one segment, read in a row in sort-key order (DynamoDB returns an item collection's items
 * by sort key; Antipop's engine segments by the partition key's hash likewise). So a segment is applied as it is read,
 * page by page, in memory bounded by one page, with no grouping or sorting; the worker checks the order and fails
 * loudly rather than project out of order. Events of different streams are applied in any relative order, as the
 * processor applies them.
 *
 * <p><b>Resume.</b> Each segment is checkpointed ({@link Checkpoints}) after each page is applied: a killed rebuild
 * started again with the same selection continues every segment after its last checkpoint, into the same fresh tables;
 * at most one page per segment is applied twice, which version-conditional views ignore. A run that reached the swap
 * redoes the swap (it writes differences only).
 */
public final class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final DynamoDbClient client;
    private final Checkpoints checkpoints;
    private final FreshTables tables;
    private final PrintStream progressOut;
    private final boolean terminal;

    /**
     * @param client the DynamoDB client (events tables, views, checkpoints)
     * @param checkpointTable the checkpoint table ({@code ProjectionRebuildsTable}), created when missing
     * @param progressOut where to draw the progress bar (standard error); null for none
     * @param terminal whether {@code progressOut} is a terminal
     */
    public ProjectionRebuild(DynamoDbClient client, String checkpointTable, PrintStream progressOut, boolean terminal) {
        this.client = Objects.requireNonNull(client, "client");
        this.checkpoints = new Checkpoints(client, checkpointTable);
        this.tables = new FreshTables(client);
        this.progressOut = progressOut;
        this.terminal = terminal;
    }

    /**
     * Runs (or resumes) the rebuild of {@code plan}.
     *
     * @param stop asked before each page; true stops the scan with every segment checkpointed (the result is then not
     *     {@link RebuildResult#done()})
     * @throws IllegalStateException when an unfinished run's fresh table is gone (start over with {@code restart}), or
     *     an events table is out of order
     * @throws RuntimeException what a projector or DynamoDB threw; the checkpoints stay, so the run can resume
     */
    public RebuildResult run(RebuildPlan plan, RebuildRequest request, BooleanSupplier stop) {
        long started = System.nanoTime();
        String runId = plan.runId();
        checkpoints.ensureTable();
        Optional<Map.Entry<Integer, Phase>> state = checkpoints.run(runId);
        if (request.restart() && state.isPresent()) {
            checkpoints.forget(runId);
            state = Optional.empty();
        }
        int segments;
        Phase phase;
        if (state.isEmpty()) {
            plan.live()
                    .forEach((variable, live) ->
                            tables.recreate(live, plan.fresh().get(variable)));
            segments = request.segments();
            phase = Phase.REBUILD;
            checkpoints.phase(runId, segments, phase);
        } else {
            segments = state.get().getKey();
            phase = state.get().getValue();
            log.info("rebuild {}: resuming ({} segments, phase {})", runId, segments, phase);
            for (String fresh : plan.fresh().values()) {
                if (phase == Phase.REBUILD && !tables.exists(fresh)) {
                    throw new IllegalStateException("the unfinished rebuild " + runId + " lost its fresh table " + fresh
                            + "; start over with --restart");
                }
            }
        }
        long events = 0;
        double rate = 0;
        if (phase == Phase.REBUILD) {
            Scanned scanned = scanAll(plan, segments, request.pageSize(), stop);
            events = scanned.events();
            rate = scanned.rate();
            if (!scanned.finished()) {
                return new RebuildResult(false, runId, events, seconds(started), rate, Map.of());
            }
            checkpoints.phase(runId, segments, Phase.SWAP);
        }
        Map<String, RebuildResult.Swap> swaps = new LinkedHashMap<>();
        TableSwap swap = new TableSwap(client);
        for (Map.Entry<String, String> live : plan.live().entrySet()) {
            String fresh = plan.fresh().get(live.getKey());
            if (!tables.exists(fresh)) {
                continue; // swapped and deleted before a kill during the swap
            }
            TableSwap.Counts counts = swap.copyBack(fresh, live.getValue(), tables.keyOf(live.getValue()));
            swaps.put(live.getKey(), new RebuildResult.Swap(counts.put(), counts.deleted(), counts.unchanged()));
            tables.delete(fresh);
        }
        checkpoints.forget(runId);
        return new RebuildResult(true, runId, events, seconds(started), rate, swaps);
    }

    private record Scanned(boolean finished, long events, double rate) {}

    private record Task(RebuildPlan.Source source, List<Projector> projectors, int segment) {}

    private Scanned scanAll(RebuildPlan plan, int segments, int pageSize, BooleanSupplier stop) {
        List<Task> tasks = new ArrayList<>();
        long before = 0;
        long total = 0;
        for (RebuildPlan.Source source : plan.sources()) {
            List<Projector> projectors = source.views().stream()
                    .map(view -> view.factory().open(client, plan::tableFor))
                    .toList();
            for (int segment = 0; segment < segments; segment++) {
                tasks.add(new Task(source, projectors, segment));
                before += checkpoints
                        .segment(plan.runId(), source.context(), segment)
                        .events();
            }
            Long count = client.describeTable(r -> r.tableName(source.eventsTable()))
                    .table()
                    .itemCount();
            total += count == null ? 0 : count;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BooleanSupplier halt = () -> failure.get() != null || stop.getAsBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(segments, tasks.size()), runnable -> {
            Thread thread = new Thread(runnable, "rebuild-segment");
            thread.setDaemon(true);
            return thread;
        });
        boolean finished = true;
        try (Progress progress = new Progress(progressOut, terminal, total, before, System::nanoTime).start()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Task task : tasks) {
                results.add(workers.submit(() -> {
                    try {
                        return scanSegment(plan.runId(), task, segments, pageSize, halt, progress);
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, e);
                        throw e;
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                try {
                    finished &= result.get();
                } catch (ExecutionException e) {
                    finished = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                }
            }
            if (failure.get() != null) {
                Throwable cause = failure.get();
                throw cause instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException("rebuild " + plan.runId() + " failed: " + cause, cause);
            }
            return new Scanned(finished, progress.done() - before, progress.rate());
        } finally {
            workers.shutdownNow();
        }
    }

    /** Applies one segment from its checkpoint on; returns false when stopped before its end. */
    private boolean scanSegment(
            String runId, Task task, int segments, int pageSize, BooleanSupplier stop, Progress progress)
            throws Exception {
        String context = task.source().context();
        Checkpoints.Segment checkpoint = checkpoints.segment(runId, context, task.segment());
        if (checkpoint.done()) {
            return true;
        }
        Map<String, AttributeValue> start = checkpoint.lastKey();
        long events = checkpoint.events();
        String stream = null;
        long version = 0;
        boolean pending = false;
        do {
            if (stop.getAsBoolean()) {
                return false;
            }
            ScanResponse page = client.scan(ScanRequest.builder()
                    .tableName(task.source().eventsTable())
                    .segment(task.segment())
                    .totalSegments(segments)
                    .consistentRead(true)
                    .limit(pageSize)
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                EventEnvelope event = EventItems.fromItem(item);
                if (!event.stream().equals(stream)) {
                    if (pending) {
                        streamDone(task.projectors(), stream);
                    }
                    stream = event.stream();
                } else if (event.version() <= version) {
                    throw new IllegalStateException("events of " + stream + " out of order in segment " + task.segment()
                            + ": " + event.version() + " after " + version);
                }
                version = event.version();
                for (Projector projector : task.projectors()) {
                    projector.apply(event);
                }
                pending = true;
                events++;
                progress.add(1);
            }
            if (pending) {
                streamDone(task.projectors(), stream);
                pending = false;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            checkpoints.save(runId, context, task.segment(), start, events);
        } while (start != null);
        return true;
    }

    private static void streamDone(List<Projector> projectors, String stream) throws Exception {
        for (Projector projector : projectors) {
            projector.streamDone(stream);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
