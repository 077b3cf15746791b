package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.table.IndexDefinition;
import dev.antipop.dynamodb.engine.table.KeySchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsing and validating the schema members of CreateTable and UpdateTable (API reference, "CreateTable":
 * AttributeDefinitions, KeySchema, LocalSecondaryIndexes, GlobalSecondaryIndexes, Projection), with DynamoDB's
 * messages.
 */
final class TableSchemas {

    static final List<String> KEY_TYPES = List.of("B", "N", "S");
    static final List<String> PROJECTIONS = List.of("ALL", "KEYS_ONLY", "INCLUDE");

    private TableSchemas() {}

    /** AttributeDefinitions: name to type, in order. */
    static Map<String, String> attributeDefinitions(JsonNode request, boolean required) {
        JsonNode node = request.get("AttributeDefinitions");
        if (node == null || node.isNull()) {
            if (required) {
                throw Requests.constraint(null, "AttributeDefinitions", "Member must not be null");
            }
            return new LinkedHashMap<>();
        }
        Map<String, String> definitions = new LinkedHashMap<>();
        for (JsonNode d : Requests.array(request, "AttributeDefinitions")) {
            String name = Requests.requiredString(d, "AttributeName");
            String type = Requests.requiredString(d, "AttributeType");
            if (!KEY_TYPES.contains(type)) {
                throw Requests.constraint(
                        type,
                        "AttributeDefinitions.member.attributeType",
                        "Member must satisfy enum value set: [B, N, S]");
            }
            if (definitions.put(name, type) != null) {
                throw DynamoDbException.validation(
                        "Cannot have two attributes with the same name, attribute name: " + name);
            }
        }
        return definitions;
    }

    /** A KeySchema member: HASH first, optional RANGE second, each defined in AttributeDefinitions. */
    static KeySchema keySchema(JsonNode owner, String member, Map<String, String> definitions) {
        JsonNode node = owner.get(member);
        if (node == null || node.isNull()) {
            throw Requests.constraint(null, member, "Member must not be null");
        }
        List<JsonNode> elements = Requests.array(owner, member);
        if (elements.isEmpty()) {
            throw Requests.constraint("[]", member, "Member must have length greater than or equal to 1");
        }
        if (elements.size() > 2) {
            throw Requests.constraint(elements, member, "Member must have length less than or equal to 2");
        }
        String hash = Requests.requiredString(elements.get(0), "AttributeName");
        String hashType = Requests.requiredString(elements.get(0), "KeyType");
        if (!hashType.equals("HASH")) {
            throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        String range = null;
        if (elements.size() == 2) {
            range = Requests.requiredString(elements.get(1), "AttributeName");
            if (!Requests.requiredString(elements.get(1), "KeyType").equals("RANGE")) {
                throw DynamoDbException.validation(
                        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (range.equals(hash)) {
                throw DynamoDbException.validation(
                        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : range == null ? List.of(hash) : List.of(hash, range)) {
            if (!definitions.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Some index key attributes are"
                            + " not defined in AttributeDefinitions. Keys: " + missing + ", AttributeDefinitions: "
                            + definitions.keySet());
        }
        return new KeySchema(hash, definitions.get(hash), range, range == null ? null : definitions.get(range));
    }

    /** One index of LocalSecondaryIndexes, GlobalSecondaryIndexes or a GSI Create update. */
    static IndexDefinition index(
            JsonNode node, boolean global, KeySchema tableKey, Map<String, String> definitions, boolean provisioned) {
        String name = Requests.requiredString(node, "IndexName");
        Requests.checkName(name, "IndexName", 3);
        KeySchema key = keySchema(node, "KeySchema", definitions);
        if (!global) {
            if (!tableKey.hasSortKey()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Table KeySchema does not"
                        + " have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (!key.hasSortKey()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Index KeySchema does not"
                        + " have a range key for index: " + name);
            }
            if (!key.partitionKey().equals(tableKey.partitionKey())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Index KeySchema does not"
                        + " have the same leading hash key as table KeySchema for index: " + name
                        + ". index hash key: " + key.partitionKey() + ", table hash key: " + tableKey.partitionKey());
            }
        }
        JsonNode projection = node.get("Projection");
        if (projection == null || projection.isNull()) {
            throw Requests.constraint(null, "Projection", "Member must not be null");
        }
        String type = Requests.enumValue(projection, "ProjectionType", null, PROJECTIONS);
        if (type == null) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Unknown ProjectionType: null");
        }
        List<String> nonKey = new ArrayList<>();
        for (JsonNode n : Requests.array(projection, "NonKeyAttributes")) {
            nonKey.add(n.asText());
        }
        if (!type.equals("INCLUDE")
                && projection.has("NonKeyAttributes")
                && !projection.get("NonKeyAttributes").isNull()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProjectionType is " + type
                    + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && nonKey.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE,"
                    + " but NonKeyAttributes is not specified");
        }
        JsonNode throughput = node.get("ProvisionedThroughput");
        if (global && provisioned && (throughput == null || throughput.isNull())) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProvisionedThroughput should"
                    + " not be null for index: " + name);
        }
        if (global && !provisioned && throughput != null && !throughput.isNull()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProvisionedThroughput should"
                    + " be null for index: " + name + " when BillingMode is PAY_PER_REQUEST");
        }
        return new IndexDefinition(name, global, key, type, nonKey, global ? throughput : null);
    }

    /** Checks that AttributeDefinitions names exactly the key attributes of the table and its indexes. */
    static void checkDefinitionsUsed(Map<String, String> definitions, Set<String> keyAttributes) {
        if (!keyAttributes.containsAll(definitions.keySet())
                || !definitions.keySet().containsAll(keyAttributes)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Number of attributes in"
                    + " KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
    }

    /** Checks a ProvisionedThroughput's capacity units (1 to 40000 per the default quotas; at least 1). */
    static void checkThroughput(JsonNode throughput) {
        for (String member : List.of("ReadCapacityUnits", "WriteCapacityUnits")) {
            JsonNode units = throughput.get(member);
            if (units == null || units.isNull()) {
                throw Requests.constraint(null, "ProvisionedThroughput." + member, "Member must not be null");
            }
            if (!units.canConvertToLong() || units.asLong() < 1) {
                throw Requests.constraint(
                        units.asText(),
                        "ProvisionedThroughput." + member,
                        "Member must have value greater than or equal to 1");
            }
        }
    }
}
