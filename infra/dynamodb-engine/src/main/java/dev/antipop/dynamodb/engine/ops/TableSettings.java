package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.store.Durability;
import dev.antipop.dynamodb.engine.stream.TableStreams;
import dev.antipop.dynamodb.engine.table.Index;
import dev.antipop.dynamodb.engine.table.IndexDefinition;
import dev.antipop.dynamodb.engine.table.ItemLocks;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UpdateTable, UpdateTimeToLive, DescribeTimeToLive, TagResource, UntagResource and ListTagsOfResource (API
 * reference).
 */
final class TableSettings {

    private final Context context;
    private final ControlPlane controlPlane;

    TableSettings(Context context, ControlPlane controlPlane) {
        this.context = context;
        this.controlPlane = controlPlane;
    }

    /** UpdateTable: stream specification, GSI create (with backfill) and delete, billing, deletion protection. */
    JsonNode updateTable(JsonNode request) {
        String name = Requests.tableName(request, "TableName");
        synchronized (context.catalog().ddlLock()) {
            Table table = controlPlane.changeable(name);
            TableDefinition d = table.definition();
            List<Index> created = new ArrayList<>();
            JsonNode streamSpec = Requests.object(request, "StreamSpecification");
            if (streamSpec != null) {
                String viewType = ControlPlane.streamViewType(streamSpec);
                if (viewType != null) {
                    if (d.stream().enabled()) {
                        throw DynamoDbException.validation("Table already has an enabled stream: TableName: " + name);
                    }
                    TableStreams.StreamIdentity identity = context.streams()
                            .enable(
                                    name,
                                    context.tableArn(name),
                                    viewType,
                                    ControlPlane.keyElements(d.key()),
                                    context.clock().instant());
                    d = d.withStream(new TableDefinition.StreamSettings(
                            true, viewType, identity.streamArn(), identity.streamLabel()));
                } else {
                    if (!d.stream().enabled()) {
                        throw DynamoDbException.validation(
                                "Table does not have a stream to disable: TableName: " + name);
                    }
                    context.streams().disable(name);
                    d = d.withStream(new TableDefinition.StreamSettings(
                            false,
                            d.stream().viewType(),
                            d.stream().latestStreamArn(),
                            d.stream().latestStreamLabel()));
                }
            }
            String billing = Requests.enumValue(request, "BillingMode", d.billingMode(), ControlPlane.BILLING);
            JsonNode throughput = request.get("ProvisionedThroughput");
            if (throughput == null || throughput.isNull()) {
                throughput = billing.equals("PROVISIONED") ? d.provisionedThroughput() : null;
            } else {
                TableSchemas.checkThroughput(throughput);
            }
            if (billing.equals("PROVISIONED") && throughput == null) {
                throw DynamoDbException.validation(
                        "One or more parameter values were invalid: ProvisionedThroughput must"
                                + " be specified when BillingMode is PROVISIONED");
            }
            d = d.withBilling(
                    billing,
                    throughput,
                    Requests.bool(request, "DeletionProtectionEnabled", d.deletionProtection()),
                    Requests.enumValue(
                            request, "TableClass", d.tableClass(), List.of("STANDARD", "STANDARD_INFREQUENT_ACCESS")));
            List<JsonNode> updates = Requests.array(request, "GlobalSecondaryIndexUpdates");
            if (!updates.isEmpty()) {
                Map<String, String> definitions = new LinkedHashMap<>(d.attributeDefinitions());
                definitions.putAll(TableSchemas.attributeDefinitions(request, false));
                List<IndexDefinition> globals = new ArrayList<>(d.globalIndexes());
                List<String> dropped = new ArrayList<>();
                for (JsonNode update : updates) {
                    JsonNode create = update.get("Create");
                    JsonNode delete = update.get("Delete");
                    JsonNode change = update.get("Update");
                    if (create != null && !create.isNull()) {
                        IndexDefinition index =
                                TableSchemas.index(create, true, d.key(), definitions, billing.equals("PROVISIONED"));
                        if (d.index(index.name()).isPresent()) {
                            throw DynamoDbException.validation("One or more parameter values were invalid: Index with"
                                    + " name " + index.name() + " already exists");
                        }
                        globals.add(index);
                    } else if (delete != null && !delete.isNull()) {
                        String indexName = Requests.requiredString(delete, "IndexName");
                        if (!globals.removeIf(g -> g.name().equals(indexName))) {
                            throw DynamoDbException.resourceNotFound(
                                    "Requested resource not found: Index: " + indexName + " not found");
                        }
                        dropped.add(indexName);
                    } else if (change != null && !change.isNull()) {
                        String indexName = Requests.requiredString(change, "IndexName");
                        int at = -1;
                        for (int i = 0; i < globals.size(); i++) {
                            if (globals.get(i).name().equals(indexName)) {
                                at = i;
                            }
                        }
                        if (at < 0) {
                            throw DynamoDbException.resourceNotFound(
                                    "Requested resource not found: Index: " + indexName + " not found");
                        }
                        IndexDefinition old = globals.get(at);
                        globals.set(
                                at,
                                new IndexDefinition(
                                        old.name(),
                                        true,
                                        old.key(),
                                        old.projectionType(),
                                        old.nonKeyAttributes(),
                                        change.get("ProvisionedThroughput")));
                    }
                }
                java.util.Set<String> used = new java.util.HashSet<>();
                used.add(d.key().partitionKey());
                if (d.key().hasSortKey()) {
                    used.add(d.key().sortKey());
                }
                for (IndexDefinition index : d.localIndexes()) {
                    used.add(index.key().sortKey());
                }
                for (IndexDefinition index : globals) {
                    used.add(index.key().partitionKey());
                    if (index.key().hasSortKey()) {
                        used.add(index.key().sortKey());
                    }
                }
                definitions.keySet().retainAll(used);
                d = d.withGlobalIndexes(globals, definitions);
                controlPlane.commit(new Durability.TableDefined(d));
                table.define(d);
                for (String indexName : dropped) {
                    table.dropIndex(indexName);
                }
                for (IndexDefinition index : globals) {
                    if (table.index(index.name()) == null) {
                        created.add(table.addIndex(index));
                    }
                }
            } else {
                controlPlane.commit(new Durability.TableDefined(d));
                table.define(d);
            }
            backfill(table, created);
            ObjectNode response = Requests.object();
            response.set("TableDescription", TableDescriptions.describe(context, table, null));
            return response;
        }
    }

