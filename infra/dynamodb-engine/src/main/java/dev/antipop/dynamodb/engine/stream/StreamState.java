package dev.antipop.dynamodb.engine.stream;

import java.util.List;

/**
 * A stream's metadata without its records: what the durable store keeps and reloads.
 *
 * @param streamArn the stream's ARN
 * @param streamLabel its label
 * @param tableName its table
 * @param viewType its StreamViewType
 * @param keySchema the table's key schema
 * @param creationMillis when it was enabled, epoch milliseconds
 * @param enabled whether it is ENABLED (else DISABLED)
 * @param disabledMillis when it was disabled, epoch milliseconds, or -1
 * @param shards its shards, oldest first
 */
public record StreamState(
        String streamArn,
        String streamLabel,
        String tableName,
        String viewType,
        List<TableStreams.KeySchemaElement> keySchema,
        long creationMillis,
        boolean enabled,
        long disabledMillis,
        List<ShardState> shards) {

    /**
     * A shard's metadata.
     *
     * @param shardId its id
     * @param parentShardId its parent's id, or null
     * @param startingSequence its starting sequence counter
     * @param openedMillis when it opened, epoch milliseconds
     * @param endingSequence its ending sequence counter, or -1 while open
     * @param closedMillis when it closed, or -1
     * @param horizon the lowest sequence counter still readable (records below were trimmed)
     */
    public record ShardState(
            String shardId,
            String parentShardId,
            long startingSequence,
            long openedMillis,
            long endingSequence,
            long closedMillis,
            long horizon) {}
}
