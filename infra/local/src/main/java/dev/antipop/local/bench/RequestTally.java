package dev.antipop.local.bench;

import dev.antipop.local.LocalCloud;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;

/**
 * The DynamoDB requests the engine answered between {@link #start} and {@link #per}, by operation: what one command
 * or one fan-out costs in requests, whoever sent them (command function, processor, fan-out, connect). DynamoDB
 * Streams polling ({@code GetRecords}, {@code GetShardIterator}, {@code DescribeStream}, {@code ListStreams}) runs
 * whether or not anything is written, so it is reported apart, as a rate.
 */
final class RequestTally {

    private static final Set<String> STREAM_POLLING =
            Set.of("GetRecords", "GetShardIterator", "DescribeStream", "ListStreams");

    private final LocalCloud cloud;
    private final SortedMap<String, Long> before;
    private final long startNanos;

    private RequestTally(LocalCloud cloud) {
        this.cloud = cloud;
        this.before = counts(cloud);
        this.startNanos = System.nanoTime();
    }

    /** Starts counting now. */
    static RequestTally start(LocalCloud cloud) {
        return new RequestTally(cloud);
    }

    /**
     * The requests since {@link #start} divided by {@code units}, as {@code "Query 2.00, TransactWriteItems 1.00 (3.00
     * in all); stream polling 41/s"}.
     */
    String per(long units) {
        SortedMap<String, Long> after = counts(cloud);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringJoiner data = new StringJoiner(", ");
        long total = 0;
        long polling = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (delta == 0) {
                continue;
            }
            if (STREAM_POLLING.contains(entry.getKey())) {
                polling += delta;
            } else {
                total += delta;
                data.add(String.format("%s %.2f", entry.getKey(), (double) delta / Math.max(1, units)));
            }
        }
        return String.format(
                "%s (%.2f in all); stream polling %.0f/s",
                data, (double) total / Math.max(1, units), polling / Math.max(seconds, 1e-9));
    }

    private static SortedMap<String, Long> counts(LocalCloud cloud) {
        return cloud.dynamoDb().server().engine().requestCounts();
    }
}
