package dev.antipop.dynamodb.engine.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TableDefinition} as JSON, for durable stores: the shape of a CreateTable request (TableName, KeySchema,
 * AttributeDefinitions, BillingMode, ProvisionedThroughput, LocalSecondaryIndexes, GlobalSecondaryIndexes,
 * StreamSpecification, SSESpecification, Tags, DeletionProtectionEnabled, TableClass) plus what the engine decided
 * (TableId, CreationDateTime and ActiveDateTime in epoch milliseconds, LatestStreamArn, LatestStreamLabel,
 * TimeToLiveSpecification). {@link #read} takes back exactly what {@link #write} wrote; it does not validate.
 */
public final class TableDefinitionJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TableDefinitionJson() {}

    /** The definition as JSON. */
    public static ObjectNode write(TableDefinition d) {
        ObjectNode node = NODES.objectNode();
        node.put("TableName", d.name());
        node.put("TableId", d.tableId());
        node.put("CreationDateTime", d.created().toEpochMilli());
        node.put("ActiveDateTime", d.activeAt().toEpochMilli());
        node.set("KeySchema", keySchema(d.key()));
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        d.attributeDefinitions()
                .forEach((name, type) ->
                        definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        node.put("BillingMode", d.billingMode());
        if (d.provisionedThroughput() != null) {
            node.set("ProvisionedThroughput", d.provisionedThroughput());
        }
        node.set("LocalSecondaryIndexes", indexes(d.localIndexes()));
        node.set("GlobalSecondaryIndexes", indexes(d.globalIndexes()));
        ObjectNode stream = node.putObject("StreamSpecification");
        stream.put("StreamEnabled", d.stream().enabled());
        if (d.stream().viewType() != null) {
            stream.put("StreamViewType", d.stream().viewType());
        }
        if (d.stream().latestStreamArn() != null) {
            node.put("LatestStreamArn", d.stream().latestStreamArn());
            node.put("LatestStreamLabel", d.stream().latestStreamLabel());
        }
        ObjectNode ttl = node.putObject("TimeToLiveSpecification");
        ttl.put("Enabled", d.timeToLive().enabled());
        if (d.timeToLive().attributeName() != null) {
            ttl.put("AttributeName", d.timeToLive().attributeName());
        }
        ArrayNode tags = node.putArray("Tags");
        d.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        if (d.sseSpecification() != null) {
            node.set("SSESpecification", d.sseSpecification());
        }
        node.put("DeletionProtectionEnabled", d.deletionProtection());
        node.put("TableClass", d.tableClass());
        return node;
    }

    /** The key schema in wire form ({@code [{"AttributeName":…,"KeyType":"HASH"},…]}). */
    public static ArrayNode keySchema(KeySchema key) {
        ArrayNode array = NODES.arrayNode();
        array.addObject().put("AttributeName", key.partitionKey()).put("KeyType", "HASH");
        if (key.hasSortKey()) {
            array.addObject().put("AttributeName", key.sortKey()).put("KeyType", "RANGE");
        }
        return array;
    }

    /** An index's Projection in wire form. */
    public static ObjectNode projection(IndexDefinition index) {
        ObjectNode projection = NODES.objectNode();
        projection.put("ProjectionType", index.projectionType());
        if (index.projectionType().equals("INCLUDE")) {
            ArrayNode names = projection.putArray("NonKeyAttributes");
            index.nonKeyAttributes().forEach(names::add);
        }
        return projection;
    }

    private static ArrayNode indexes(List<IndexDefinition> indexes) {
        ArrayNode array = NODES.arrayNode();
        for (IndexDefinition index : indexes) {
            ObjectNode node = array.addObject();
            node.put("IndexName", index.name());
            node.set("KeySchema", keySchema(index.key()));
            node.set("Projection", projection(index));
            if (index.provisionedThroughput() != null) {
                node.set("ProvisionedThroughput", index.provisionedThroughput());
            }
        }
        return array;
    }

    /** Reads what {@link #write} wrote. */
    public static TableDefinition read(JsonNode node) {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (JsonNode d : node.get("AttributeDefinitions")) {
            definitions.put(
                    d.get("AttributeName").asText(), d.get("AttributeType").asText());
        }
        KeySchema key = keySchema(node.get("KeySchema"), definitions);
        JsonNode stream = node.get("StreamSpecification");
        TableDefinition.StreamSettings streamSettings = new TableDefinition.StreamSettings(
                stream.get("StreamEnabled").asBoolean(),
                text(stream, "StreamViewType"),
                text(node, "LatestStreamArn"),
                text(node, "LatestStreamLabel"));
        JsonNode ttl = node.get("TimeToLiveSpecification");
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : node.get("Tags")) {
            tags.put(tag.get("Key").asText(), tag.get("Value").asText());
        }
        return new TableDefinition(
                node.get("TableName").asText(),
                node.get("TableId").asText(),
                Instant.ofEpochMilli(node.get("CreationDateTime").asLong()),
                Instant.ofEpochMilli(node.get("ActiveDateTime").asLong()),
                key,
                definitions,
                node.get("BillingMode").asText(),
                node.get("ProvisionedThroughput"),
                readIndexes(node.get("LocalSecondaryIndexes"), false, definitions),
                readIndexes(node.get("GlobalSecondaryIndexes"), true, definitions),
                streamSettings,
                new TableDefinition.TimeToLiveSettings(ttl.get("Enabled").asBoolean(), text(ttl, "AttributeName")),
                tags,
                node.get("SSESpecification"),
                node.path("DeletionProtectionEnabled").asBoolean(false),
                node.path("TableClass").asText("STANDARD"));
    }

    private static List<IndexDefinition> readIndexes(JsonNode array, boolean global, Map<String, String> definitions) {
        List<IndexDefinition> indexes = new ArrayList<>();
        if (array == null) {
            return indexes;
        }
        for (JsonNode node : array) {
            JsonNode projection = node.get("Projection");
            List<String> nonKey = new ArrayList<>();
            JsonNode names = projection.get("NonKeyAttributes");
            if (names != null) {
                names.forEach(n -> nonKey.add(n.asText()));
            }
            indexes.add(new IndexDefinition(
                    node.get("IndexName").asText(),
                    global,
                    keySchema(node.get("KeySchema"), definitions),
                    projection.get("ProjectionType").asText(),
                    nonKey,
                    node.get("ProvisionedThroughput")));
        }
        return indexes;
    }

    /** A key schema from wire form, with types from the attribute definitions (no validation). */
    public static KeySchema keySchema(JsonNode array, Map<String, String> definitions) {
        String hash = null;
        String range = null;
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            if (element.get("KeyType").asText().equals("HASH")) {
                hash = element.get("AttributeName").asText();
            } else {
                range = element.get("AttributeName").asText();
            }
        }
        return new KeySchema(hash, definitions.get(hash), range, range == null ? null : definitions.get(range));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
