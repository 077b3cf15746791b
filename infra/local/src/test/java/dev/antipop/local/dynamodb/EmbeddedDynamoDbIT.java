package dev.antipop.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.antipop.local.LocalCloudException;
import dev.antipop.local.template.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class EmbeddedDynamoDbIT {

    private static final TableDefinition SESSIONS = new TableDefinition(
            "SessionsTable",
            "it-sessions",
            List.of(new TableDefinition.Attribute("id", "S"), new TableDefinition.Attribute("user", "S")),
            List.of(new TableDefinition.Key("id", "HASH")),
            List.of(new TableDefinition.Index(
                    "byUser", List.of(new TableDefinition.Key("user", "HASH")), "KEYS_ONLY", List.of())),
            List.of(),
            "NEW_AND_OLD_IMAGES",
            "expiresAt");

    private static EmbeddedDynamoDb dynamoDb;
    private static Map<String, String> streamArns;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.start("127.0.0.1", 0, null, "us-east-1");
        streamArns = new TableProvisioner(dynamoDb.client()).provision(List.of(SESSIONS));
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @Test
    void createsTablesWithIndexesStreamsAndTimeToLive() {
        TableDescription table =
                dynamoDb.client().describeTable(b -> b.tableName("it-sessions")).table();

        assertThat(dynamoDb.port()).isPositive();
        assertThat(table.globalSecondaryIndexes())
                .extracting(i -> i.indexName())
                .containsExactly("byUser");
        assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(streamArns).containsEntry("SessionsTable", table.latestStreamArn());
        assertThat(dynamoDb.client()
                        .describeTimeToLive(b -> b.tableName("it-sessions"))
                        .timeToLiveDescription()
                        .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);
        // Provisioning again keeps the table (and its stream) as it is.
        assertThat(new TableProvisioner(dynamoDb.client()).provision(List.of(SESSIONS)))
                .isEqualTo(streamArns);
    }

    @Test
    void everyRegionAndAccessKeySeesTheSameTables() {
        try (var other = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("other", "key")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            assertThat(other.listTables().tableNames()).contains("it-sessions");
        }
    }

    @Test
    void signalsEveryWriteButNoRead() {
        long before = dynamoDb.writes().current();
        dynamoDb.client().putItem(b -> b.tableName("it-sessions").item(item("w1", "u1", null)));
        long afterPut = dynamoDb.writes().current();
        dynamoDb.client().getItem(b -> b.tableName("it-sessions").key(Map.of("id", s("w1"))));

        assertThat(afterPut).isGreaterThan(before);
        assertThat(dynamoDb.writes().current()).isEqualTo(afterPut);
    }

    @Test
    void signalsAStreamOnlyForItsOwnRecords() {
        WriteSignal sessions = dynamoDb.writes(streamArns.get("SessionsTable"));
        WriteSignal elsewhere = dynamoDb.writes("arn:aws:dynamodb:us-east-1:000000000000:table/other/stream/x");
        long sessionsBefore = sessions.current();
        long elsewhereBefore = elsewhere.current();

        dynamoDb.client().putItem(b -> b.tableName("it-sessions").item(item("w2", "u2", null)));

        assertThat(sessions.current()).isGreaterThan(sessionsBefore);
        assertThat(elsewhere.current()).isEqualTo(elsewhereBefore);
        assertThat(dynamoDb.writes(streamArns.get("SessionsTable"))).isSameAs(sessions);
    }

    @Test
    void expiredItemsAreRemovedWithAServiceStreamRecord() {
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        dynamoDb.client().putItem(b -> b.tableName("it-sessions").item(item("ttl-1", "u2", past)));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(dynamoDb.client()
                                .getItem(b -> b.tableName("it-sessions").key(Map.of("id", s("ttl-1"))))
                                .hasItem())
                        .isFalse());
        Record removal = allRecords().stream()
                .filter(r -> r.eventName() == OperationType.REMOVE
                        && r.dynamodb().keys().get("id").s().equals("ttl-1"))
                .findFirst()
                .orElseThrow();

        assertThat(removal.dynamodb().oldImage()).containsKey("expiresAt");
        assertThat(removal.userIdentity()).isNotNull();
        assertThat(removal.userIdentity().type()).isEqualTo("Service");
        assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
    }

    @Test
    void aPortInUseIsOneClearError() {
        int taken = dynamoDb.port();
        assertThatThrownBy(() -> EmbeddedDynamoDb.start("127.0.0.1", taken, null, "us-east-1"))
                .isInstanceOf(LocalCloudException.class)
                .hasMessage("DynamoDB engine: port " + taken + " on 127.0.0.1 is in use (choose another with"
                        + " --port-dynamodb)");
    }

    private static List<Record> allRecords() {
        var streams = dynamoDb.streamsClient();
        String streamArn = streamArns.get("SessionsTable");
        List<Record> records = new ArrayList<>();
        for (var shard : streams.describeStream(b -> b.streamArn(streamArn))
                .streamDescription()
                .shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    private static Map<String, AttributeValue> item(String id, String user, Long expiresAt) {
        var item = new java.util.HashMap<String, AttributeValue>();
        item.put("id", s(id));
        item.put("user", s(user));
        if (expiresAt != null) {
            item.put("expiresAt", AttributeValue.fromN(Long.toString(expiresAt)));
        }
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
