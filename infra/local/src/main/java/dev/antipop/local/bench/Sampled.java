package dev.antipop.local.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, sorted once; percentiles by nearest rank, in milliseconds. */
final class Sampled {
    final long[] sorted;
    final double seconds;
    final long count;
    final long errors;

    /**
     * @param samples latencies in nanoseconds
     * @param seconds the wall time the samples took (0 when not a throughput run)
     * @param errors failed operations among them
     */
    Sampled(long[] samples, double seconds, long errors) {
        this.sorted = samples.clone();
        Arrays.sort(sorted);
        this.seconds = seconds;
        this.count = samples.length;
        this.errors = errors;
    }

    /** The percentile in milliseconds (nearest rank). */
    double percentile(int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }
}
