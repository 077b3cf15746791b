package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.dynamodb.TableProvisioner;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import dev.antipop.local.streams.EventSourceMappingSettings.StartingPosition;
import dev.antipop.local.streams.FakeStream.RecordingFunction;
import dev.antipop.local.template.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Event source mappings over the DynamoDB engine: real writes with the SDK, a recording function. */
class EventSourceMappingIT {

    private static EmbeddedDynamoDb dynamoDb;
    private static int tables;
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private final List<OnFailureRecord> skipped = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.start("127.0.0.1", 0, null, "us-east-1");
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @AfterEach
    void closeMappings() {
        mappings.forEach(EventSourceMapping::close);
    }

    /** A fresh table with a NEW_IMAGE stream; returns {table name, stream ARN}. */
    private static String[] table() {
        String name = "esm-it-" + (++tables);
        TableDefinition definition = new TableDefinition(
                name,
                name,
                List.of(new TableDefinition.Attribute("id", "S")),
                List.of(new TableDefinition.Key("id", "HASH")),
                List.of(),
                List.of(),
                "NEW_IMAGE",
                null);
        String arn = new TableProvisioner(dynamoDb.client())
                .provision(List.of(definition))
                .get(name);
        return new String[] {name, arn};
    }

    private EventSourceMapping start(EventSourceMappingSettings settings, LambdaInvoker function) {
        return start(settings, function, Duration.ofSeconds(1));
    }

