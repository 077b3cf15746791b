package dev.antipop.local.streams;

import dev.antipop.local.chaos.Chaos;
import dev.antipop.local.chaos.Fault;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Delivers one batch of a shard to the mapped function until every record has succeeded or been skipped, with Lambda's
 * semantics for stream event sources (the "Lambda with DynamoDB" error-handling section):
 *
 * <ul>
 *   <li>A function error retries the same batch, after a {@link RetryBackoff} wait. With
 *       {@code BisectBatchOnFunctionError} the failing batch is split in two and each half retried in order,
 *       recursively; a batch of one is not split. Every retry counts toward {@code MaximumRetryAttempts}, the halves
 *       inheriting the count of the batch they came from.
 *   <li>With {@code ReportBatchItemFailures}, a response {@code {"batchItemFailures":[{"itemIdentifier":"<seq>"}]}}
 *       checkpoints before the lowest failed sequence number: the records before it are done, the rest are retried
 *       (a retry like any other). An empty list, {@code null} or {@code {}} is success; an identifier that is null,
 *       empty or not in the batch fails the whole batch, as Lambda does.
 *   <li>When retries are exhausted, or records are older than {@code MaximumRecordAgeInSeconds}, those records are
 *       skipped: one {@link OnFailureRecord} is logged and handed to the on-failure consumer.
 * </ul>
 *
 * <p>Not thread-safe: one delivery per shard at a time, as Lambda processes a shard's batches in order.
 */
public final class BatchDelivery {

    private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

    /** Sleeps between retries; a test double records the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code duration}; throws when the mapping is being stopped. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final EventSourceMappingSettings settings;
    private final LambdaInvoker function;
    private final RetryBackoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<OnFailureRecord> onFailure;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final Chaos chaos;

    /**
     * @param settings the mapping
     * @param function the mapped function
     * @param backoff waits between retries
     * @param sleeper how to wait ({@code d -> Thread.sleep(d.toMillis())} in the local cloud)
     * @param clock for record age
     * @param onFailure receives every skipped batch (after it is logged)
     */
    public BatchDelivery(
            EventSourceMappingSettings settings,
            LambdaInvoker function,
            RetryBackoff backoff,
            Sleeper sleeper,
            Clock clock,
            Consumer<OnFailureRecord> onFailure) {
        this(settings, function, backoff, sleeper, clock, onFailure, Chaos.off());
    }

    /**
     * The same, with the chaos switch: before a batch, a {@link Fault#STREAM_DELAY}; a {@link Fault#POISON_RECORD}
     * appended to it; per invocation a {@link Fault#FAILED_BATCH} (the function is not called) or a
     * {@link Fault#TIMEOUT} (it ran, its answer is lost); after it, a {@link Fault#DUPLICATE_BATCH} (delivered again).
     *
     * @param chaos the faults to inject ({@link Chaos#off()}: none)
     */
    public BatchDelivery(
            EventSourceMappingSettings settings,
            LambdaInvoker function,
            RetryBackoff backoff,
            Sleeper sleeper,
            Clock clock,
            Consumer<OnFailureRecord> onFailure,
            Chaos chaos) {
        this.settings = settings;
        this.function = function;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
        this.onFailure = onFailure;
        this.chaos = chaos;
    }

    /**
     * Delivers a batch; returns when every record has been delivered successfully or skipped.
     *
     * @param shardId the shard the records come from
     * @param batch records in stream order (at most {@code BatchSize})
     * @throws InterruptedException when the mapping is stopped during a retry wait
     */
    public void deliver(String shardId, List<Record> batch) throws InterruptedException {
        if (!chaos.enabled()) {
            attempt(shardId, batch, 0, new int[] {0});
            counters.batchDone();
            return;
        }
        String site = settings.functionName();
        String key = first(batch) + ".." + last(batch);
        Duration delay = chaos.streamDelay(site, key);
        if (!delay.isZero()) {
            sleeper.sleep(delay);
        }
        List<Record> delivered = chaos.hits(Fault.POISON_RECORD, site, key) ? PoisonRecords.append(batch) : batch;
        attempt(shardId, delivered, 0, new int[] {0});
        if (chaos.hits(Fault.DUPLICATE_BATCH, site, key)) {
            attempt(shardId, batch, 0, new int[] {0});
        }
        counters.batchDone();
    }

    /** What the deliveries have done so far. */
    public DeliveryCounters counters() {
        return counters;
    }

    private void attempt(String shardId, List<Record> batch, int retriesUsed, int[] invocations)
            throws InterruptedException {
        List<Record> pending = batch;
        int retries = retriesUsed;
        while (!pending.isEmpty()) {
            int expired = expiredPrefix(pending);
            if (expired > 0) {
                skip(shardId, pending.subList(0, expired), "RecordAgeExceeded", invocations[0]);
                pending = pending.subList(expired, pending.size());
                continue;
            }
            invocations[0]++;
            counters.invoked();
            if (retries > retriesUsed || retriesUsed > 0 && invocations[0] == 1) {
                counters.retried();
            }
            Outcome outcome = invoke(shardId, pending, invocations[0]);
            if (outcome.failedFrom() < 0) {
                counters.delivered(pending.size());
                return;
            }
            counters.failed();
            counters.delivered(outcome.failedFrom());
            // Records before the checkpoint are done; a full failure has failedFrom == 0.
            pending = pending.subList(outcome.failedFrom(), pending.size());
            if (settings.maximumRetryAttempts() >= 0 && retries >= settings.maximumRetryAttempts()) {
                skip(shardId, pending, "RetryAttemptsExhausted", invocations[0]);
                return;
            }
            retries++;
            sleeper.sleep(backoff.delayBefore(retries));
            if (outcome.functionError() && settings.bisectBatchOnFunctionError() && pending.size() > 1) {
                int half = pending.size() / 2;
                attempt(shardId, pending.subList(0, half), retries, new int[] {0});
                attempt(shardId, pending.subList(half, pending.size()), retries, new int[] {0});
                return;
            }
        }
    }

