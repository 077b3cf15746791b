package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.chaos.Chaos;
import dev.antipop.local.dynamodb.WriteSignal;
import dev.antipop.local.streams.EventSourceMappingSettings.StartingPosition;
import dev.antipop.local.streams.FakeStream.RecordingFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mapping restarted on the same {@code --db-path} resumes after its saved checkpoints, as Lambda's ESM does. */
class MappingResumeTest {

    @TempDir
    Path dbPath;

    private EventSourceMapping mapping(FakeStream stream, RecordingFunction function, StartingPosition position) {
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                        "recorder", FakeStream.ARN, "us-east-1", position)
                .withBatchSize(10);
        return new EventSourceMapping(
                settings,
                stream,
                function,
                new WriteSignal(),
                Duration.ofMillis(50),
                RetryBackoff.localDefault(),
                failure -> {},
                Chaos.off(),
                MappingCheckpoints.under(dbPath));
    }

    @Test
    void aRestartedMappingDeliversOnlyWhatCameAfterItsCheckpoint() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", "a", "b", "c");
        RecordingFunction before = RecordingFunction.succeeding();
        try (EventSourceMapping mapping = mapping(stream, before, StartingPosition.TRIM_HORIZON)) {
            assertThat(mapping.pollOnce()).isTrue();
        }
        stream.append("s1", "d", "e");

        RecordingFunction after = RecordingFunction.succeeding();
        try (EventSourceMapping mapping = mapping(stream, after, StartingPosition.TRIM_HORIZON)) {
            assertThat(mapping.pollOnce()).isTrue();
            assertThat(mapping.pollOnce()).isFalse();
        }

        assertThat(before.flattened()).containsExactly("a", "b", "c");
        assertThat(after.flattened()).containsExactly("d", "e");
    }

    @Test
    void aLatestMappingResumesFromItsCheckpointNotFromTheNewLatest() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        RecordingFunction before = RecordingFunction.succeeding();
        try (EventSourceMapping mapping = mapping(stream, before, StartingPosition.LATEST)) {
            mapping.pollOnce();
            stream.append("s1", "a");
            assertThat(mapping.pollOnce()).isTrue();
        }
        // Written while the mapping was down: LATEST would skip them, the checkpoint does not.
        stream.append("s1", "b", "c");

        RecordingFunction after = RecordingFunction.succeeding();
        try (EventSourceMapping mapping = mapping(stream, after, StartingPosition.LATEST)) {
            assertThat(mapping.pollOnce()).isTrue();
        }

        assertThat(before.flattened()).containsExactly("a");
        assertThat(after.batches).containsExactly(List.of("b", "c"));
    }

    @Test
    void withoutADbPathARestartFollowsStartingPosition() throws Exception {
        FakeStream stream = new FakeStream().shard("s1", null);
        stream.append("s1", "a");
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults(
                "recorder", FakeStream.ARN, "us-east-1", StartingPosition.TRIM_HORIZON);
        RecordingFunction first = RecordingFunction.succeeding();
        RecordingFunction second = RecordingFunction.succeeding();
        for (RecordingFunction function : List.of(first, second)) {
            try (EventSourceMapping mapping = new EventSourceMapping(
                    settings,
                    stream,
                    function,
                    new WriteSignal(),
                    Duration.ofMillis(50),
                    RetryBackoff.localDefault(),
                    failure -> {},
                    Chaos.off(),
                    MappingCheckpoints.none())) {
                mapping.pollOnce();
            }
        }

        assertThat(first.flattened()).containsExactly("a");
        assertThat(second.flattened()).containsExactly("a");
    }
}
