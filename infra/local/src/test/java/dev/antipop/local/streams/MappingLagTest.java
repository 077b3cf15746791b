package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.antipop.local.dynamodb.WriteSignal;
import dev.antipop.local.streams.EventSourceMappingSettings.StartingPosition;
import dev.antipop.local.streams.FakeStream.RecordingFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The console's mapping figures: records behind and the oldest's age ({@link EventSourceMapping#lag()}), counters. */
class MappingLagTest {

    private final WriteSignal writes = new WriteSignal();

    private EventSourceMapping mapping(FakeStream stream, RecordingFunction function, StartingPosition position) {
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                        "recorder", FakeStream.ARN, "us-east-1", position)
                .withBatchSize(10);
        return new EventSourceMapping(
                settings, stream, function, writes, Duration.ofMillis(50), RetryBackoff.localDefault(), f -> {});
    }

    private static String[] ids(int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = "r" + i;
        }
        return ids;
    }

    @Test
    void lagCountsTheRecordsNotYetDeliveredAndFallsToZero() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        Instant before = Instant.now();
        stream.append("s1", ids(25));
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping = mapping(stream, function, StartingPosition.TRIM_HORIZON)) {
            assertThat(mapping.pollOnce()).isTrue();
            EventSourceMapping.Lag afterOne = mapping.lag();
            assertThat(afterOne.recordsBehind()).isEqualTo(15);
            assertThat(afterOne.oldestAge()).isBetween(Duration.ZERO, Duration.between(before, Instant.now()));
            mapping.pollOnce();
            mapping.pollOnce();

            assertThat(mapping.lag()).isEqualTo(new EventSourceMapping.Lag(0, Duration.ZERO));
            assertThat(mapping.stats().snapshot()).isEqualTo(new DeliveryStats.Snapshot(3, 0, 0, 25, 0));
        }
    }

    @Test
    void aBatchBeingDeliveredIsBehindUntilTheFunctionAnswers() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        CountDownLatch release = new CountDownLatch(1);
        RecordingFunction function = new RecordingFunction((ids, seqs, n) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[0];
        });

        try (EventSourceMapping mapping = mapping(stream, function, StartingPosition.LATEST)) {
            mapping.start();
            stream.append("s1", ids(12));
            writes.signal();
            await().atMost(Duration.ofSeconds(5)).until(() -> function.batches.size() == 1);

            // 10 in flight, 2 not read yet.
            assertThat(mapping.lag().recordsBehind()).isEqualTo(12);

            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> mapping.lag().recordsBehind() == 0);
        }
    }

    @Test
    void failuresRetriesAndSkippedRecordsAreCounted() throws Exception {
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                        "recorder", FakeStream.ARN, "us-east-1", StartingPosition.TRIM_HORIZON)
                .withRetries(2, false, false);
        List<OnFailureRecord> skipped = new ArrayList<>();
        RecordingFunction failing = new RecordingFunction((ids, seqs, n) -> {
            throw FakeStream.error("boom");
        });
        BatchDelivery delivery = new BatchDelivery(
                settings, failing, RetryBackoff.localDefault(), d -> {}, Clock.systemUTC(), skipped::add);

        delivery.deliver("s1", new FakeStream().shard("s1", null).append("s1", "a", "b", "c"));

        assertThat(delivery.stats().snapshot()).isEqualTo(new DeliveryStats.Snapshot(3, 3, 2, 0, 3));
        assertThat(skipped).hasSize(1);
    }
}
