package dev.antipop.dynamodb.engine.stream;

/**
 * Told of every record appended to any stream of the engine, after the record is visible to {@code GetRecords}: lets
 * an in-process poller (the local cloud's event source mappings) wake at once instead of polling on a fixed delay.
 *
 * <p>Called on the writing thread, while the write still holds its item's lock: an implementation must be cheap and
 * must not block or call back into the engine's write path (signal a poller and return). An exception it throws is
 * logged and ignored; it never fails the write.
 */
@FunctionalInterface
public interface StreamListener {

    /**
     * A record was appended.
     *
     * @param streamArn the stream's ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>})
     * @param shardId the shard that holds the record
     * @param sequenceNumber the record's sequence number (decimal string)
     */
    void onAppend(String streamArn, String shardId, String sequenceNumber);
}
