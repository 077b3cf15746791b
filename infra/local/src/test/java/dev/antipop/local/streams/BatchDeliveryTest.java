package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.antipop.local.streams.EventSourceMappingSettings.StartingPosition;
import dev.antipop.local.streams.FakeStream.RecordingFunction;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

class BatchDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T19:00:00Z");

    private final List<Duration> waits = new ArrayList<>();
    private final List<OnFailureRecord> skipped = new ArrayList<>();

    private static EventSourceMappingSettings settings() {
        return EventSourceMappingSettings.defaults(
                "recorder", FakeStream.ARN, "eu-west-1", StartingPosition.TRIM_HORIZON);
    }

    private BatchDelivery delivery(EventSourceMappingSettings settings, RecordingFunction function) {
        return new BatchDelivery(
                settings,
                function,
                RetryBackoff.localDefault(),
                waits::add,
                Clock.fixed(NOW, ZoneOffset.UTC),
                skipped::add);
    }

    private static List<Record> batch(String... ids) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            records.add(FakeStream.record(ids[i], Integer.toString(1000 + i), NOW.minusSeconds(1)));
        }
        return records;
    }

    @Test
    void aSuccessfulBatchIsOneInvocationWithLambdasEventShape() throws Exception {
        RecordingFunction function = RecordingFunction.succeeding();

        delivery(settings(), function).deliver("shard-1", batch("a", "b"));

        assertThat(function.batches).containsExactly(List.of("a", "b"));
        assertThat(waits).isEmpty();
        // The event reads back through the serializer the Lambda Java runtime uses for DynamodbEvent.
        DynamodbEvent event = LambdaEventSerializers.serializerFor(
                        DynamodbEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(function.events.get(0)));
        assertThat(event.getRecords()).hasSize(2);
        var first = event.getRecords().get(0);
        assertThat(first.getEventName()).isEqualTo("INSERT");
        assertThat(first.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(first.getEventVersion()).isEqualTo("1.1");
        assertThat(first.getAwsRegion()).isEqualTo("eu-west-1");
        assertThat(first.getEventSourceARN()).isEqualTo(FakeStream.ARN);
        assertThat(first.getDynamodb().getKeys().get("id").getS()).isEqualTo("a");
        assertThat(first.getDynamodb().getNewImage().get("n").getN()).isEqualTo("1");
        assertThat(first.getDynamodb().getSequenceNumber()).isEqualTo("1000");
        assertThat(first.getDynamodb().getStreamViewType()).isEqualTo("NEW_IMAGE");
        assertThat(first.getDynamodb().getApproximateCreationDateTime().toInstant())
                .isEqualTo(NOW.minusSeconds(1));
        assertThat(new String(function.events.get(0), StandardCharsets.UTF_8))
                .contains(
                        "\"ApproximateCreationDateTime\":" + NOW.minusSeconds(1).getEpochSecond() + ",");
    }

    @Test
    void aFunctionThatFailsOnceIsRetriedWithTheSameBatch() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            if (n == 1) {
                throw FakeStream.error("first call fails");
            }
            return null;
        });

        delivery(settings(), function).deliver("shard-1", batch("a", "b", "c"));

        assertThat(function.batches).containsExactly(List.of("a", "b", "c"), List.of("a", "b", "c"));
        assertThat(waits).containsExactly(Duration.ofMillis(50));
        assertThat(skipped).isEmpty();
    }

    @Test
    void infiniteRetriesKeepTryingUntilTheFunctionSucceeds() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            if (n <= 6) {
                throw FakeStream.error("not yet");
            }
            return new byte[0];
        });

        delivery(settings(), function).deliver("shard-1", batch("a"));

        assertThat(function.batches).hasSize(7);
        assertThat(waits).extracting(Duration::toMillis).containsExactly(50L, 100L, 200L, 400L, 800L, 1000L);
    }

    @Test
    void exhaustedRetriesSkipTheBatchWithOneOnFailureRecord() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            throw FakeStream.error("always");
        });

        delivery(settings().withRetries(2, false, false), function).deliver("shard-1", batch("a", "b"));

        assertThat(function.batches).hasSize(3);
        assertThat(skipped).hasSize(1);
        OnFailureRecord failure = skipped.get(0);
        assertThat(failure.condition()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failure.shardId()).isEqualTo("shard-1");
        assertThat(failure.startSequenceNumber()).isEqualTo("1000");
        assertThat(failure.endSequenceNumber()).isEqualTo("1001");
        assertThat(failure.batchSize()).isEqualTo(2);
        assertThat(failure.approximateInvokeCount()).isEqualTo(3);
    }

    @Test
    void zeroRetriesSkipAfterTheFirstFailure() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            throw FakeStream.error("always");
        });

        delivery(settings().withRetries(0, true, false), function).deliver("shard-1", batch("a", "b"));

        assertThat(function.batches).containsExactly(List.of("a", "b"));
        assertThat(skipped).extracting(OnFailureRecord::batchSize).containsExactly(2);
    }

    @Test
    void bisectIsolatesAPoisonRecordAndDeliversTheOthers() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            if (ids.contains("poison")) {
                throw FakeStream.error("cannot handle poison");
            }
            return new byte[0];
        });

        delivery(settings().withRetries(3, true, false), function).deliver("shard-1", batch("a", "b", "poison", "d"));

        assertThat(function.batches)
                .containsExactly(
                        List.of("a", "b", "poison", "d"),
                        List.of("a", "b"),
                        List.of("poison", "d"),
                        List.of("poison"),
                        List.of("poison"),
                        List.of("d"));
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).startSequenceNumber()).isEqualTo("1002");
        assertThat(skipped.get(0).endSequenceNumber()).isEqualTo("1002");
        assertThat(skipped.get(0).batchSize()).isEqualTo(1);
    }

    @Test
    void reportedItemFailureCheckpointsBeforeTheLowestFailedRecord() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> n == 1
                ? ("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + seqs.get(3) + "\"},{\"itemIdentifier\":\""
                                + seqs.get(2) + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8)
                : "{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8));

        delivery(settings().withRetries(-1, true, true), function).deliver("shard-1", batch("a", "b", "c", "d", "e"));

        assertThat(function.batches).containsExactly(List.of("a", "b", "c", "d", "e"), List.of("c", "d", "e"));
        assertThat(skipped).isEmpty();
    }

    @Test
    void anItemIdentifierNotInTheBatchFailsTheWholeBatch() throws Exception {
        for (String bad : List.of(
                "{\"itemIdentifier\":\"42\"}", "{\"itemIdentifier\":\"\"}", "{\"itemIdentifier\":null}", "{}")) {
            RecordingFunction function = new RecordingFunction((ids, seqs, n) ->
                    n == 1 ? ("{\"batchItemFailures\":[" + bad + "]}").getBytes(StandardCharsets.UTF_8) : null);

            delivery(settings().withRetries(-1, false, true), function).deliver("shard-1", batch("a", "b"));

            assertThat(function.batches).as(bad).containsExactly(List.of("a", "b"), List.of("a", "b"));
        }
    }

    @Test
    void emptyNullAndEmptyObjectResponsesAreSuccess() throws Exception {
        for (String response :
                List.of("", "null", "{}", "{\"batchItemFailures\":null}", "{\"batchItemFailures\":[]}")) {
            RecordingFunction function =
                    new RecordingFunction((ids, seqs, n) -> response.getBytes(StandardCharsets.UTF_8));

            delivery(settings().withRetries(-1, false, true), function).deliver("shard-1", batch("a"));

            assertThat(function.batches).as(response).hasSize(1);
        }
    }

    @Test
    void withoutReportBatchItemFailuresTheResponseIsIgnored() throws Exception {
        RecordingFunction function = new RecordingFunction((ids, seqs, n) ->
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"1000\"}]}".getBytes(StandardCharsets.UTF_8));

        delivery(settings(), function).deliver("shard-1", batch("a"));

        assertThat(function.batches).hasSize(1);
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreSkippedWithoutAnInvocation() throws Exception {
        RecordingFunction function = RecordingFunction.succeeding();
        List<Record> records = List.of(
                FakeStream.record("old", "1", NOW.minusSeconds(120)),
                FakeStream.record("new", "2", NOW.minusSeconds(5)));

        delivery(settings().withMaximumRecordAge(Duration.ofSeconds(60)), function)
                .deliver("shard-1", records);

        assertThat(function.batches).containsExactly(List.of("new"));
        assertThat(skipped).extracting(OnFailureRecord::condition).containsExactly("RecordAgeExceeded");
        assertThat(skipped.get(0).startSequenceNumber()).isEqualTo("1");
    }
}