    /**
     * @param failedFrom -1 on success, else the index of the first record to retry
     * @param functionError whether the whole batch failed (a function error or an unusable response), as opposed to
     *     a checkpoint from {@code batchItemFailures}
     */
    private record Outcome(int failedFrom, boolean functionError) {
        static final Outcome SUCCESS = new Outcome(-1, false);
        static final Outcome FAILED = new Outcome(0, true);
    }

    private Outcome invoke(String shardId, List<Record> batch, int invocation) {
        String chaosKey = first(batch) + ".." + last(batch) + "#" + invocation;
        if (chaos.hits(Fault.FAILED_BATCH, settings.functionName(), chaosKey)) {
            return Outcome.FAILED;
        }
        byte[] event = StreamsEventJson.event(batch, settings.streamArn(), settings.region());
        long started = System.nanoTime();
        byte[] response;
        try {
            response = function.invoke(event);
            if (chaos.hits(Fault.TIMEOUT, settings.functionName(), chaosKey)) {
                // The function's work is done, but Lambda reports Sandbox.Timedout and retries the batch.
                return Outcome.FAILED;
            }
        } catch (FunctionErrorException e) {
            log.info(
                    "{} <- {} records of {} ({}..{}): function error {}: {}",
                    settings.functionName(),
                    batch.size(),
                    shardId,
                    first(batch),
                    last(batch),
                    e.errorType(),
                    e.getMessage());
            return Outcome.FAILED;
        } catch (RuntimeException e) {
            // An invoker that throws anything else is a function error too: the batch must not be lost.
            log.warn("{} <- {} records of {}: invocation failed", settings.functionName(), batch.size(), shardId, e);
            return Outcome.FAILED;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!settings.reportBatchItemFailures()) {
            logDelivered(shardId, batch, millis);
            return Outcome.SUCCESS;
        }
        List<String> failures;
        try {
            failures = StreamsEventJson.batchItemFailures(response);
        } catch (IllegalArgumentException e) {
            log.info(
                    "{} <- {} records of {}: unusable batch response ({}); the whole batch failed",
                    settings.functionName(),
                    batch.size(),
                    shardId,
                    e.getMessage());
            return Outcome.FAILED;
        }
        if (failures.isEmpty()) {
            logDelivered(shardId, batch, millis);
            return Outcome.SUCCESS;
        }
        Set<String> failed = new HashSet<>(failures);
        Set<String> inBatch = new HashSet<>();
        batch.forEach(r -> inBatch.add(r.dynamodb().sequenceNumber()));
        for (String id : failed) {
            if (id == null || id.isEmpty() || !inBatch.contains(id)) {
                log.info(
                        "{} <- {} records of {}: batchItemFailures names {} which is not in the batch; the whole"
                                + " batch failed",
                        settings.functionName(),
                        batch.size(),
                        shardId,
                        id);
                return Outcome.FAILED;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failed.contains(batch.get(i).dynamodb().sequenceNumber())) {
                log.info(
                        "{} <- {} records of {}: {} reported failed; checkpoint before it",
                        settings.functionName(),
                        batch.size(),
                        shardId,
                        batch.get(i).dynamodb().sequenceNumber());
                return new Outcome(i, false);
            }
        }
        throw new IllegalStateException("every failed identifier is in the batch");
    }

    private int expiredPrefix(List<Record> batch) {
        Duration maxAge = settings.maximumRecordAge();
        if (maxAge == null) {
            return 0;
        }
        Instant oldest = clock.instant().minus(maxAge);
        int expired = 0;
        for (Record record : batch) {
            Instant created = record.dynamodb().approximateCreationDateTime();
            if (created == null || !created.isBefore(oldest)) {
                break;
            }
            expired++;
        }
        return expired;
    }

    private void skip(String shardId, List<Record> records, String condition, int invocations) {
        counters.skipped(records.size());
        OnFailureRecord failure = new OnFailureRecord(
                settings.functionName(),
                settings.streamArn(),
                shardId,
                first(records),
                last(records),
                records.size(),
                condition,
                invocations,
                clock.instant());
        log.warn(
                "{}: skipped {} records of {} ({}..{}) after {} invocations: {}; on-failure record{}",
                settings.functionName(),
                records.size(),
                shardId,
                failure.startSequenceNumber(),
                failure.endSequenceNumber(),
                invocations,
                condition,
                settings.onFailureDestination() == null
                        ? " (no OnFailure destination)"
                        : " for " + settings.onFailureDestination() + " (logged, not sent)");
        onFailure.accept(failure);
    }

    private void logDelivered(String shardId, List<Record> batch, long millis) {
        log.info(
                "{} <- {} records of {} ({}..{}) in {} ms",
                settings.functionName(),
                batch.size(),
                shardId,
                first(batch),
                last(batch),
                millis);
    }

    private static String first(List<Record> batch) {
        return batch.get(0).dynamodb().sequenceNumber();
    }

    private static String last(List<Record> batch) {
        return batch.get(batch.size() - 1).dynamodb().sequenceNumber();
    }
}