    /** Adds the existing items to new indexes, each under its item's lock. */
    private void backfill(Table table, List<Index> created) {
        if (created.isEmpty()) {
            return;
        }
        ItemLocks locks = context.catalog().locks();
        for (Key key : table.items().keySet()) {
            int stripe = locks.stripe(table.name(), key);
            locks.lock(stripe);
            try {
                var current = table.get(key);
                for (Index index : created) {
                    index.backfill(current);
                }
            } finally {
                locks.unlock(stripe);
            }
        }
    }

    /** UpdateTimeToLive. */
    JsonNode updateTimeToLive(JsonNode request) {
        String name = Requests.tableName(request, "TableName");
        ObjectNode spec = Requests.object(request, "TimeToLiveSpecification");
        if (spec == null) {
            throw Requests.constraint(null, "TimeToLiveSpecification", "Member must not be null");
        }
        String attribute = Requests.requiredString(spec, "AttributeName");
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw Requests.constraint(
                    attribute,
                    "TimeToLiveSpecification.AttributeName",
                    "Member must have length greater than or equal to 1");
        }
        if (!spec.has("Enabled") || spec.get("Enabled").isNull()) {
            throw Requests.constraint(null, "TimeToLiveSpecification.Enabled", "Member must not be null");
        }
        boolean enabled = Requests.bool(spec, "Enabled", false);
        synchronized (context.catalog().ddlLock()) {
            Table table = controlPlane.changeable(name);
            TableDefinition d = table.definition();
            if (enabled && d.timeToLive().enabled()) {
                throw DynamoDbException.validation("TimeToLive is already enabled");
            }
            if (!enabled && !d.timeToLive().enabled()) {
                throw DynamoDbException.validation("TimeToLive is already disabled");
            }
            if (!enabled && !attribute.equals(d.timeToLive().attributeName())) {
                throw DynamoDbException.validation("TimeToLive attribute name does not match the enabled TimeToLive"
                        + " attribute: " + d.timeToLive().attributeName());
            }
            d = d.withTimeToLive(new TableDefinition.TimeToLiveSettings(enabled, attribute));
            controlPlane.commit(new Durability.TableDefined(d));
            table.define(d);
        }
        ObjectNode response = Requests.object();
        response.putObject("TimeToLiveSpecification")
                .put("AttributeName", attribute)
                .put("Enabled", enabled);
        return response;
    }

    /** DescribeTimeToLive. */
    JsonNode describeTimeToLive(JsonNode request) {
        String name = Requests.tableName(request, "TableName");
        Table table = controlPlane.existing(name);
        TableDefinition.TimeToLiveSettings ttl = table.definition().timeToLive();
        ObjectNode response = Requests.object();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        description.put("TimeToLiveStatus", ttl.enabled() ? "ENABLED" : "DISABLED");
        if (ttl.enabled()) {
            description.put("AttributeName", ttl.attributeName());
        }
        return response;
    }

    /** TagResource. */
    JsonNode tagResource(JsonNode request) {
        Map<String, String> added = tags(request);
        if (added.isEmpty()) {
            throw Requests.constraint(null, "Tags", "Member must not be null");
        }
        synchronized (context.catalog().ddlLock()) {
            Table table = byArn(request);
            Map<String, String> tags = new LinkedHashMap<>(table.definition().tags());
            tags.putAll(added);
            if (tags.size() > 50) {
                throw DynamoDbException.validation(
                        "One or more parameter values were invalid: The number of tags" + " exceeds the limit of 50");
            }
            TableDefinition d = table.definition().withTags(tags);
            controlPlane.commit(new Durability.TableDefined(d));
            table.define(d);
        }
        return Requests.object();
    }

    /** UntagResource. */
    JsonNode untagResource(JsonNode request) {
        List<JsonNode> keys = Requests.array(request, "TagKeys");
        synchronized (context.catalog().ddlLock()) {
            Table table = byArn(request);
            Map<String, String> tags = new LinkedHashMap<>(table.definition().tags());
            keys.forEach(k -> tags.remove(k.asText()));
            TableDefinition d = table.definition().withTags(tags);
            controlPlane.commit(new Durability.TableDefined(d));
            table.define(d);
        }
        return Requests.object();
    }

    /** ListTagsOfResource (one page: a table has at most 50 tags). */
    JsonNode listTagsOfResource(JsonNode request) {
        Table table = byArn(request);
        ObjectNode response = Requests.object();
        ArrayNode array = response.putArray("Tags");
        table.definition()
                .tags()
                .forEach((k, v) -> array.addObject().put("Key", k).put("Value", v));
        return response;
    }

    private Table byArn(JsonNode request) {
        String arn = Requests.requiredString(request, "ResourceArn");
        String prefix = "arn:aws:dynamodb:" + context.region() + ":" + context.accountId() + ":table/";
        if (!arn.startsWith("arn:aws:dynamodb:") || !arn.contains(":table/")) {
            throw DynamoDbException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        Table table = arn.startsWith(prefix) ? context.catalog().get(arn.substring(prefix.length())) : null;
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
        }
        return table;
    }

    /** The Tags member of CreateTable or TagResource as a map (empty when absent). */
    static Map<String, String> tags(JsonNode request) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : Requests.array(request, "Tags")) {
            String key = Requests.requiredString(tag, "Key");
            String value = Requests.requiredString(tag, "Value");
            if (key.isEmpty() || key.length() > 128) {
                throw Requests.constraint(key, "Tags.member.Key", "Member must have length less than or equal to 128");
            }
            if (value.length() > 256) {
                throw Requests.constraint(
                        value, "Tags.member.Value", "Member must have length less than or equal to 256");
            }
            tags.put(key, value);
        }
        return tags;
    }
}
