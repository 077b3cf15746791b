package dev.antipop.dynamodb.engine.store;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import dev.antipop.dynamodb.engine.conformance.Sdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A server restarted on its data directory finds everything it acknowledged. */
class DurabilityIT {

    private static DynamoDbServer start(Path dir) {
        return DynamoDbServer.builder().port(0).dataDirectory(dir).start();
    }

    private static DynamoDbStreamsClient streams(DynamoDbServer server) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static List<Record> records(DynamoDbStreamsClient streams, String arn) {
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

    private static TransactWriteItem put(String table, String pk, long v) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(Map.of("pk", s(pk), "v", n(v))))
                .build();
    }

    @Test
    void restartFindsTablesItemsStreamsAndTokens(@TempDir Path dir) {
        String arn;
        List<Record> before;
        try (DynamoDbServer server = start(dir);
                DynamoDbClient client = Sdk.client(server.endpoint());
                DynamoDbStreamsClient streams = streams(server)) {
            arn = client.createTable(b -> b.tableName("orders")
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(
                                    Sdk.definition("pk", ScalarAttributeType.S),
                                    Sdk.definition("g", ScalarAttributeType.S))
                            .keySchema(Sdk.key("pk", KeyType.HASH))
                            .globalSecondaryIndexes(i -> i.indexName("by-g")
                                    .keySchema(Sdk.key("g", KeyType.HASH))
                                    .projection(p -> p.projectionType(ProjectionType.ALL)))
                            .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                    .tableDescription()
                    .latestStreamArn();
            client.updateTimeToLive(b -> b.tableName("orders")
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
            client.putItem(b -> b.tableName("orders").item(Map.of("pk", s("a"), "g", s("x"), "v", n(1))));
            client.putItem(b -> b.tableName("orders").item(Map.of("pk", s("b"), "g", s("x"), "v", n(2))));
            client.deleteItem(b -> b.tableName("orders").key(Map.of("pk", s("b"))));
            client.transactWriteItems(
                    b -> b.clientRequestToken("token-1").transactItems(put("orders", "c", 3), put("orders", "d", 4)));
            before = records(streams, arn);
            assertThat(before).hasSize(5);
        }

        try (DynamoDbServer server = start(dir);
                DynamoDbClient client = Sdk.client(server.endpoint());
                DynamoDbStreamsClient streams = streams(server)) {
            var table = client.describeTable(b -> b.tableName("orders")).table();
            assertThat(table.globalSecondaryIndexes())
                    .extracting(i -> i.indexName())
                    .containsExactly("by-g");
            assertThat(table.latestStreamArn()).isEqualTo(arn);
            assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
            assertThat(client.describeTimeToLive(b -> b.tableName("orders"))
                            .timeToLiveDescription()
                            .timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(client.scan(b -> b.tableName("orders")).items())
                    .extracting(i -> i.get("pk").s())
                    .containsExactlyInAnyOrder("a", "c", "d");
            assertThat(client.query(b -> b.tableName("orders")
                                    .indexName("by-g")
                                    .keyConditionExpression("g = :g")
                                    .expressionAttributeValues(Map.of(":g", s("x"))))
                            .items())
                    .extracting(i -> i.get("pk").s())
                    .containsExactly("a");
            List<Record> after = records(streams, arn);
            assertThat(after)
                    .extracting(r -> r.dynamodb().sequenceNumber())
                    .containsExactlyElementsOf(before.stream()
                            .map(r -> r.dynamodb().sequenceNumber())
                            .toList());
            assertThat(after)
                    .extracting(Record::eventID)
                    .containsExactlyElementsOf(
                            before.stream().map(Record::eventID).toList());

            // The token survives: the same request is idempotent, another with it a mismatch.
            client.putItem(b -> b.tableName("orders").item(Map.of("pk", s("c"), "v", n(30))));
            client.transactWriteItems(
                    b -> b.clientRequestToken("token-1").transactItems(put("orders", "c", 3), put("orders", "d", 4)));
            assertThat(client.getItem(b -> b.tableName("orders").key(Map.of("pk", s("c"))))
                            .item())
                    .containsEntry("v", n(30));
            assertThatThrownBy(() -> client.transactWriteItems(
                            b -> b.clientRequestToken("token-1").transactItems(put("orders", "e", 5))))
                    .isInstanceOf(IdempotentParameterMismatchException.class);

            // New records continue above the old sequence numbers.
            client.putItem(b -> b.tableName("orders").item(Map.of("pk", s("f"), "v", n(6))));
            List<Record> more = records(streams, arn);
            assertThat(more)
                    .extracting(r -> r.dynamodb().sequenceNumber())
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(more).hasSize(7);
        }
    }

    @Test
    void aSecondServerOnTheDirectoryIsRefused(@TempDir Path dir) {
        try (DynamoDbServer first = start(dir)) {
            assertThatThrownBy(() -> start(dir))
                    .hasMessageContaining("data directory")
                    .hasMessageContaining("is in use");
            assertThat(first.port()).isPositive();
        }
        start(dir).close();
    }
}
