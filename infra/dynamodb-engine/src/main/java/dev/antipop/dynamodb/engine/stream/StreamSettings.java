package dev.antipop.dynamodb.engine.stream;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How an engine's streams behave: the figures DynamoDB Streams documents, adjustable for tests.
 *
 * @param region the region in each record's {@code awsRegion}
 * @param shardRolloverInterval how long a shard stays open before it closes and a child shard opens (AWS rolls shards
 *     over about every four hours; default 4 h)
 * @param retention how long records stay readable (DynamoDB Streams: 24 hours); a disabled stream disappears this long
 *     after it was disabled
 * @param iteratorLifetime how long a shard iterator stays valid (DynamoDB Streams: 15 minutes, then
 *     {@code ExpiredIteratorException})
 * @param clock the time source for record times, rollover, retention and iterator expiry
 */
public record StreamSettings(
        String region,
        Duration shardRolloverInterval,
        Duration retention,
        Duration iteratorLifetime,
        InstantSource clock) {

    /** Default shard rollover interval: 4 hours. */
    public static final Duration DEFAULT_ROLLOVER = Duration.ofHours(4);

    /** DynamoDB Streams' retention: 24 hours ("DynamoDB Streams" in the developer guide). */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    /** A shard iterator's lifetime: 15 minutes (GetShardIterator in the Streams API reference). */
    public static final Duration DEFAULT_ITERATOR_LIFETIME = Duration.ofMinutes(15);

    public StreamSettings {
        Objects.requireNonNull(region);
        Objects.requireNonNull(clock);
        if (shardRolloverInterval.isNegative() || shardRolloverInterval.isZero()) {
            throw new IllegalArgumentException("shardRolloverInterval must be positive");
        }
        if (retention.isNegative()
                || retention.isZero()
                || iteratorLifetime.isNegative()
                || iteratorLifetime.isZero()) {
            throw new IllegalArgumentException("retention and iteratorLifetime must be positive");
        }
    }

    /** The defaults for {@code region}, on the system clock. */
    public static StreamSettings defaults(String region) {
        return new StreamSettings(
                region, DEFAULT_ROLLOVER, DEFAULT_RETENTION, DEFAULT_ITERATOR_LIFETIME, InstantSource.system());
    }

    /** These settings with another rollover interval. */
    public StreamSettings withShardRolloverInterval(Duration interval) {
        return new StreamSettings(region, interval, retention, iteratorLifetime, clock);
    }

    /** These settings with another clock. */
    public StreamSettings withClock(InstantSource source) {
        return new StreamSettings(region, shardRolloverInterval, retention, iteratorLifetime, source);
    }
}
