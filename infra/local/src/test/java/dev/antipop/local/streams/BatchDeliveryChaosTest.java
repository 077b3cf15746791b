package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.chaos.Chaos;
import dev.antipop.local.chaos.ChaosSettings;
import dev.antipop.local.chaos.Fault;
import dev.antipop.local.streams.EventSourceMappingSettings.StartingPosition;
import dev.antipop.local.streams.FakeStream.RecordingFunction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

class BatchDeliveryChaosTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private final List<Duration> waits = new ArrayList<>();
    private final List<OnFailureRecord> skipped = new ArrayList<>();

    private Chaos chaos;

    private BatchDelivery delivery(RecordingFunction function, Map<Fault, Double> rates) {
        return delivery(function, rates, 3, true);
    }

    private BatchDelivery delivery(RecordingFunction function, Map<Fault, Double> rates, int retries, boolean bisect) {
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                        "recorder", FakeStream.ARN, "us-east-1", StartingPosition.TRIM_HORIZON)
                .withRetries(retries, bisect, true);
        chaos = Chaos.of(new ChaosSettings(9, rates, Duration.ofMillis(100)));
        return new BatchDelivery(
                settings,
                function,
                RetryBackoff.localDefault(),
                waits::add,
                Clock.fixed(NOW, ZoneOffset.UTC),
                skipped::add,
                chaos);
    }

    private static List<Record> batch(String... ids) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            records.add(FakeStream.record(ids[i], Integer.toString(1000 + i), NOW.minusSeconds(1)));
        }
        return records;
    }

    @Test
    void aDuplicatedBatchReachesTheFunctionTwice() throws Exception {
        RecordingFunction function = RecordingFunction.succeeding();

        delivery(function, Map.of(Fault.DUPLICATE_BATCH, 1.0)).deliver("shard-1", batch("a", "b"));

        assertThat(function.batches).containsExactly(List.of("a", "b"), List.of("a", "b"));
        assertThat(skipped).isEmpty();
    }

    @Test
    void aFailedOrTimedOutBatchIsRetriedUntilTheFaultMissesIt() throws Exception {
        RecordingFunction function = RecordingFunction.succeeding();

        delivery(function, Map.of(Fault.TIMEOUT, 0.5, Fault.FAILED_BATCH, 0.3), 50, false)
                .deliver("shard-1", batch("a", "b"));

        // A failed batch never reached the function; a timed-out one did. Every attempt but the last was a fault
        // followed by a backoff wait, and the batch got through in the end.
        long faults = chaos.injected(Fault.TIMEOUT) + chaos.injected(Fault.FAILED_BATCH);
        assertThat(faults).isPositive();
        assertThat(skipped).isEmpty();
        assertThat(function.batches).hasSize((int) (faults - chaos.injected(Fault.FAILED_BATCH) + 1));
        assertThat(function.batches).allSatisfy(b -> assertThat(b).containsExactly("a", "b"));
        assertThat(waits).hasSize((int) faults);
    }

    @Test
    void aPoisonRecordIsSkippedAloneAfterItsRetries() throws Exception {
        // A consumer that, like EventStreamProcessor, reports a record it cannot decode (the poison has no "id" key).
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> seqs.size() > ids.size()
                ? ("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + seqs.get(ids.size()) + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8)
                : new byte[0]);

        delivery(function, Map.of(Fault.POISON_RECORD, 1.0)).deliver("shard-1", batch("a", "b", "c"));

        assertThat(function.batches.get(0)).containsExactly("a", "b", "c");
        assertThat(function.flattened()).containsOnlyOnce("a", "b", "c");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).batchSize()).isEqualTo(1);
        assertThat(skipped.get(0).startSequenceNumber()).isEqualTo("10020");
    }

    @Test
    void aStreamDelayWaitsBeforeTheBatch() throws Exception {
        RecordingFunction function = RecordingFunction.succeeding();

        delivery(function, Map.of(Fault.STREAM_DELAY, 1.0)).deliver("shard-1", batch("a"));

        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(function.batches).containsExactly(List.of("a"));
    }
}
