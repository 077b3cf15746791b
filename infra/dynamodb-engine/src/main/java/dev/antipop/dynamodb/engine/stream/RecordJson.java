package dev.antipop.dynamodb.engine.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;

/**
 * A stream record in wire form: the {@code Record} and {@code StreamRecord} shapes of the DynamoDB Streams API
 * reference ({@code awsRegion}, {@code dynamodb}, {@code eventID}, {@code eventName}, {@code eventSource},
 * {@code eventVersion}, and {@code userIdentity} for TTL deletions; inside {@code dynamodb}:
 * {@code ApproximateCreationDateTime} in epoch seconds, {@code Keys}, {@code NewImage}, {@code OldImage},
 * {@code SequenceNumber}, {@code SizeBytes}, {@code StreamViewType}).
 *
 * <p>{@code userIdentity} uses the API's member names {@code PrincipalId} and {@code Type} (the Lambda event
 * form spells them {@code principalId} and {@code type}).
 */
final class RecordJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {}

    static ObjectNode write(StoredRecord record, String region, String viewType) {
        ObjectNode node = NODES.objectNode();
        node.put("eventID", record.eventId());
        node.put("eventName", record.eventName());
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", region);
        ObjectNode dynamodb = node.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", Math.floorDiv(record.createdMillis(), 1000L));
        dynamodb.set("Keys", AttributeValueJson.writeItem(record.keys()));
        if (record.newImage() != null) {
            dynamodb.set("NewImage", AttributeValueJson.writeItem(record.newImage()));
        }
        if (record.oldImage() != null) {
            dynamodb.set("OldImage", AttributeValueJson.writeItem(record.oldImage()));
        }
        dynamodb.put("SequenceNumber", record.sequenceNumber());
        dynamodb.put("SizeBytes", record.sizeBytes());
        dynamodb.put("StreamViewType", viewType);
        if (record.byTimeToLive()) {
            ObjectNode identity = node.putObject("userIdentity");
            identity.put("PrincipalId", "dynamodb.amazonaws.com");
            identity.put("Type", "Service");
        }
        return node;
    }
}
