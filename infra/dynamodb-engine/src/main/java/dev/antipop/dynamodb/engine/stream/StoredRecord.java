package dev.antipop.dynamodb.engine.stream;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;

/**
 * One record as a shard holds it: the change reduced to what the stream's view type keeps, plus the fields DynamoDB
 * Streams adds. Immutable; also the unit the durable store writes and reloads.
 *
 * @param sequence the sequence counter (wire form: {@link #sequenceNumber()})
 * @param sequenceNumber the wire sequence number
 * @param eventId the record's {@code eventID} (32 hex digits, unique)
 * @param eventName {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param createdMillis when the write happened, epoch milliseconds ({@code ApproximateCreationDateTime} is its epoch
 *     second)
 * @param keys the item's key attributes
 * @param oldImage the item before, when the view type keeps it, else null
 * @param newImage the item after, when the view type keeps it, else null
 * @param byTimeToLive whether a TTL sweep deleted the item
 * @param sizeBytes the record's {@code SizeBytes}
 */
public record StoredRecord(
        long sequence,
        String sequenceNumber,
        String eventId,
        String eventName,
        long createdMillis,
        Map<String, AttributeValue> keys,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage,
        boolean byTimeToLive,
        long sizeBytes) {}
