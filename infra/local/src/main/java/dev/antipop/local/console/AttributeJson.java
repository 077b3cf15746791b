package dev.antipop.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB items as plain JSON for people, and key values typed from text. An item becomes an object; {@code N} a JSON
 * number (exact: {@link BigDecimal}), {@code B} base64 text, sets arrays, {@code NULL} null. This loses the type tags
 * (a string set and a list both become arrays), which is what the console shows; the exact item is one
 * {@code aws dynamodb get-item} away.
 */
final class AttributeJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeJson() {}

    /** An item as a JSON object, attributes in name order. */
    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.set(e.getKey(), value(e.getValue())));
        return node;
    }

    /** One attribute value as JSON. */
    static JsonNode value(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new BigDecimal(value.n()));
            case B ->
                NODES.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case SS -> strings(value.ss());
            case NS -> {
                ArrayNode array = NODES.arrayNode();
                value.ns().forEach(n -> array.add(new BigDecimal(n)));
                yield array;
            }
            case BS -> {
                ArrayNode array = NODES.arrayNode();
                value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                yield array;
            }
            case L -> {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(v -> array.add(value(v)));
                yield array;
            }
            case M -> item(value.m());
            case UNKNOWN_TO_SDK_VERSION -> NODES.nullNode();
        };
    }

    private static ArrayNode strings(Iterable<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /**
     * A key attribute's value from the text a person typed, by its declared type.
     *
     * @param type {@code S}, {@code N} or {@code B} ({@code AttributeDefinitions})
     * @throws IllegalArgumentException when the text is no number (N) or no base64 (B)
     */
    static AttributeValue key(String type, String text) {
        return switch (type) {
            case "N" -> {
                try {
                    yield AttributeValue.fromN(new BigDecimal(text.trim()).toPlainString());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a number");
                }
            }
            case "B" -> {
                try {
                    yield AttributeValue.fromB(
                            SdkBytes.fromByteArray(Base64.getDecoder().decode(text.trim())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + text + "' is not base64");
                }
            }
            default -> AttributeValue.fromS(text);
        };
    }

    /** A typed value (an {@code ExclusiveStartKey} member) to its DynamoDB JSON, for cursors. */
    static ObjectNode typed(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            default -> node.put("S", value.s());
        }
        return node;
    }

    /**
     * The reverse of {@link #typed}.
     *
     * @throws IllegalArgumentException for anything but an {@code S}, {@code N} or {@code B} member
     */
    static AttributeValue fromTyped(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("a key value is one of {\"S\"}, {\"N\"}, {\"B\"}");
        }
        if (node.path("S").isTextual()) {
            return AttributeValue.fromS(node.get("S").asText());
        }
        if (node.path("N").isTextual()) {
            return key("N", node.get("N").asText());
        }
        if (node.path("B").isTextual()) {
            return key("B", node.get("B").asText());
        }
        throw new IllegalArgumentException("a key value is one of {\"S\"}, {\"N\"}, {\"B\"}");
    }
}
