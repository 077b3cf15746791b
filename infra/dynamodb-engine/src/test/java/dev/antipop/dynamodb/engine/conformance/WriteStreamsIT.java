package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The write path feeds the table's stream: one record per item a write changed, none for a write that changes nothing
 * or whose condition failed (developer guide, "Change data capture for DynamoDB Streams").
 */
class WriteStreamsIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);
    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(engine.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    private List<Record> records(String table) {
        String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()
                .getFirst()
                .shardId();
        String iterator = streams.getShardIterator(
                        b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return streams.getRecords(b -> b.shardIterator(iterator)).records();
    }

    @Test
    void onlyWritesThatChangeAnItemAreRecorded() {
        String table = Sdk.table(client, "wstream", false);
        client.updateTable(b -> b.tableName(table)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
                Map.of("pk", s("a"), "v", n(1));
        client.putItem(b -> b.tableName(table).item(item)); // INSERT
        client.putItem(b -> b.tableName(table).item(item)); // identical: nothing
        client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("a")))
                .updateExpression("SET v = :one")
                .expressionAttributeValues(Map.of(":one", n(1)))); // same value: nothing
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s("a"), "v", n(9)))
                        .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class); // failed: nothing
        client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("none")))); // no item: nothing
        client.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder()
                        .update(u -> u.tableName(table)
                                .key(Map.of("pk", s("a")))
                                .updateExpression("SET v = :two")
                                .expressionAttributeValues(Map.of(":two", n(2))))
                        .build(),
                TransactWriteItem.builder()
                        .put(p -> p.tableName(table).item(Map.of("pk", s("b"))))
                        .build())); // MODIFY a, INSERT b
        client.batchWriteItem(b -> b.requestItems(Map.of(
                table,
                List.of(WriteRequest.builder()
                        .deleteRequest(d -> d.key(Map.of("pk", s("b"))))
                        .build())))); // REMOVE b

        List<Record> records = records(table);
        assertThat(records)
                .extracting(r -> r.eventNameAsString())
                .containsExactly("INSERT", "MODIFY", "INSERT", "REMOVE");
        Record modify = records.get(1);
        assertThat(modify.dynamodb().oldImage()).containsEntry("v", n(1));
        assertThat(modify.dynamodb().newImage()).containsEntry("v", n(2));
        assertThat(modify.dynamodb().keys()).isEqualTo(Map.of("pk", s("a")));
    }
}
