package dev.antipop.dynamodb.engine.stream;

import java.time.Instant;
import java.util.Optional;

/**
 * The streams of every table of one engine: the boundary between the write path (tables, items) and DynamoDB Streams.
 *
 * <p>STUB: the stream package fills this in (shards, sequence numbers, retention, listeners, the Streams API).
 */
public final class TableStreams {

    /**
     * A stream's identity as DescribeTable shows it.
     *
     * @param streamArn {@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>}
     * @param streamLabel the ISO-8601 timestamp label ({@code 2026-11-30T06:00:00.000})
     */
    public record StreamIdentity(String streamArn, String streamLabel) {}

    /**
     * Enables a stream on a table (CreateTable or UpdateTable with {@code StreamEnabled: true}).
     *
     * @param tableName the table
     * @param tableArn its ARN
     * @param viewType {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES}
     * @param now the creation time (the label)
     */
    public StreamIdentity enable(String tableName, String tableArn, String viewType, Instant now) {
        String label = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC)
                .format(now);
        return new StreamIdentity(tableArn + "/stream/" + label, label);
    }

    /** Disables the table's current stream (it stays readable for 24 h, as on AWS). */
    public void disable(String tableName) {}

    /** Forgets a deleted table's streams. */
    public void dropTable(String tableName) {}

    /** Appends a change to the table's current stream, if it has one enabled. Called under the item's lock. */
    public void append(String tableName, ItemChange change) {}

    /** The table's current (enabled) stream. */
    public Optional<StreamIdentity> current(String tableName) {
        return Optional.empty();
    }
}
