package dev.antipop.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item form of an {@link EventEnvelope} in an events table (DESIGN.md section 4): partition key {@code stream}
 * (S), sort key {@code version} (N), and {@code eventId} S, {@code type} S, {@code topic} S, {@code timestamp} S
 * (ISO-8601 UTC, milliseconds), {@code data} S (the JSON object as text, so it round-trips exactly and decodes the same
 * way from a DynamoDB Streams {@code NewImage}), {@code meta} S (a JSON object of the non-null {@link EventMeta}
 * fields). The attribute names are public for stream consumers.
 */
public final class EventItems {

    /** Partition key: the stream, S. */
    public static final String STREAM = "stream";
    /** Sort key: the 1-based version, N. */
    public static final String VERSION = "version";
    /** The Snowflake id as a decimal string, S. */
    public static final String EVENT_ID = "eventId";
    /** The event type, S. */
    public static final String TYPE = "type";
    /** The NATS subject, S. */
    public static final String TOPIC = "topic";
    /** ISO-8601 UTC with milliseconds, S. */
    public static final String TIMESTAMP = "timestamp";
    /** The data object as JSON text, S. */
    public static final String DATA = "data";
    /** The meta object as JSON text, S. */
    public static final String META = "meta";

    private EventItems() {}

    /** The item for {@code envelope}. */
    public static Map<String, AttributeValue> toItem(EventEnvelope envelope) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(STREAM, s(envelope.stream()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(envelope.version())));
        item.put(EVENT_ID, s(envelope.eventId()));
        item.put(TYPE, s(envelope.type()));
        item.put(TOPIC, s(envelope.topic()));
        item.put(TIMESTAMP, s(EnvelopeJson.formatTimestamp(envelope.timestamp())));
        item.put(DATA, s(envelope.data().toString()));
        item.put(META, s(EnvelopeJson.metaToNode(envelope.meta()).toString()));
        return item;
    }

    /**
     * The envelope an item holds.
     *
     * @throws IllegalArgumentException if an attribute is missing, of the wrong type, or not valid JSON / ISO-8601
     */
    public static EventEnvelope fromItem(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new HashMap<>();
        item.forEach((name, value) -> {
            if (value.s() != null) {
                attributes.put(name, value.s());
            } else if (value.n() != null) {
                attributes.put(name, value.n());
            }
        });
        return fromAttributes(attributes);
    }

    /**
     * The envelope from attribute values given as their strings (the {@code S} text, or the {@code N} digits of
     * {@code version}). For images of other SDKs' attribute types, e.g. the DynamoDB Streams records in
     * {@code aws-lambda-java-events}.
     *
     * @throws IllegalArgumentException if an attribute is missing or malformed
     */
    public static EventEnvelope fromAttributes(Map<String, String> attributes) {
        String versionText = required(attributes, VERSION);
        long version;
        try {
            version = Long.parseLong(versionText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Event item attribute 'version' is not an integer: " + versionText, e);
        }
        JsonNode data = parseJson(required(attributes, DATA), DATA);
        if (!data.isObject()) {
            throw new IllegalArgumentException("Event item attribute 'data' is not a JSON object");
        }
        String meta = attributes.get(META);
        return new EventEnvelope(
                required(attributes, EVENT_ID),
                required(attributes, TYPE),
                required(attributes, STREAM),
                version,
                required(attributes, TOPIC),
                EnvelopeJson.parseTimestamp(required(attributes, TIMESTAMP)),
                (ObjectNode) data,
                meta == null ? EventMeta.EMPTY : EnvelopeJson.metaFromNode(parseJson(meta, META)));
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Event item lacks attribute '" + name + "'");
        }
        return value;
    }

    private static JsonNode parseJson(String text, String name) {
        try {
            return EnvelopeJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Event item attribute '" + name + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
