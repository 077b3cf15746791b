package dev.antipop.local.streams;

/**
 * How far an event source mapping is behind its stream.
 *
 * @param recordsBehind records in the stream not yet delivered (or skipped), the batch in flight included; counted up
 *     to {@link #COUNT_LIMIT}
 * @param recordsBehindCapped whether the count stopped at {@link #COUNT_LIMIT}
 * @param oldestRecordAgeMillis how long ago the oldest of them was written, from its
 *     {@code ApproximateCreationDateTime} (whole seconds, as DynamoDB Streams gives it); 0 when none is behind. Lambda
 *     reports the same figure as the {@code IteratorAge} metric.
 */
public record MappingLag(long recordsBehind, boolean recordsBehindCapped, long oldestRecordAgeMillis) {

    /** The most records counted per health check (one page of GetRecords is at most 1,000). */
    public static final long COUNT_LIMIT = 10_000;

    /** Nothing behind. */
    public static final MappingLag NONE = new MappingLag(0, false, 0);
}
