package dev.antipop.dynamodb.engine.stream;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import dev.antipop.dynamodb.engine.DynamoDbServer;
import dev.antipop.dynamodb.engine.conformance.Sdk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams through the real SDK v2 clients against a running engine. */
class StreamsIT {

    /** A server on a hand-moved stream clock (rollover, retention, iterator expiry) and a fast TTL sweep. */
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private static DynamoDbServer server;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() {
        server = DynamoDbServer.builder()
                .port(0)
                .streamSettings(StreamSettings.defaults("us-east-1").withClock(CLOCK))
                .timeToLiveSweepInterval(Duration.ofMillis(20))
                .start();
        dynamo = Sdk.client(server.endpoint());
        streams = StreamsSdk.client(server.endpoint());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        streams.close();
        server.close();
    }

    private static String tableWithStream(StreamViewType viewType) {
        String name = DynamoDbEngineExtension.uniqueTableName("streams");
        return dynamo.createTable(b -> b.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(Sdk.definition("pk", ScalarAttributeType.S))
                        .keySchema(Sdk.key("pk", KeyType.HASH))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)))
                .tableDescription()
                .latestStreamArn();
    }

    private static String tableOf(String streamArn) {
        return streamArn.substring(streamArn.indexOf(":table/") + 7, streamArn.indexOf("/stream/"));
    }

    @Test
    void everyOperationWithRecordsInItemOrder() {
        String arn = tableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
        String table = tableOf(arn);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(1))));
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("a")))
                .updateExpression("SET v = v + :one")
                .expressionAttributeValues(Map.of(":one", n(1))));
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s("a"), "v", n(9)))
                        .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(2)))); // changes nothing
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("a"))));

        var listed = streams.listStreams(b -> b.tableName(table)).streams();
        assertThat(listed).hasSize(1);
        assertThat(listed.getFirst().streamArn()).isEqualTo(arn);
        assertThat(listed.getFirst().tableName()).isEqualTo(table);
        var description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(description.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(description.tableName()).isEqualTo(table);
        assertThat(description.keySchema()).containsExactly(Sdk.key("pk", KeyType.HASH));
        assertThat(description.creationRequestDateTime()).isNotNull();
        assertThat(description.shards()).hasSize(1);
        assertThat(description.shards().getFirst().sequenceNumberRange().startingSequenceNumber())
                .isNotNull();

        List<Record> records =
                StreamsSdk.readAll(streams, arn, description.shards().getFirst().shardId());
        assertThat(records)
                .extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        Record modify = records.get(1);
        assertThat(modify.eventVersion()).isEqualTo("1.1");
        assertThat(modify.eventSource()).isEqualTo("aws:dynamodb");
        assertThat(modify.awsRegion()).isEqualTo("us-east-1");
        assertThat(modify.eventID()).isNotBlank();
        assertThat(modify.userIdentity()).isNull();
        assertThat(modify.dynamodb().keys()).isEqualTo(Map.of("pk", s("a")));
        assertThat(modify.dynamodb().oldImage()).containsEntry("v", n(1));
        assertThat(modify.dynamodb().newImage()).containsEntry("v", n(2));
        assertThat(modify.dynamodb().sizeBytes()).isPositive();
        assertThat(modify.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(modify.dynamodb().approximateCreationDateTime()).isNotNull();
        assertThat(records)
                .extracting(r -> r.dynamodb().sequenceNumber())
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(
            value = StreamViewType.class,
            names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
    void everyViewType(StreamViewType viewType) {
        String arn = tableWithStream(viewType);
        String table = tableOf(arn);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(1))));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(2))));
        Record modify = StreamsSdk.readAll(streams, arn, StreamsSdk.firstShard(streams, arn))
                .get(1);
        assertThat(modify.dynamodb().streamViewType()).isEqualTo(viewType);
        assertThat(modify.dynamodb().hasNewImage())
                .isEqualTo(viewType.toString().contains("NEW"));
        assertThat(modify.dynamodb().hasOldImage())
                .isEqualTo(viewType.toString().contains("OLD"));
        assertThat(modify.dynamodb().keys()).isEqualTo(Map.of("pk", s("a")));
    }

    @Test
    void iteratorTypesAndSequenceNumbersAcrossTables() {
        String a = tableWithStream(StreamViewType.KEYS_ONLY);
        String b = tableWithStream(StreamViewType.KEYS_ONLY);
        for (int i = 0; i < 5; i++) {
            String id = "k" + i;
            dynamo.putItem(r -> r.tableName(tableOf(a)).item(Map.of("pk", s(id))));
            dynamo.putItem(r -> r.tableName(tableOf(b)).item(Map.of("pk", s(id))));
        }
        String shard = StreamsSdk.firstShard(streams, a);
        List<String> sequences = StreamsSdk.readAll(streams, a, shard).stream()
                .map(r -> r.dynamodb().sequenceNumber())
                .toList();
        List<String> both = new ArrayList<>(sequences);
        StreamsSdk.readAll(streams, b, StreamsSdk.firstShard(streams, b))
                .forEach(r -> both.add(r.dynamodb().sequenceNumber()));
        assertThat(both).hasSize(10).doesNotHaveDuplicates();

        String at = streams.getShardIterator(r -> r.streamArn(a)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber(sequences.get(3)))
                .shardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(at)).records())
                .extracting(r -> r.dynamodb().sequenceNumber())
                .containsExactlyElementsOf(sequences.subList(3, 5));
        String after = streams.getShardIterator(r -> r.streamArn(a)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(sequences.get(3)))
                .shardIterator();
        var limited = streams.getRecords(r -> r.shardIterator(after).limit(1));
        assertThat(limited.records())
                .extracting(r -> r.dynamodb().sequenceNumber())
                .containsExactly(sequences.get(4));
        String latest = streams.getShardIterator(
                        r -> r.streamArn(a).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(latest)).records()).isEmpty();
        dynamo.putItem(r -> r.tableName(tableOf(a)).item(Map.of("pk", s("late"))));
        assertThat(streams.getRecords(r -> r.shardIterator(latest)).records())
                .extracting(r -> r.dynamodb().keys().get("pk").s())
                .containsExactly("late");
    }

    @Test
    void errorsMapToTheSdksTypedExceptions() {
        String arn = tableWithStream(StreamViewType.KEYS_ONLY);
        String shard = StreamsSdk.firstShard(streams, arn);
        assertThatThrownBy(() -> streams.describeStream(b -> b.streamArn(arn + "0")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn(arn)
                        .shardId("shardId-00000000000000000000-00000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn(arn)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber("999999999999999999999")))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator("x".repeat(40))))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));

        String old = streams.getShardIterator(
                        b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        CLOCK.advance(Duration.ofMinutes(16));
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(old)))
                .isInstanceOf(ExpiredIteratorException.class);
    }

    @Test
    void trimmedRecordsAndRollover() {
        String arn = tableWithStream(StreamViewType.KEYS_ONLY);
        String table = tableOf(arn);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("first"))));
        String shard = StreamsSdk.firstShard(streams, arn);
        String sequence =
                StreamsSdk.readAll(streams, arn, shard).getFirst().dynamodb().sequenceNumber();
        CLOCK.advance(Duration.ofHours(4));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("second"))));
        var shards = streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards();
        assertThat(shards).hasSize(2);
        assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(shards.get(1).parentShardId()).isEqualTo(shards.get(0).shardId());
        assertThat(StreamsSdk.readAll(streams, arn, shards.get(1).shardId()))
                .extracting(r -> r.dynamodb().keys().get("pk").s())
                .containsExactly("second");
        CLOCK.advance(Duration.ofHours(21));
        assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn(arn)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber(sequence)))
                .isInstanceOf(TrimmedDataAccessException.class);
    }

    @Test
    void listenerIsToldOfEachWrite() throws InterruptedException {
        String arn = tableWithStream(StreamViewType.KEYS_ONLY);
        BlockingQueue<String> heard = new ArrayBlockingQueue<>(16);
        StreamListener listener = (streamArn, shardId, sequenceNumber) -> {
            if (streamArn.equals(arn)) {
                heard.add(shardId + " " + sequenceNumber);
            }
        };
        server.engine().streams().addListener(listener);
        try {
            dynamo.putItem(b -> b.tableName(tableOf(arn)).item(Map.of("pk", s("a"))));
            String event = heard.poll(5, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            String[] parts = event.split(" ");
            var records = streams.getRecords(b -> b.shardIterator(streams.getShardIterator(r -> r.streamArn(arn)
                                    .shardId(parts[0])
                                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                                    .sequenceNumber(parts[1]))
                            .shardIterator()))
                    .records();
            assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).containsExactly(parts[1]);
        } finally {
            server.engine().streams().removeListener(listener);
        }
    }

    @Test
    void timeToLiveDeletionsAreServiceRemoves() {
        String arn = tableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
        String table = tableOf(arn);
        dynamo.updateTimeToLive(b ->
                b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
        long now = Instant.now().getEpochSecond();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("gone"), "expires", n(now - 60))));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("kept"), "expires", n(now + 3600))));
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("kept"))));
        List<Record> records = StreamsSdk.readUntil(
                streams,
                arn,
                StreamsSdk.firstShard(streams, arn),
                seen -> seen.stream()
                                .filter(r -> r.eventName() == OperationType.REMOVE)
                                .count()
                        == 2,
                Duration.ofSeconds(10));
        Record ttl = records.stream()
                .filter(r -> r.eventName() == OperationType.REMOVE
                        && r.dynamodb().keys().get("pk").s().equals("gone"))
                .findFirst()
                .orElseThrow();
        assertThat(ttl.userIdentity()).isNotNull();
        assertThat(ttl.userIdentity().type()).isEqualTo("Service");
        assertThat(ttl.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(ttl.dynamodb().oldImage()).containsEntry("expires", n(now - 60));
        Record user = records.stream()
                .filter(r -> r.eventName() == OperationType.REMOVE
                        && r.dynamodb().keys().get("pk").s().equals("kept"))
                .findFirst()
                .orElseThrow();
        assertThat(user.userIdentity()).isNull();
        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("gone"))))
                        .hasItem())
                .isFalse();
    }
}
