package dev.antipop.local.streams;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one event source mapping's deliveries, for the console and {@code /_local/...}; they mirror the
 * CloudWatch metrics Lambda publishes for stream mappings where one exists ({@code Invocations}, {@code Errors}) and
 * add what the local cloud alone can see (retries, records skipped). Thread-safe.
 */
public final class DeliveryStats {

    /**
     * A copy of the counters.
     *
     * @param invocations batches handed to the function (retries and bisected halves included)
     * @param failures invocations that failed (a function error, an unusable response, or a partial batch failure)
     * @param retries retries of a failed batch or of its remainder
     * @param recordsDelivered records the function handled successfully
     * @param recordsSkipped records given up on (retries exhausted or too old); each is in an on-failure record
     */
    public record Snapshot(long invocations, long failures, long retries, long recordsDelivered, long recordsSkipped) {}

    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private final AtomicLong recordsSkipped = new AtomicLong();

    void invoked() {
        invocations.incrementAndGet();
    }

    void failed() {
        failures.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    void delivered(int records) {
        recordsDelivered.addAndGet(records);
    }

    void skipped(int records) {
        recordsSkipped.addAndGet(records);
    }

    /** The counters now. */
    public Snapshot snapshot() {
        return new Snapshot(
                invocations.get(), failures.get(), retries.get(), recordsDelivered.get(), recordsSkipped.get());
    }
}
