package dev.antipop.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.store.AppendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The idempotency table's items: {@code key} S (partition key, {@code <userId>#<clientMutationId>}), {@code result} S
 * (the {@link AppendResult} as JSON: {@code commandId, stream, firstVersion, lastVersion, eventIds}), {@code expiresAt}
 * N (epoch seconds; the table's TTL attribute).
 */
final class IdempotencyItems {

    static final String KEY = "key";
    static final String RESULT = "result";
    static final String EXPIRES_AT = "expiresAt";

    private IdempotencyItems() {}

    static String resultJson(AppendResult result) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("commandId", result.commandId());
        node.put("stream", result.stream());
        node.put("firstVersion", result.firstVersion());
        node.put("lastVersion", result.lastVersion());
        ArrayNode ids = node.putArray("eventIds");
        result.eventIds().forEach(ids::add);
        return node.toString();
    }

    /** The stored result (never marked replayed: the caller decides that). */
    static AppendResult result(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(RESULT);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("Idempotency item " + item.get(KEY) + " has no result");
        }
        try {
            JsonNode node = EnvelopeJson.mapper().readTree(value.s());
            List<String> eventIds = new ArrayList<>();
            node.path("eventIds").forEach(id -> eventIds.add(id.asText()));
            return new AppendResult(
                    node.path("commandId").isNull()
                            ? null
                            : node.path("commandId").asText(null),
                    node.path("stream").asText(),
                    node.path("firstVersion").asLong(),
                    node.path("lastVersion").asLong(),
                    eventIds,
                    false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Idempotency item " + item.get(KEY) + " holds invalid JSON", e);
        }
    }

    /** Whether the item's TTL has passed ({@code expiresAt < now}); DynamoDB deletes expired items only eventually. */
    static boolean expired(Map<String, AttributeValue> item, long nowEpochSeconds) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) < nowEpochSeconds;
    }
}
