package dev.antipop.dynamodb.engine.stream;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;

/**
 * What one write did to one item: the input of a table's stream. The write path hands one to the table's stream, under
 * the item's lock, for every write that changed the item (none for a write that changes nothing or whose condition
 * failed), so records are in order per item.
 *
 * @param eventName {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param keys the item's primary key attributes
 * @param oldImage the item before (null for INSERT)
 * @param newImage the item after (null for REMOVE)
 * @param byTimeToLive whether a TTL sweep deleted it (the record then carries {@code userIdentity} of the DynamoDB
 *     service principal)
 */
public record ItemChange(
        String eventName,
        Map<String, AttributeValue> keys,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage,
        boolean byTimeToLive) {}
