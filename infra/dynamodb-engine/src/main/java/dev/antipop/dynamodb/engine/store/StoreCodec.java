package dev.antipop.dynamodb.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.stream.StoredRecord;
import dev.antipop.dynamodb.engine.stream.StreamState;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the durable store writes values as text: items and keys in DynamoDB's wire JSON ({@link AttributeValueJson}),
 * stream metadata as plain JSON of its records, stream records as compact JSON objects.
 */
final class StoreCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreCodec() {}

    /** A key's canonical text: its attributes in name order, in wire JSON (equal keys give equal text). */
    static String key(Map<String, AttributeValue> key) {
        return AttributeValueJson.writeItem(new TreeMap<>(key)).toString();
    }

    static String item(Map<String, AttributeValue> item) {
        return AttributeValueJson.writeItem(item).toString();
    }

    static Map<String, AttributeValue> item(String text) {
        return AttributeValueJson.readItem(tree(text));
    }

    static String streamState(StreamState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write stream state " + state.streamArn(), e);
        }
    }

    static StreamState streamState(String text) {
        try {
            return JSON.readValue(text, StreamState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt stream state in the data directory", e);
        }
    }

    static String record(StoredRecord r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("s", r.sequence());
        node.put("q", r.sequenceNumber());
        node.put("e", r.eventId());
        node.put("n", r.eventName());
        node.put("t", r.createdMillis());
        node.set("k", AttributeValueJson.writeItem(r.keys()));
        if (r.oldImage() != null) {
            node.set("o", AttributeValueJson.writeItem(r.oldImage()));
        }
        if (r.newImage() != null) {
            node.set("w", AttributeValueJson.writeItem(r.newImage()));
        }
        node.put("ttl", r.byTimeToLive());
        node.put("z", r.sizeBytes());
        return node.toString();
    }

    static StoredRecord record(String text) {
        JsonNode node = tree(text);
        return new StoredRecord(
                node.get("s").asLong(),
                node.get("q").asText(),
                node.get("e").asText(),
                node.get("n").asText(),
                node.get("t").asLong(),
                AttributeValueJson.readItem(node.get("k")),
                AttributeValueJson.readItem(node.get("o")),
                AttributeValueJson.readItem(node.get("w")),
                node.get("ttl").asBoolean(),
                node.get("z").asLong());
    }

    static String token(String fingerprint, long atMillis) {
        return JSON.createObjectNode().put("f", fingerprint).put("at", atMillis).toString();
    }

    static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt value in the data directory", e);
        }
    }
}
