package dev.antipop.local.lambda;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one {@link LocalFunction} has done since it was created, for the console and {@code /_local/...}: invocations,
 * errors, durations (p50/p99 over the last {@value #WINDOW} invocations, as CloudWatch's {@code Duration} percentiles
 * are over a period, not over all time) and the last {@value #LAST_ERRORS} errors with their request ids. Thread-safe;
 * recording costs one lock of a few stores.
 */
public final class InvocationStats {

    /** How many recent durations the percentiles are computed over. */
    public static final int WINDOW = 1_024;

    /** How many recent errors are kept. */
    public static final int LAST_ERRORS = 20;

    /**
     * One failed invocation.
     *
     * @param at when it ended
     * @param requestId the invocation's {@code awsRequestId}
     * @param errorType Lambda's {@code errorType} (the exception's class, {@code Sandbox.Timedout})
     * @param message the error message (first line), may be empty
     */
    public record Failure(Instant at, String requestId, String errorType, String message) {}

    /**
     * A consistent copy.
     *
     * @param invocations invocations that ran the handler (successful or not; failed inits excluded)
     * @param errors invocations that ended in a function error or a timeout
     * @param p50 median duration over the window, null before the first invocation
     * @param p99 99th percentile duration over the window (nearest rank), null before the first invocation
     * @param lastErrors the most recent errors, newest first
     */
    public record Snapshot(long invocations, long errors, Duration p50, Duration p99, List<Failure> lastErrors) {}

    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final long[] durations = new long[WINDOW];
    private final Deque<Failure> lastErrors = new ArrayDeque<>();
    private int recorded;

    /** Records a successful invocation that took {@code nanos}. */
    public void succeeded(long nanos) {
        invocations.incrementAndGet();
        window(nanos);
    }

    /** Records a failed invocation (function error or timeout) that took {@code nanos}. */
    public void failed(long nanos, String requestId, String errorType, String message) {
        invocations.incrementAndGet();
        errors.incrementAndGet();
        window(nanos);
        String firstLine = message == null ? "" : message.lines().findFirst().orElse("");
        synchronized (lastErrors) {
            lastErrors.addFirst(new Failure(Instant.now(), requestId, errorType, firstLine));
            while (lastErrors.size() > LAST_ERRORS) {
                lastErrors.removeLast();
            }
        }
    }

    private void window(long nanos) {
        synchronized (durations) {
            durations[recorded % WINDOW] = nanos;
            recorded++;
        }
    }

    /** A copy of the counters, percentiles and last errors. */
    public Snapshot snapshot() {
        long[] window;
        synchronized (durations) {
            window = Arrays.copyOf(durations, Math.min(recorded, WINDOW));
        }
        List<Failure> errorsCopy;
        synchronized (lastErrors) {
            errorsCopy = new ArrayList<>(lastErrors);
        }
        Arrays.sort(window);
        return new Snapshot(
                invocations.get(),
                errors.get(),
                percentile(window, 50),
                percentile(window, 99),
                List.copyOf(errorsCopy));
    }

    /** The nearest-rank percentile of sorted values; null for none. */
    static Duration percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
    }
}
