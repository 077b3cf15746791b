package dev.antipop.dynamodb.engine.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Converts between the wire form of attribute values ({@code {"S":"x"}}, {@code {"N":"1"}}, {@code {"M":{…}}}, …,
 * the DynamoDB API reference's {@code AttributeValue}) and {@link AttributeValue}.
 *
 * <p>Reading validates as DynamoDB does, with its messages: exactly one data type per value, {@code NULL} only
 * {@code true}, no empty or duplicated sets, numbers in range ({@link Numbers}), valid base64, documents nested at most
 * {@value #MAX_DEPTH} levels (DynamoDB developer guide, "Service, account, and table quotas": nested attribute depth).
 */
public final class AttributeValueJson {

    /** DynamoDB's limit on nesting of lists and maps. */
    public static final int MAX_DEPTH = 32;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValueJson() {}

    /**
     * Reads an item or key ({@code {"name":{"S":"x"},…}}).
     *
     * @throws DynamoDbException {@code ValidationException} for an invalid value
     */
    public static Map<String, AttributeValue> readItem(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: an item must be a JSON object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), read(field.getValue(), 0));
        }
        return item;
    }

    /**
     * Reads one attribute value.
     *
     * @throws DynamoDbException {@code ValidationException} for an invalid value
     */
    public static AttributeValue read(JsonNode node) {
        return read(node, 0);
    }

    private static AttributeValue read(JsonNode node, int depth) {
        if (node == null || !node.isObject()) {
            throw DynamoDbException.serialization(
                    "Unexpected value type in payload: an AttributeValue must be a JSON" + " object");
        }
        if (depth > MAX_DEPTH) {
            throw DynamoDbException.validation(
                    "Nesting Levels have exceeded supported limits: Nesting level of attribute values exceeds "
                            + MAX_DEPTH);
        }
        String type = null;
        JsonNode value = null;
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                continue; // SDKs may send absent members as null
            }
            type = field.getKey();
            value = field.getValue();
            count++;
        }
        if (count == 0) {
            throw DynamoDbException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (count > 1) {
            throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain"
                    + " exactly one of the supported datatypes");
        }
        return switch (type) {
            case "S" -> new AttributeValue.S(text(value, "S"));
            case "N" -> new AttributeValue.N(Numbers.parse(text(value, "N")));
            case "B" -> new AttributeValue.B(bytes(value));
            case "BOOL" -> {
                if (!value.isBoolean()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload: BOOL must be a boolean");
                }
                yield value.booleanValue() ? AttributeValue.Bool.TRUE : AttributeValue.Bool.FALSE;
            }
            case "NULL" -> {
                if (!value.isBoolean()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload: NULL must be a boolean");
                }
                if (!value.booleanValue()) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Null attribute"
                            + " value types must have the value of true");
                }
                yield AttributeValue.Null.INSTANCE;
            }
            case "M" -> {
                if (!value.isObject()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload: M must be an object");
                }
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    map.put(field.getKey(), read(field.getValue(), depth + 1));
                }
                yield new AttributeValue.M(map);
            }
            case "L" -> {
                if (!value.isArray()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload: L must be an array");
                }
                List<AttributeValue> list = new ArrayList<>(value.size());
                for (JsonNode element : value) {
                    list.add(read(element, depth + 1));
                }
                yield new AttributeValue.L(list);
            }
            case "SS" -> {
                TreeSet<String> set = new TreeSet<>();
                List<String> members = new ArrayList<>();
                for (JsonNode element : array(value, "SS", "string")) {
                    String s = text(element, "SS");
                    members.add(s);
                    set.add(s);
                }
                checkDuplicates(members, set.size());
                yield new AttributeValue.SS(set);
            }
            case "NS" -> {
                TreeSet<BigDecimal> set = new TreeSet<>(BigDecimal::compareTo);
                List<String> members = new ArrayList<>();
                for (JsonNode element : array(value, "NS", "number")) {
                    String s = text(element, "NS");
                    members.add(s);
                    set.add(Numbers.parse(s));
                }
                checkDuplicates(members, set.size());
                yield new AttributeValue.NS(set);
            }
            case "BS" -> {
                TreeSet<AttributeValue.Bytes> set = new TreeSet<>();
                List<String> members = new ArrayList<>();
                for (JsonNode element : array(value, "BS", "binary")) {
                    members.add(element.asText());
                    set.add(bytes(element));
                }
                checkDuplicates(members, set.size());
                yield new AttributeValue.BS(set);
            }
            default ->
                throw DynamoDbException.serialization(
                        "Unexpected field type in AttributeValue: " + type + " is not a DynamoDB data type");
        };
    }

    /** Writes an item or key in wire form. */
    public static ObjectNode writeItem(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    /** Writes one attribute value in wire form. */
    public static ObjectNode write(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value) {
            case AttributeValue.S s -> node.put("S", s.value());
            case AttributeValue.N n -> node.put("N", n.text());
            case AttributeValue.B b -> node.put("B", b.value().toString());
            case AttributeValue.Bool bool -> node.put("BOOL", bool.value());
            case AttributeValue.Null ignored -> node.put("NULL", true);
            case AttributeValue.M m -> node.set("M", writeItem(m.value()));
            case AttributeValue.L l -> {
                ArrayNode array = node.putArray("L");
                l.value().forEach(element -> array.add(write(element)));
            }
            case AttributeValue.SS ss -> {
                ArrayNode array = node.putArray("SS");
                ss.value().forEach(array::add);
            }
            case AttributeValue.NS ns -> {
                ArrayNode array = node.putArray("NS");
                ns.value().forEach(number -> array.add(Numbers.format(number)));
            }
            case AttributeValue.BS bs -> {
                ArrayNode array = node.putArray("BS");
                bs.value().forEach(bytes -> array.add(bytes.toString()));
            }
        }
        return node;
    }

    private static String text(JsonNode node, String type) {
        if (!node.isTextual()) {
            throw DynamoDbException.serialization(
                    "Unexpected value type in payload: " + type + " must be given as a string");
        }
        return node.textValue();
    }

    private static AttributeValue.Bytes bytes(JsonNode node) {
        if (!node.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: binary values are base64 strings");
        }
        try {
            return new AttributeValue.Bytes(Base64.getDecoder().decode(node.textValue()));
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: "
                    + node.textValue().length());
        }
    }

    private static JsonNode array(JsonNode node, String type, String word) {
        if (!node.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + type + " must be an array");
        }
        if (node.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: An " + word + " set  may not be empty");
        }
        return node;
    }

    private static void checkDuplicates(List<String> members, int distinct) {
        if (distinct != members.size()) {
            throw DynamoDbException.validation("Input collection " + members + " contains duplicates.");
        }
    }
}
