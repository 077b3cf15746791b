package dev.antipop.local.dynamodb;

import dev.antipop.local.template.TableDefinition;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.paginators.ListTablesIterable;

/**
 * Creates the template's tables in the DynamoDB engine: key schema, attribute definitions, global and local secondary
 * indexes, streams and TTL, all on-demand ({@code PAY_PER_REQUEST}; local capacity is not metered). Tables that
 * already exist (a persistent {@code --db-path}) are kept as they are, data included.
 */
public final class TableProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TableProvisioner.class);

    private final DynamoDbClient client;

    /** @param client a client of the local DynamoDB engine */
    public TableProvisioner(DynamoDbClient client) {
        this.client = client;
    }

    /**
     * Creates every table that does not exist yet and enables TTL where the template asks for it.
     *
     * @return the stream ARN ({@code LatestStreamArn}) of every table that has a stream, by logical id
     */
    public Map<String, String> provision(List<TableDefinition> tables) {
        Set<String> existing = new HashSet<>();
        ListTablesIterable pages = client.listTablesPaginator(b -> {});
        pages.tableNames().forEach(existing::add);
        Map<String, String> streamArns = new LinkedHashMap<>();
        for (TableDefinition table : tables) {
            TableDescription description;
            if (existing.contains(table.tableName())) {
                description = client.describeTable(b -> b.tableName(table.tableName()))
                        .table();
                log.info("table {} exists; kept as it is", table.tableName());
            } else {
                description = client.createTable(createRequest(table)).tableDescription();
            }
            if (table.timeToLiveAttribute() != null) {
                TimeToLiveStatus status = client.describeTimeToLive(b -> b.tableName(table.tableName()))
                        .timeToLiveDescription()
                        .timeToLiveStatus();
                if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
                    client.updateTimeToLive(b -> b.tableName(table.tableName())
                            .timeToLiveSpecification(t ->
                                    t.attributeName(table.timeToLiveAttribute()).enabled(true)));
                }
            }
            if (description.latestStreamArn() != null) {
                streamArns.put(table.logicalId(), description.latestStreamArn());
            }
        }
        return streamArns;
    }

    static CreateTableRequest createRequest(TableDefinition table) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(table.attributeDefinitions().stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(a.name())
                                .attributeType(a.type())
                                .build())
                        .toList())
                .keySchema(keys(table.keySchema()));
        if (!table.globalSecondaryIndexes().isEmpty()) {
            request.globalSecondaryIndexes(table.globalSecondaryIndexes().stream()
                    .map(i -> GlobalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keys(i.keySchema()))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        if (!table.localSecondaryIndexes().isEmpty()) {
            request.localSecondaryIndexes(table.localSecondaryIndexes().stream()
                    .map(i -> LocalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keys(i.keySchema()))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        if (table.streamViewType() != null) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(table.streamViewType())
                    .build());
        }
        return request.build();
    }

    private static List<KeySchemaElement> keys(List<TableDefinition.Key> keys) {
        return keys.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(k.name())
                        .keyType(k.keyType())
                        .build())
                .toList();
    }

    private static Projection projection(TableDefinition.Index index) {
        Projection.Builder projection = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return projection.build();
    }
}
