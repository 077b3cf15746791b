package dev.antipop.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The JSON form of {@link EventEnvelope} (DESIGN.md section 3) and the one Jackson 2 {@link ObjectMapper} the kernel
 * uses for event data.
 *
 * <p>Field order is fixed ({@code eventId, type, stream, version, topic, timestamp, data, meta}); {@code version} is a
 * JSON number, {@code eventId} a string (a 63-bit Snowflake id exceeds JavaScript's 2<sup>53</sup> safe integers);
 * {@code timestamp} is ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-22T19:00:00.123Z}); null
 * {@link EventMeta} fields are omitted, an all-null meta is written as {@code {}}.
 */
public final class EnvelopeJson {

    /** ISO-8601 UTC with millisecond precision, always three fraction digits. */
    public static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Old events must stay readable when a record later drops a field (events are immutable facts).
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EnvelopeJson() {}

    /**
     * The shared mapper: java.time support (ISO-8601 strings, never numeric timestamps), unknown properties ignored
     * on read. It is thread-safe; do not reconfigure it — take {@code mapper().copy()} for a variant.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The envelope as a JSON string (see the class comment for the shape). */
    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(toNode(envelope));
        } catch (JsonProcessingException e) {
            // A tree of plain JSON nodes always serialises; reaching this is a bug, not bad input.
            throw new IllegalStateException("Cannot serialise event " + envelope.eventId(), e);
        }
    }

    /** The envelope as a fresh JSON tree; {@code data} is a deep copy. */
    public static ObjectNode toNode(EventEnvelope envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", envelope.eventId());
        node.put("type", envelope.type());
        node.put("stream", envelope.stream());
        node.put("version", envelope.version());
        node.put("topic", envelope.topic());
        node.put("timestamp", formatTimestamp(envelope.timestamp()));
        node.set("data", envelope.data().deepCopy());
        node.set("meta", metaToNode(envelope.meta()));
        return node;
    }

    /**
     * Parses the JSON form.
     *
     * @throws IllegalArgumentException if the text is not JSON or not an envelope (the message names the field)
     */
    public static EventEnvelope fromJson(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event envelope is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromNode(node);
    }

    /**
     * Reads an envelope from a JSON tree; {@code data} is copied.
     *
     * @throws IllegalArgumentException if a required field is missing or has the wrong JSON type
     */
    public static EventEnvelope fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Event envelope must be a JSON object");
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("Event envelope field 'data' must be a JSON object");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.canConvertToLong() || !version.isIntegralNumber()) {
            throw new IllegalArgumentException("Event envelope field 'version' must be an integer");
        }
        return new EventEnvelope(
                requiredText(node, "eventId"),
                requiredText(node, "type"),
                requiredText(node, "stream"),
                version.asLong(),
                requiredText(node, "topic"),
                parseTimestamp(requiredText(node, "timestamp")),
                ((ObjectNode) data).deepCopy(),
                metaFromNode(node.get("meta")));
    }

    /** {@code meta} as a JSON object holding only its non-null fields. */
    public static ObjectNode metaToNode(EventMeta meta) {
        ObjectNode node = MAPPER.createObjectNode();
        if (meta == null) {
            return node;
        }
        putIfNotNull(node, "userId", meta.userId());
        putIfNotNull(node, "correlationId", meta.correlationId());
        putIfNotNull(node, "causationId", meta.causationId());
        putIfNotNull(node, "clientMutationId", meta.clientMutationId());
        return node;
    }

    /**
     * Reads {@code meta}; a missing or null node gives {@link EventMeta#EMPTY}.
     *
     * @throws IllegalArgumentException if the node is not an object or a field is not a string
     */
    public static EventMeta metaFromNode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EventMeta.EMPTY;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("Event envelope field 'meta' must be a JSON object");
        }
        return new EventMeta(
                optionalText(node, "userId"),
                optionalText(node, "correlationId"),
                optionalText(node, "causationId"),
                optionalText(node, "clientMutationId"));
    }

    /** {@code 2026-11-22T19:00:00.123Z}: UTC, always three fraction digits, sub-millisecond digits dropped. */
    public static String formatTimestamp(Instant timestamp) {
        return TIMESTAMP_FORMAT.format(timestamp);
    }

    /**
     * Parses any ISO-8601 instant ({@code 2026-11-22T19:00:00Z}, {@code …00.123Z}, {@code …00.123456Z}).
     *
     * @throws IllegalArgumentException if the text is not an ISO-8601 UTC instant
     */
    public static Instant parseTimestamp(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Event timestamp is not an ISO-8601 instant: " + text, e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("Event envelope field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("Event meta field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
