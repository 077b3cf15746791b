package dev.antipop.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingCheckpointsTest {

    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-11-30T00:00:00.000";

    @TempDir
    Path dbPath;

    @Test
    void savedCheckpointsReadBackForTheSameStream() {
        MappingCheckpoints checkpoints = MappingCheckpoints.under(dbPath);
        Map<String, MappingCheckpoints.Shard> shards = new LinkedHashMap<>();
        shards.put("shardId-1", new MappingCheckpoints.Shard("000100", true));
        shards.put("shardId-2", new MappingCheckpoints.Shard("000250", false));

        checkpoints.save("Processor.Stream", ARN, shards);

        assertThat(checkpoints.persistent()).isTrue();
        assertThat(checkpoints.file("Processor.Stream"))
                .isEqualTo(dbPath.resolve("event-source-mappings/Processor.Stream.json"))
                .exists();
        // A fresh object, as after a restart.
        assertThat(MappingCheckpoints.under(dbPath).load("Processor.Stream", ARN))
                .contains(shards);
        assertThat(MappingCheckpoints.under(dbPath).load("Processor.Stream", ARN + "x"))
                .isEmpty();
        assertThat(MappingCheckpoints.under(dbPath).load("Other.Stream", ARN)).isEmpty();
    }

    @Test
    void anUnreadableFileStartsAfreshAndInMemoryKeepsNothing() throws Exception {
        Path file = MappingCheckpoints.under(dbPath).file("M.E");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{not json");

        assertThat(MappingCheckpoints.under(dbPath).load("M.E", ARN)).isEmpty();

        MappingCheckpoints none = MappingCheckpoints.under(null);
        none.save("M.E", ARN, Map.of("s", new MappingCheckpoints.Shard("1", false)));
        assertThat(none.persistent()).isFalse();
        assertThat(none.load("M.E", ARN)).isEmpty();
    }
}
