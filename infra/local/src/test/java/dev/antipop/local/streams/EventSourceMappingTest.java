package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.antipop.local.dynamodb.WriteSignal;
import dev.antipop.local.streams.EventSourceMappingSettings.StartingPosition;
import dev.antipop.local.streams.FakeStream.RecordingFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSourceMappingTest {

    private final WriteSignal writes = new WriteSignal();

    private EventSourceMapping mapping(
            FakeStream stream, RecordingFunction function, StartingPosition position, int batchSize, Duration poll) {
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                        "recorder", FakeStream.ARN, "us-east-1", position)
                .withBatchSize(batchSize);
        return new EventSourceMapping(
                settings, stream, function, writes, poll, RetryBackoff.localDefault(), failure -> {});
    }

    private static String[] ids(String prefix, int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = prefix + i;
        }
        return ids;
    }

    @Test
    void deliversInOrderInBatchesOfAtMostBatchSize() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", ids("r", 25));
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping =
                mapping(stream, function, StartingPosition.TRIM_HORIZON, 10, Duration.ofMillis(50))) {
            assertThat(mapping.pollOnce()).isTrue();
            assertThat(mapping.pollOnce()).isTrue();
            assertThat(mapping.pollOnce()).isTrue();
            assertThat(mapping.pollOnce()).isFalse();
        }

        assertThat(function.batches).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(function.flattened()).containsExactly(ids("r", 25));
    }

    @Test
    void aChildShardIsReadOnlyAfterItsParentIsFinished() throws Exception {
        // The child is listed first: lineage, not listing order, decides.
        FakeStream stream = new FakeStream().shard("child", "parent").shard("parent", null);
        stream.append("parent", "p0", "p1");
        stream.append("child", "c0");
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping =
                mapping(stream, function, StartingPosition.TRIM_HORIZON, 100, Duration.ofMillis(50))) {
            mapping.start();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> function.flattened().size() == 2);
            stream.append("parent", "p2");
            stream.close("parent");
            writes.signal();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> function.flattened().size() == 4);
        }

        assertThat(function.flattened()).containsExactly("p0", "p1", "p2", "c0");
    }

    @Test
    void latestSkipsRecordsWrittenBeforeStart() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", "before");
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping =
                mapping(stream, function, StartingPosition.LATEST, 100, Duration.ofMillis(50))) {
            mapping.start();
            stream.append("s1", "after");
            writes.signal();
            await().atMost(Duration.ofSeconds(5)).until(() -> !function.batches.isEmpty());
        }

        assertThat(function.flattened()).containsExactly("after");
    }

    @Test
    void trimHorizonDeliversRecordsWrittenBeforeStart() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", "before");
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping =
                mapping(stream, function, StartingPosition.TRIM_HORIZON, 100, Duration.ofMillis(50))) {
            mapping.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !function.batches.isEmpty());
        }

        assertThat(function.flattened()).containsExactly("before");
    }

    @Test
    void aWriteSignalWakesThePollerLongBeforeItsFallbackInterval() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping =
                mapping(stream, function, StartingPosition.TRIM_HORIZON, 100, Duration.ofMinutes(10))) {
            mapping.start();
            // Let the poller find the stream empty and go to sleep on the signal.
            await().atMost(Duration.ofSeconds(5)).until(() -> !stream.getRecordsLimits.isEmpty());
            stream.append("s1", "woken");
            writes.signal();
            await().atMost(Duration.ofSeconds(5)).until(() -> !function.batches.isEmpty());
        }

        assertThat(function.flattened()).containsExactly("woken");
    }

    @Test
    void largeBatchesAreReadInPagesOfAtMostOneThousand() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", ids("r", 2500));
        RecordingFunction function = RecordingFunction.succeeding();

        try (EventSourceMapping mapping =
                mapping(stream, function, StartingPosition.TRIM_HORIZON, 3000, Duration.ofMillis(50))) {
            assertThat(mapping.pollOnce()).isTrue();
        }

        assertThat(function.batches).extracting(List::size).containsExactly(2500);
        assertThat(new ArrayList<>(stream.getRecordsLimits)).startsWith("3000", "2000", "1000");
    }

    @Test
    void aBatchingWindowGathersRecordsUntilTheBatchIsFull() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", "r0", "r1", "r2");
        RecordingFunction function = RecordingFunction.succeeding();
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                        "recorder", FakeStream.ARN, "us-east-1", StartingPosition.TRIM_HORIZON)
                .withBatchSize(5)
                .withMaximumBatchingWindow(Duration.ofMinutes(5));

        try (EventSourceMapping mapping = new EventSourceMapping(
                settings, stream, function, writes, Duration.ofMillis(50), RetryBackoff.localDefault(), f -> {})) {
            mapping.start();
            // The poller holds the first three records for the window; two more fill the batch, which goes at once.
            await().atMost(Duration.ofSeconds(5)).until(() -> !stream.getRecordsLimits.isEmpty());
            stream.append("s1", "r3", "r4");
            writes.signal();
            await().atMost(Duration.ofSeconds(10)).until(() -> !function.batches.isEmpty());
        }

        assertThat(function.batches).containsExactly(List.of("r0", "r1", "r2", "r3", "r4"));
    }
}
