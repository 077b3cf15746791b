package dev.antipop.local.template;

import static dev.antipop.local.template.Values.list;
import static dev.antipop.local.template.Values.required;
import static dev.antipop.local.template.Values.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the tables: {@code AWS::DynamoDB::Table} (key schema, attribute definitions, secondary indexes, stream and TTL
 * specifications) and {@code AWS::Serverless::SimpleTable} (SAM's {@code PrimaryKey}, a string {@code id} by default).
 */
final class TableReader {

    private final Intrinsics intrinsics;
    private final References references;
    private final Map<String, TemplateResource> resources;

    TableReader(Intrinsics intrinsics, Map<String, TemplateResource> resources) {
        this.intrinsics = intrinsics;
        this.references = intrinsics.references();
        this.resources = resources;
    }

    List<TableDefinition> read() {
        List<TableDefinition> tables = new ArrayList<>();
        for (TemplateResource resource : resources.values()) {
            String where = "Resources." + resource.logicalId() + ".Properties";
            boolean table = resource.type().equals("AWS::DynamoDB::Table");
            if (!table && !resource.type().equals("AWS::Serverless::SimpleTable")) {
                continue;
            }
            Map<String, Object> p = intrinsics.resolvedProperties(resource);
            if (table) {
                List<TableDefinition.Attribute> attributes = new ArrayList<>();
                for (Object a : list(required(p, "AttributeDefinitions", where), where + ".AttributeDefinitions")) {
                    Map<String, Object> m = Template.mapping(a, where + ".AttributeDefinitions");
                    attributes.add(new TableDefinition.Attribute(
                            text(required(m, "AttributeName", where + ".AttributeDefinitions")),
                            text(required(m, "AttributeType", where + ".AttributeDefinitions"))));
                }
                List<TableDefinition.Key> keys = keySchema(required(p, "KeySchema", where), where + ".KeySchema");
                String streamViewType = null;
                if (p.get("StreamSpecification") instanceof Map<?, ?> spec && spec.get("StreamViewType") != null) {
                    streamViewType = text(spec.get("StreamViewType"));
                }
                String ttl = null;
                if (p.get("TimeToLiveSpecification") instanceof Map<?, ?> spec
                        && Boolean.parseBoolean(String.valueOf(spec.get("Enabled")))) {
                    ttl = text(required(
                            Template.mapping(spec, where + ".TimeToLiveSpecification"),
                            "AttributeName",
                            where + ".TimeToLiveSpecification"));
                }
                tables.add(new TableDefinition(
                        resource.logicalId(),
                        references.tableName(resource),
                        attributes,
                        keys,
                        indexes(p.get("GlobalSecondaryIndexes"), where + ".GlobalSecondaryIndexes"),
                        indexes(p.get("LocalSecondaryIndexes"), where + ".LocalSecondaryIndexes"),
                        streamViewType,
                        ttl));
            } else {
                String keyName = "id";
                String keyType = "S";
                if (p.get("PrimaryKey") instanceof Map<?, ?> primaryKey) {
                    keyName = text(required(Template.mapping(primaryKey, where), "Name", where + ".PrimaryKey"));
                    String samType = text(required(Template.mapping(primaryKey, where), "Type", where + ".PrimaryKey"));
                    keyType = switch (samType) {
                        case "String" -> "S";
                        case "Number" -> "N";
                        case "Binary" -> "B";
                        default ->
                            throw new TemplateException(
                                    where + ".PrimaryKey.Type: " + samType + " is not String, Number or Binary");
                    };
                }
                tables.add(new TableDefinition(
                        resource.logicalId(),
                        references.tableName(resource),
                        List.of(new TableDefinition.Attribute(keyName, keyType)),
                        List.of(new TableDefinition.Key(keyName, "HASH")),
                        List.of(),
                        List.of(),
                        null,
                        null));
            }
        }
        return tables;
    }

    private List<TableDefinition.Key> keySchema(Object value, String where) {
        List<TableDefinition.Key> keys = new ArrayList<>();
        for (Object k : list(value, where)) {
            Map<String, Object> m = Template.mapping(k, where);
            keys.add(new TableDefinition.Key(
                    text(required(m, "AttributeName", where)), text(required(m, "KeyType", where))));
        }
        if (keys.isEmpty()) {
            throw new TemplateException(where + ": needs a HASH key");
        }
        return keys;
    }

    private List<TableDefinition.Index> indexes(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        List<TableDefinition.Index> indexes = new ArrayList<>();
        for (Object i : list(value, where)) {
            Map<String, Object> m = Template.mapping(i, where);
            String name = text(required(m, "IndexName", where));
            String at = where + "." + name;
            Map<String, Object> projection = Template.mapping(required(m, "Projection", at), at + ".Projection");
            List<String> nonKey = new ArrayList<>();
            if (projection.get("NonKeyAttributes") instanceof List<?> attributes) {
                attributes.forEach(a -> nonKey.add(text(a)));
            }
            indexes.add(new TableDefinition.Index(
                    name,
                    keySchema(required(m, "KeySchema", at), at + ".KeySchema"),
                    text(projection.getOrDefault("ProjectionType", "KEYS_ONLY")),
                    nonKey));
        }
        return indexes;
    }
}
