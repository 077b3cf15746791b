package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.table.Index;
import dev.antipop.dynamodb.engine.table.IndexDefinition;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import dev.antipop.dynamodb.engine.table.TableDefinitionJson;
import java.math.BigDecimal;
import java.time.Instant;

/** The {@code TableDescription} of DescribeTable, CreateTable, UpdateTable and DeleteTable (API reference). */
final class TableDescriptions {

    private TableDescriptions() {}

    /** Describes a table; {@code status} overrides the computed status (DELETING) when not null. */
    static ObjectNode describe(Context context, Table table, String status) {
        TableDefinition d = table.definition();
        ObjectNode node = Requests.object();
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        d.attributeDefinitions()
                .forEach((name, type) ->
                        definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        node.put("TableName", d.name());
        node.set("KeySchema", TableDefinitionJson.keySchema(d.key()));
        node.put("TableStatus", status != null ? status : table.status(Instant.now(context.clock())));
        node.put("CreationDateTime", epochSeconds(d.created()));
        node.set("ProvisionedThroughput", throughput(d.provisionedThroughput()));
        node.put("TableSizeBytes", table.sizeBytes());
        node.put("ItemCount", table.itemCount());
        String arn = context.tableArn(d.name());
        node.put("TableArn", arn);
        node.put("TableId", d.tableId());
        if (d.billingMode().equals("PAY_PER_REQUEST")) {
            ObjectNode billing = node.putObject("BillingModeSummary");
            billing.put("BillingMode", "PAY_PER_REQUEST");
            billing.put("LastUpdateToPayPerRequestDateTime", epochSeconds(d.created()));
        }
        if (!d.localIndexes().isEmpty()) {
            ArrayNode array = node.putArray("LocalSecondaryIndexes");
            for (IndexDefinition index : d.localIndexes()) {
                array.add(index(table, index, arn, false));
            }
        }
        if (!d.globalIndexes().isEmpty()) {
            ArrayNode array = node.putArray("GlobalSecondaryIndexes");
            for (IndexDefinition index : d.globalIndexes()) {
                array.add(index(table, index, arn, true));
            }
        }
        if (d.stream().enabled()) {
            node.putObject("StreamSpecification")
                    .put("StreamEnabled", true)
                    .put("StreamViewType", d.stream().viewType());
        }
        if (d.stream().latestStreamArn() != null) {
            node.put("LatestStreamLabel", d.stream().latestStreamLabel());
            node.put("LatestStreamArn", d.stream().latestStreamArn());
        }
        JsonNode sse = d.sseSpecification();
        if (sse != null && sse.path("Enabled").asBoolean(false)) {
            ObjectNode description = node.putObject("SSEDescription");
            description.put("Status", "ENABLED");
            description.put("SSEType", sse.path("SSEType").asText("KMS"));
            description.put(
                    "KMSMasterKeyArn",
                    "arn:aws:kms:" + context.region() + ":" + context.accountId() + ":key/"
                            + sse.path("KMSMasterKeyId").asText("aws/dynamodb"));
        }
        if (!d.tableClass().equals("STANDARD")) {
            node.putObject("TableClassSummary").put("TableClass", d.tableClass());
        }
        node.put("DeletionProtectionEnabled", d.deletionProtection());
        return node;
    }

    private static ObjectNode index(Table table, IndexDefinition index, String tableArn, boolean global) {
        ObjectNode node = Requests.object();
        node.put("IndexName", index.name());
        node.set("KeySchema", TableDefinitionJson.keySchema(index.key()));
        node.set("Projection", TableDefinitionJson.projection(index));
        if (global) {
            node.put("IndexStatus", "ACTIVE");
            node.set("ProvisionedThroughput", throughput(index.provisionedThroughput()));
        }
        Index live = table.index(index.name());
        node.put("IndexSizeBytes", live == null ? 0 : live.sizeBytes());
        node.put("ItemCount", live == null ? 0 : live.itemCount());
        node.put("IndexArn", tableArn + "/index/" + index.name());
        return node;
    }

    private static ObjectNode throughput(JsonNode given) {
        ObjectNode node = Requests.object();
        node.put("NumberOfDecreasesToday", 0);
        node.put(
                "ReadCapacityUnits",
                given == null ? 0 : given.path("ReadCapacityUnits").asLong(0));
        node.put(
                "WriteCapacityUnits",
                given == null ? 0 : given.path("WriteCapacityUnits").asLong(0));
        return node;
    }

    /** Epoch seconds with milliseconds as the fraction, as DynamoDB's timestamps are on the wire. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }
}
