package dev.antipop.local.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The DynamoDB Streams event JSON exactly as Lambda delivers it (the sample event of "Using AWS Lambda with Amazon
 * DynamoDB", read by aws-lambda-java-events {@code DynamodbEvent}):
 *
 * <pre>{"Records":[{"eventID":"…","eventName":"INSERT|MODIFY|REMOVE","eventVersion":"1.1","eventSource":"aws:dynamodb",
 *  "awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":1479499740,"Keys":{…},"NewImage":{…},
 *  "OldImage":{…},"SequenceNumber":"…","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"},
 *  "eventSourceARN":"arn:aws:dynamodb:…:table/T/stream/…",
 *  "userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"}}]}</pre>
 *
 * Attribute values use DynamoDB's JSON ({@code {"S":"…"}}, {@code {"N":"…"}}, {@code {"B":"<base64>"}}, ...);
 * {@code userIdentity} appears only on removals by TTL.
 */
public final class StreamsEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StreamsEventJson() {}

    /**
     * Builds the event for one batch.
     *
     * @param records the batch, in stream order
     * @param streamArn the {@code eventSourceARN}
     * @param region the {@code awsRegion}
     * @return UTF-8 JSON
     */
    public static byte[] event(List<Record> records, String streamArn, String region) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("Records");
        for (Record record : records) {
            ObjectNode r = array.addObject();
            r.put("eventID", record.eventID());
            r.put("eventName", record.eventNameAsString());
            r.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", region);
            StreamRecord data = record.dynamodb();
            ObjectNode d = r.putObject("dynamodb");
            if (data.approximateCreationDateTime() != null) {
                d.put(
                        "ApproximateCreationDateTime",
                        data.approximateCreationDateTime().getEpochSecond());
            }
            d.set("Keys", item(data.keys()));
            if (data.hasNewImage()) {
                d.set("NewImage", item(data.newImage()));
            }
            if (data.hasOldImage()) {
                d.set("OldImage", item(data.oldImage()));
            }
            d.put("SequenceNumber", data.sequenceNumber());
            if (data.sizeBytes() != null) {
                d.put("SizeBytes", data.sizeBytes());
            }
            d.put("StreamViewType", data.streamViewTypeAsString());
            r.put("eventSourceARN", streamArn);
            if (record.userIdentity() != null) {
                ObjectNode identity = r.putObject("userIdentity");
                identity.put("type", record.userIdentity().type());
                identity.put("principalId", record.userIdentity().principalId());
            }
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** An item in DynamoDB JSON. */
    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = MAPPER.createObjectNode();
        if (item != null) {
            item.forEach((name, value) -> node.set(name, attributeValue(value)));
        }
        return node;
    }

    static ObjectNode attributeValue(AttributeValue value) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode bs = node.putArray("BS");
                value.bs().forEach(b -> bs.add(base64(b)));
            }
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode l = node.putArray("L");
                value.l().forEach(v -> l.add(attributeValue(v)));
            }
            default -> throw new IllegalArgumentException("attribute type unknown to this SDK: " + value);
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    /**
     * Reads a stream function's response for {@code ReportBatchItemFailures}: {@code {"batchItemFailures":
     * [{"itemIdentifier":"<SequenceNumber>"}]}}.
     *
     * @param response the bytes the function returned
     * @return the item identifiers, in response order (an empty list for an empty body, {@code null}, {@code {}} or an
     *     empty or null {@code batchItemFailures}); a {@code null} element for an identifier that is null or missing
     * @throws IllegalArgumentException when the response is not JSON, or not of this shape
     */
    public static List<String> batchItemFailures(byte[] response) {
        if (response == null || response.length == 0) {
            return List.of();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(response);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the response is not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return List.of();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the response is not a JSON object");
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return List.of();
        }
        if (!failures.isArray()) {
            throw new IllegalArgumentException("batchItemFailures is not a list");
        }
        List<String> identifiers = new ArrayList<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            identifiers.add(id == null || id.isNull() ? null : id.asText());
        }
        return identifiers;
    }
}
