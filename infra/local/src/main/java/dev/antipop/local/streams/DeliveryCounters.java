package dev.antipop.local.streams;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What an event source mapping's deliveries have done so far, counted as Lambda's CloudWatch metrics count them for a
 * stream mapping: invocations, the batches and records delivered, failed invocations (a function error, a timeout, an
 * unusable batch response, or records reported in {@code batchItemFailures}), retries (each re-invocation of a failed
 * batch, bisected halves included) and the records skipped to the on-failure log. Thread-safe.
 */
public final class DeliveryCounters {

    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong skippedRecords = new AtomicLong();

    /**
     * The counters at one moment.
     *
     * @param invocations function invocations
     * @param batchesDelivered batches delivered to the end
     * @param recordsDelivered records the function took without failing them
     * @param failures invocations that failed (whole batch or some records)
     * @param retries invocations that retried a failed batch or part of one
     * @param skippedRecords records given up on (retries exhausted, too old)
     */
    public record Snapshot(
            long invocations,
            long batchesDelivered,
            long recordsDelivered,
            long failures,
            long retries,
            long skippedRecords) {}

    /** The current values. */
    public Snapshot snapshot() {
        return new Snapshot(
                invocations.get(), batches.get(), records.get(), failures.get(), retries.get(), skippedRecords.get());
    }

    void invoked() {
        invocations.incrementAndGet();
    }

    void delivered(int recordCount) {
        records.addAndGet(recordCount);
    }

    void batchDone() {
        batches.incrementAndGet();
    }

    void failed() {
        failures.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    void skipped(int recordCount) {
        skippedRecords.addAndGet(recordCount);
    }
}
