package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading request members, with DynamoDB's validation messages (the service's constraint messages: "1 validation
 * error detected: Value … at '…' failed to satisfy constraint: …").
 */
final class Requests {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private Requests() {}

    /** A new empty JSON object. */
    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The lower-camel member path DynamoDB uses in constraint messages ({@code TableName} → {@code tableName}). */
    static String memberPath(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }

    /** A constraint violation in DynamoDB's wording. */
    static DynamoDbException constraint(Object value, String member, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return DynamoDbException.validation("1 validation error detected: Value " + shown + " at '" + memberPath(member)
                + "' failed to satisfy constraint: " + constraint);
    }

    /** An optional string member (null when absent or JSON null). */
    static String string(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + member + " must be a string");
        }
        return node.textValue();
    }

    /** A required string member. */
    static String requiredString(JsonNode request, String member) {
        String value = string(request, member);
        if (value == null) {
            throw constraint(null, member, "Member must not be null");
        }
        return value;
    }

    /**
     * A validated table name (3 to 255 characters of [a-zA-Z0-9_.-]; API reference, "TableName"). DynamoDB also takes
     * the table's ARN wherever it takes a table name; the name is then the part after {@code table/}.
     */
    static String tableName(JsonNode request, String member) {
        String name = requiredString(request, member);
        if (name.startsWith("arn:") && name.length() <= 1024) {
            int at = name.indexOf(":table/");
            if (name.startsWith("arn:aws:dynamodb:") && at > 0 && name.indexOf('/', at + 7) < 0) {
                name = name.substring(at + 7);
            }
        }
        checkName(name, member, 3);
        return name;
    }

    /** Checks a table or index name. */
    static void checkName(String name, String member, int minLength) {
        if (name.length() < minLength) {
            throw constraint(name, member, "Member must have length greater than or equal to " + minLength);
        }
        if (name.length() > 255) {
            throw constraint(name, member, "Member must have length less than or equal to 255");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw constraint(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    /** An optional enum member, checked against its values; {@code fallback} when absent. */
    static String enumValue(JsonNode request, String member, String fallback, List<String> allowed) {
        String value = string(request, member);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw constraint(value, member, "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    /** An optional boolean member. */
    static boolean bool(JsonNode request, String member, boolean fallback) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + member + " must be a boolean");
        }
        return node.booleanValue();
    }

    /** An optional integer member, or null. */
    static Integer integer(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw DynamoDbException.serialization(
                    "Unexpected value type in payload: " + member + " must be an integer");
        }
        return node.intValue();
    }

    /** An optional object member, or null. */
    static ObjectNode object(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + member + " must be an object");
        }
        return (ObjectNode) node;
    }

    /** An optional array member (empty when absent). */
    static List<JsonNode> array(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + member + " must be a list");
        }
        List<JsonNode> list = new java.util.ArrayList<>(node.size());
        node.forEach(list::add);
        return list;
    }

    /** An optional item-shaped member ({@code Item}, {@code Key}, {@code ExclusiveStartKey}), or null. */
    static Map<String, AttributeValue> item(JsonNode request, String member) {
        return AttributeValueJson.readItem(request.get(member));
    }

    /** {@code ExpressionAttributeNames} (empty when absent). */
    static Map<String, String> names(JsonNode request) {
        ObjectNode node = object(request, "ExpressionAttributeNames");
        Map<String, String> names = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw DynamoDbException.serialization(
                            "Unexpected value type in payload: ExpressionAttributeNames values must be strings");
                }
                names.put(e.getKey(), e.getValue().textValue());
            }
        }
        return names;
    }

    /** {@code ExpressionAttributeValues} (empty when absent). */
    static Map<String, AttributeValue> values(JsonNode request) {
        Map<String, AttributeValue> values = AttributeValueJson.readItem(request.get("ExpressionAttributeValues"));
        return values == null ? Map.of() : values;
    }

    /**
     * The table a data operation addresses, which must exist and be {@code ACTIVE}; DynamoDB answers
     * {@code ResourceNotFoundException} "Requested resource not found" otherwise (also while it is still
     * {@code CREATING}).
     */
    static Table activeTable(Context context, String name) {
        Table table = context.catalog().get(name);
        if (table == null || table.status(Instant.now(context.clock())).equals("CREATING")) {
            throw DynamoDbException.resourceNotFound("Requested resource not found");
        }
        return table;
    }
}