    private EventSourceMapping start(
            EventSourceMappingSettings settings, LambdaInvoker function, Duration fallbackPollInterval) {
        EventSourceMapping mapping = new EventSourceMapping(
                settings,
                new DynamoDbStreamSource(dynamoDb.streamsClient()),
                function,
                dynamoDb.writes(),
                fallbackPollInterval,
                new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(100)),
                skipped::add);
        mapping.start();
        mappings.add(mapping);
        return mapping;
    }

    private static EventSourceMappingSettings settings(String[] table, StartingPosition position) {
        return EventSourceMappingSettings.defaults("recorder", table[1], "us-east-1", position);
    }

    private static void put(String table, String... ids) {
        for (String id : ids) {
            dynamoDb.client().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id))));
        }
    }

    private static String[] ids(String prefix, int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = prefix + i;
        }
        return ids;
    }

    @Test
    void deliversEveryWriteInOrderWithinBatchSize() {
        String[] table = table();
        put(table[0], ids("r", 30));
        RecordingFunction function = RecordingFunction.succeeding();

        start(settings(table, StartingPosition.TRIM_HORIZON).withBatchSize(7), function);
        put(table[0], ids("s", 5));

        await().atMost(Duration.ofSeconds(20)).until(() -> function.flattened().size() == 35);
        List<String> expected = new ArrayList<>(Arrays.asList(ids("r", 30)));
        expected.addAll(Arrays.asList(ids("s", 5)));
        assertThat(function.flattened()).containsExactlyElementsOf(expected);
        assertThat(function.batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 7));
        assertThat(new String(function.events.get(0), StandardCharsets.UTF_8))
                .contains("\"eventSourceARN\":\"" + table[1] + "\"", "\"eventSource\":\"aws:dynamodb\"");
    }

    @Test
    void latestStartsAfterTheMappingWhileTrimHorizonReplaysHistory() {
        String[] table = table();
        put(table[0], "old");
        RecordingFunction latest = RecordingFunction.succeeding();
        RecordingFunction trimHorizon = RecordingFunction.succeeding();

        start(settings(table, StartingPosition.LATEST), latest);
        start(settings(table, StartingPosition.TRIM_HORIZON), trimHorizon);
        put(table[0], "new");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> trimHorizon.flattened().size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> latest.flattened().size() == 1);
        assertThat(trimHorizon.flattened()).containsExactly("old", "new");
        assertThat(latest.flattened()).containsExactly("new");
    }

    @Test
    void mappingsStartedOnAnEmptyShardSurviveWritesToOtherTablesFirst() {
        // Sequence numbers are per engine, never shared across tables: iterators taken on an empty shard, at either
        // position, still deliver the shard's first records after another table's write took a sequence number.
        String[] watched = table();
        String[] other = table();
        RecordingFunction latest = RecordingFunction.succeeding();
        RecordingFunction trimHorizon = RecordingFunction.succeeding();
        start(settings(watched, StartingPosition.LATEST), latest);
        start(settings(watched, StartingPosition.TRIM_HORIZON), trimHorizon);
        await().atMost(Duration.ofSeconds(20)).until(() -> mappings.stream().allMatch(m -> m.completedPolls() > 0));

        put(other[0], "elsewhere");
        put(watched[0], "first", "second");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> trimHorizon.flattened().size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> latest.flattened().size() == 2);
        assertThat(trimHorizon.flattened()).containsExactly("first", "second");
        assertThat(latest.flattened()).containsExactly("first", "second");
    }

    @Test
    void aFunctionThatFailsOnceGetsTheBatchAgainAndEachRecordSucceedsOnce() {
        String[] table = table();
        put(table[0], "a", "b", "c");
        List<String> succeeded = new CopyOnWriteArrayList<>();
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            if (n == 1) {
                throw FakeStream.error("first invocation fails");
            }
            succeeded.addAll(ids);
            return null;
        });

        start(settings(table, StartingPosition.TRIM_HORIZON), function);

        await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.size() == 3);
        assertThat(function.batches).containsExactly(List.of("a", "b", "c"), List.of("a", "b", "c"));
        assertThat(succeeded).containsExactly("a", "b", "c");
        assertThat(skipped).isEmpty();
    }

    @Test
    void aReportedItemFailureRedeliversFromThatRecordOn() {
        String[] table = table();
        put(table[0], "a", "b", "c", "d");
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            if (n == 1) {
                return ("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + seqs.get(ids.indexOf("c")) + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            return "{}".getBytes(StandardCharsets.UTF_8);
        });

        start(settings(table, StartingPosition.TRIM_HORIZON).withRetries(-1, false, true), function);

        await().atMost(Duration.ofSeconds(20)).until(() -> function.batches.size() == 2);
        assertThat(function.batches).containsExactly(List.of("a", "b", "c", "d"), List.of("c", "d"));
    }

    @Test
    void bisectIsolatesAPoisonRecordWhichIsSkippedAfterTheRetryLimit() {
        String[] table = table();
        put(table[0], "a", "b", "c", "poison", "e", "f", "g", "h");
        List<String> succeeded = new CopyOnWriteArrayList<>();
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            if (ids.contains("poison")) {
                throw FakeStream.error("poison");
            }
            succeeded.addAll(ids);
            return null;
        });

        start(settings(table, StartingPosition.TRIM_HORIZON).withRetries(4, true, false), function);

        await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.size() == 7 && skipped.size() == 1);
        assertThat(succeeded).containsExactly("a", "b", "c", "e", "f", "g", "h");
        assertThat(skipped.get(0).batchSize()).isEqualTo(1);
        assertThat(skipped.get(0).condition()).isEqualTo("RetryAttemptsExhausted");
        // 8 → 4 → 2 → 1, then the record alone until the fourth retry.
        assertThat(function.batches.stream().filter(b -> b.equals(List.of("poison"))))
                .hasSize(2);
    }

    @Test
    void writesWakeTheMappingWithoutPollingAndPutToInvokeLatencyIsPrinted() {
        String[] table = table();
        AtomicLong invokedAt = new AtomicLong();
        LambdaInvoker function = new LambdaInvoker() {
            @Override
            public String functionName() {
                return "latency";
            }

            @Override
            public byte[] invoke(byte[] event) throws FunctionErrorException {
                invokedAt.set(System.nanoTime());
                return new byte[0];
            }
        };
        // A fallback interval far beyond the test's patience: only the write signal can deliver these records.
        start(settings(table, StartingPosition.LATEST), function, Duration.ofHours(1));

        int rounds = 50;
        long[] putToInvoke = new long[rounds];
        long[] putOnly = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            invokedAt.set(0);
            long before = System.nanoTime();
            put(table[0], "l" + i);
            putOnly[i] = System.nanoTime() - before;
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> invokedAt.get() != 0);
            putToInvoke[i] = invokedAt.get() - before;
        }
        Arrays.sort(putToInvoke);
        Arrays.sort(putOnly);
        System.out.printf(
                "put -> invoke over %d puts: p50 %.2f ms, p99 %.2f ms; raw put p50 %.2f ms%n",
                rounds, putToInvoke[rounds / 2] / 1e6, putToInvoke[rounds * 99 / 100] / 1e6, putOnly[rounds / 2] / 1e6);
        assertThat(putToInvoke[0]).isPositive();
    }

    @Test
    void lagCountsTheRecordsNotYetDeliveredAndCountersTheFailuresAndRetries() throws Exception {
        String[] table = table();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        LambdaInvoker blockedThenFailingOnce = new LambdaInvoker() {
            @Override
            public String functionName() {
                return "recorder";
            }

            @Override
            public byte[] invoke(byte[] event) throws FunctionErrorException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (calls.incrementAndGet() == 1) {
                    throw new FunctionErrorException("recorder", "Failed", "first call fails", null);
                }
                return new byte[0];
            }
        };
        EventSourceMapping mapping = start(
                settings(table, StartingPosition.TRIM_HORIZON).withBatchSize(2).withRetries(3, false, false),
                blockedThenFailingOnce);
        put(table[0], ids("lag", 5));

        // The first batch of 2 is in flight (the function waits), 3 more are unread: all 5 are behind.
        await().atMost(Duration.ofSeconds(10)).until(() -> mapping.lag().recordsBehind() == 5);
        MappingLag behind = mapping.lag();
        assertThat(behind.recordsBehindCapped()).isFalse();
        assertThat(behind.oldestRecordAgeMillis()).isGreaterThanOrEqualTo(0);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> mapping.lag().equals(MappingLag.NONE));
        DeliveryCounters.Snapshot counters = mapping.counters();
        assertThat(counters.recordsDelivered()).isEqualTo(5);
        assertThat(counters.batchesDelivered()).isEqualTo(3);
        assertThat(counters.failures()).isEqualTo(1);
        assertThat(counters.retries()).isEqualTo(1);
        assertThat(counters.invocations()).isEqualTo(4);
        assertThat(counters.skippedRecords()).isZero();
    }
}
