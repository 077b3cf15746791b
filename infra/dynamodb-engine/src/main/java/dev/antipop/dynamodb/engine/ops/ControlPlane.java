package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.store.Durability;
import dev.antipop.dynamodb.engine.stream.TableStreams;
import dev.antipop.dynamodb.engine.table.IndexDefinition;
import dev.antipop.dynamodb.engine.table.KeySchema;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CreateTable, DescribeTable, ListTables and DeleteTable (API reference). UpdateTable, TTL and tags are in
 * {@link TableSettings}. Every definition change is committed through {@link Durability} under the catalog's lock.
 */
final class ControlPlane {

    static final List<String> BILLING = List.of("PROVISIONED", "PAY_PER_REQUEST");
    static final List<String> VIEW_TYPES = List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");

    private final Context context;

    ControlPlane(Context context) {
        this.context = context;
    }

    /** CreateTable. */
    JsonNode createTable(JsonNode request) {
        String name = Requests.tableName(request, "TableName");
        Map<String, String> definitions = TableSchemas.attributeDefinitions(request, true);
        KeySchema key = TableSchemas.keySchema(request, "KeySchema", definitions);
        String billing = Requests.enumValue(request, "BillingMode", "PROVISIONED", BILLING);
        boolean provisioned = billing.equals("PROVISIONED");
        JsonNode throughput = request.get("ProvisionedThroughput");
        if (throughput != null && throughput.isNull()) {
            throughput = null;
        }
        if (provisioned && throughput == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and"
                    + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (!provisioned && throughput != null) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                            + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (throughput != null) {
            TableSchemas.checkThroughput(throughput);
        }
        Set<String> keyAttributes = new HashSet<>();
        keyAttributes.add(key.partitionKey());
        if (key.hasSortKey()) {
            keyAttributes.add(key.sortKey());
        }
        Set<String> indexNames = new HashSet<>();
        List<IndexDefinition> locals = new ArrayList<>();
        for (JsonNode node : Requests.array(request, "LocalSecondaryIndexes")) {
            IndexDefinition index = TableSchemas.index(node, false, key, definitions, provisioned);
            addIndex(indexNames, keyAttributes, index);
            locals.add(index);
        }
        if (request.has("LocalSecondaryIndexes")
                && !request.get("LocalSecondaryIndexes").isNull()
                && locals.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: List of LocalSecondaryIndexes" + " is empty");
        }
        if (locals.size() > 5) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Number of"
                    + " LocalSecondaryIndexes exceeds per-table limit of 5");
        }
        List<IndexDefinition> globals = new ArrayList<>();
        for (JsonNode node : Requests.array(request, "GlobalSecondaryIndexes")) {
            IndexDefinition index = TableSchemas.index(node, true, key, definitions, provisioned);
            if (index.provisionedThroughput() != null) {
                TableSchemas.checkThroughput(index.provisionedThroughput());
            }
            addIndex(indexNames, keyAttributes, index);
            globals.add(index);
        }
        if (request.has("GlobalSecondaryIndexes")
                && !request.get("GlobalSecondaryIndexes").isNull()
                && globals.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: List of" + " GlobalSecondaryIndexes is empty");
        }
        if (globals.size() > 20) {
            throw DynamoDbException.validation("One or more parameter values were invalid: GlobalSecondaryIndex count"
                    + " exceeds the per-table limit of 20");
        }
        TableSchemas.checkDefinitionsUsed(definitions, keyAttributes);
        JsonNode streamSpec = Requests.object(request, "StreamSpecification");
        String viewType = streamViewType(streamSpec);
        Map<String, String> tags = TableSettings.tags(request);
        // DynamoDB's timestamps have millisecond precision (and so does the durable JSON form).
        Instant now = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        synchronized (context.catalog().ddlLock()) {
            if (context.catalog().get(name) != null) {
                throw DynamoDbException.resourceInUse("Table already exists: " + name);
            }
            TableDefinition.StreamSettings stream = TableDefinition.StreamSettings.NONE;
            if (viewType != null) {
                TableStreams.StreamIdentity identity =
                        context.streams().enable(name, context.tableArn(name), viewType, keyElements(key), now);
                stream = new TableDefinition.StreamSettings(
                        true, viewType, identity.streamArn(), identity.streamLabel());
            }
            TableDefinition definition = new TableDefinition(
                    name,
                    UUID.randomUUID().toString(),
                    now,
                    now.plus(context.tableCreationDelay()),
                    key,
                    definitions,
                    billing,
                    throughput,
                    locals,
                    globals,
                    stream,
                    TableDefinition.TimeToLiveSettings.NONE,
                    tags,
                    Requests.object(request, "SSESpecification"),
                    Requests.bool(request, "DeletionProtectionEnabled", false),
                    Requests.enumValue(
                            request, "TableClass", "STANDARD", List.of("STANDARD", "STANDARD_INFREQUENT_ACCESS")));
            commit(new Durability.TableDefined(definition));
            Table table = new Table(definition);
            context.catalog().put(table);
            ObjectNode response = Requests.object();
            response.set("TableDescription", TableDescriptions.describe(context, table, null));
            return response;
        }
    }

    /** The key schema as DescribeStream shows it. */
    static List<TableStreams.KeySchemaElement> keyElements(KeySchema key) {
        return key.hasSortKey()
                ? List.of(
                        new TableStreams.KeySchemaElement(key.partitionKey(), "HASH"),
                        new TableStreams.KeySchemaElement(key.sortKey(), "RANGE"))
                : List.of(new TableStreams.KeySchemaElement(key.partitionKey(), "HASH"));
    }

    /** The StreamViewType of an enabled StreamSpecification, or null when absent or disabled. */
    static String streamViewType(JsonNode spec) {
        if (spec == null) {
            return null;
        }
        boolean enabled = Requests.bool(spec, "StreamEnabled", false);
        if (!spec.has("StreamEnabled") || spec.get("StreamEnabled").isNull()) {
            throw Requests.constraint(null, "StreamSpecification.StreamEnabled", "Member must not be null");
        }
        String viewType = Requests.enumValue(spec, "StreamViewType", null, VIEW_TYPES);
        if (enabled && viewType == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: StreamViewType must be"
                    + " specified when StreamEnabled is true");
        }
        if (!enabled && viewType != null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: StreamViewType cannot be"
                    + " specified when StreamEnabled is false");
        }
        return enabled ? viewType : null;
    }

    private static void addIndex(Set<String> names, Set<String> keyAttributes, IndexDefinition index) {
        if (!names.add(index.name())) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Duplicate index name: " + index.name());
        }
        keyAttributes.add(index.key().partitionKey());
        if (index.key().hasSortKey()) {
            keyAttributes.add(index.key().sortKey());
        }
    }

    /** DescribeTable. */
    JsonNode describeTable(JsonNode request) {
        String name = Requests.tableName(request, "TableName");
        Table table = existing(name);
        ObjectNode response = Requests.object();
        response.set("Table", TableDescriptions.describe(context, table, null));
        return response;
    }

    /** The table with this name in any status; ResourceNotFoundException "Requested resource not found: Table: X not found". */
    Table existing(String name) {
        Table table = context.catalog().get(name);
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    /** ListTables. */
    JsonNode listTables(JsonNode request) {
        String start = Requests.string(request, "ExclusiveStartTableName");
        if (start != null) {
            Requests.checkName(start, "ExclusiveStartTableName", 3);
        }
        Integer limit = Requests.integer(request, "Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw Requests.constraint(
                    limit,
                    "Limit",
                    limit < 1
                            ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 100");
        }
        int max = limit == null ? 100 : limit;
        var tables = start == null
                ? context.catalog().tables()
                : context.catalog().tables().tailMap(start, false);
        ObjectNode response = Requests.object();
        ArrayNode names = response.putArray("TableNames");
        String last = null;
        int n = 0;
        for (String name : tables.keySet()) {
            if (n == max) {
                response.put("LastEvaluatedTableName", last);
                break;
            }
            names.add(name);
            last = name;
            n++;
        }
        return response;
    }

    /** DeleteTable. */
    JsonNode deleteTable(JsonNode request) {
        String name = Requests.tableName(request, "TableName");
        synchronized (context.catalog().ddlLock()) {
            Table table = changeable(name);
            if (table.definition().deletionProtection()) {
                throw DynamoDbException.validation(
                        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion"
                                + " protection first.");
            }
            ObjectNode description = TableDescriptions.describe(context, table, "DELETING");
            commit(new Durability.TableDropped(name));
            context.catalog().remove(name);
            context.streams().dropTable(name);
            ObjectNode response = Requests.object();
            response.set("TableDescription", description);
            return response;
        }
    }

    /**
     * The table a control-plane change addresses: it must exist ("Requested resource not found: Table: X not found")
     * and be ACTIVE (ResourceInUseException "Attempt to change a resource which is still in use: Table is being
     * created: X", as DynamoDB answers while a table is CREATING).
     */
    Table changeable(String name) {
        Table table = existing(name);
        if (table.status(Instant.now(context.clock())).equals("CREATING")) {
            throw DynamoDbException.resourceInUse(
                    "Attempt to change a resource which is still in use: Table is being created: " + name);
        }
        return table;
    }

    /** Commits a definition change; called under the catalog's lock. */
    void commit(Durability.TableChange change) {
        context.durability().commit(new Durability.Commit(List.of(change), List.of(), null));
    }

    /** Copies a tags map (helper for callers that change tags). */
    static Map<String, String> copy(Map<String, String> tags) {
        return new LinkedHashMap<>(tags);
    }
}
