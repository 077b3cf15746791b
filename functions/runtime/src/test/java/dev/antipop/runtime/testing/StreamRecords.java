package dev.antipop.runtime.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test support shared by every context's module ITs (this module's test-jar): the DynamoDB Streams event JSON Lambda
 * would deliver to a processor for INSERTs of the given events-table items (keys {@code stream} and {@code version},
 * {@code NEW_IMAGE}, sequence numbers from 100000000000000001).
 */
public final class StreamRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamRecords() {}

    /**
     * @param table the events table's name, as it appears in the record's {@code eventSourceARN}
     * @param items the events table's items, in the order the stream would carry them
     * @return {@code {"Records":[...]}}
     */
    public static String insertEvent(String table, List<Map<String, AttributeValue>> items) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        long sequence = 100000000000000000L;
        for (Map<String, AttributeValue> item : items) {
            sequence++;
            ObjectNode record = records.addObject();
            record.put("eventID", "e" + sequence);
            record.put("eventName", "INSERT");
            record.put("eventVersion", "1.1");
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", "us-east-1");
            ObjectNode dynamodb = record.putObject("dynamodb");
            dynamodb.put("ApproximateCreationDateTime", System.currentTimeMillis() / 1000);
            ObjectNode keys = dynamodb.putObject("Keys");
            keys.set("stream", attribute(item.get("stream")));
            keys.set("version", attribute(item.get("version")));
            ObjectNode image = dynamodb.putObject("NewImage");
            item.forEach((name, value) -> image.set(name, attribute(value)));
            dynamodb.put("SequenceNumber", String.valueOf(sequence));
            dynamodb.put("SizeBytes", 256);
            dynamodb.put("StreamViewType", "NEW_IMAGE");
            record.put(
                    "eventSourceARN",
                    "arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/2026-11-22T19:00:00.000");
        }
        return event.toString();
    }

    private static ObjectNode attribute(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.s() != null) {
            node.put("S", value.s());
        } else if (value.n() != null) {
            node.put("N", value.n());
        } else if (value.bool() != null) {
            node.put("BOOL", value.bool());
        } else if (value.hasM()) {
            ObjectNode map = node.putObject("M");
            value.m().forEach((k, v) -> map.set(k, attribute(v)));
        } else if (value.hasL()) {
            ArrayNode list = node.putArray("L");
            value.l().forEach(v -> list.add(attribute(v)));
        } else {
            node.put("NULL", true);
        }
        return node;
    }
}
