package dev.antipop.local.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The parts of an events-table item (DESIGN.md section 4; {@code dev.antipop.dynamodb.EventItems}) the checker reads.
 *
 * @param table the events table
 * @param stream partition key
 * @param version sort key
 * @param eventId the Snowflake id
 * @param type the event type
 * @param userId {@code meta.userId}, or null
 * @param causationId {@code meta.causationId} (the command id of an HTTP command), or null
 * @param clientMutationId {@code meta.clientMutationId}, or null
 * @param sourceEventId {@code data.sourceEventId} (a policy effect names the event that caused it), or null
 * @param subjectUserId {@code data.userId}, or null
 */
record StoredEvent(
        String table,
        String stream,
        long version,
        String eventId,
        String type,
        String userId,
        String causationId,
        String clientMutationId,
        String sourceEventId,
        String subjectUserId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an item; unreadable JSON counts as absent fields (the checker reports ids, not parse errors). */
    static StoredEvent of(String table, Map<String, AttributeValue> item) {
        JsonNode meta = json(item.get("meta"));
        JsonNode data = json(item.get("data"));
        return new StoredEvent(
                table,
                text(item.get("stream")),
                item.get("version") == null
                        ? -1
                        : Long.parseLong(item.get("version").n()),
                text(item.get("eventId")),
                text(item.get("type")),
                field(meta, "userId"),
                field(meta, "causationId"),
                field(meta, "clientMutationId"),
                field(data, "sourceEventId"),
                field(data, "userId"));
    }

    /** {@code stream:version}. */
    String position() {
        return stream + ":" + version;
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static JsonNode json(AttributeValue value) {
        if (value == null || value.s() == null) {
            return null;
        }
        try {
            return JSON.readTree(value.s());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static String field(JsonNode node, String name) {
        if (node == null || !node.path(name).isTextual()) {
            return null;
        }
        return node.path(name).asText();
    }
}
