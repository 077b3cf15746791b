package dev.antipop.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where event source mappings keep their checkpoints across restarts, as Lambda keeps an event source mapping's state
 * outside the function: with {@code --db-path DIR}, one JSON file per mapping in {@code DIR/event-source-mappings/}
 * ({@code <function logical id>.<event name>.json}):
 *
 * <pre>{"streamArn":"arn:aws:dynamodb:…/stream/…","shards":{"shardId-…":{"sequenceNumber":"…","finished":false}}}</pre>
 *
 * <p>A mapping writes its file after every delivered (or skipped) batch: write a temporary file, then an atomic rename,
 * so a {@code kill -9} leaves the old file or the new one, never half of one. A restarted mapping resumes after each
 * shard's sequence number ({@code AFTER_SEQUENCE_NUMBER}); a shard the file does not name is read from its trim
 * horizon; a file of another stream ARN (the table was re-created) is ignored. Records delivered after the last write
 * and before a crash are delivered again: at least once, as on AWS.
 *
 * <p>In memory ({@link #none()}) nothing is kept. Thread-safe for distinct mappings (each writes only its own file).
 */
public final class MappingCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(MappingCheckpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MappingCheckpoints NONE = new MappingCheckpoints(null);

    /** The directory under {@code --db-path}. */
    public static final String DIRECTORY = "event-source-mappings";

    /**
     * One shard's checkpoint.
     *
     * @param sequenceNumber the last record delivered or skipped; null when none was
     * @param finished whether the shard is closed and read to its end
     */
    public record Shard(String sequenceNumber, boolean finished) {}

    private final Path directory;

    private MappingCheckpoints(Path directory) {
        this.directory = directory;
    }

    /** Checkpoints kept nowhere (an in-memory local cloud). */
    public static MappingCheckpoints none() {
        return NONE;
    }

    /** Checkpoints kept in {@code dbPath/event-source-mappings/}; {@link #none()} when {@code dbPath} is null. */
    public static MappingCheckpoints under(Path dbPath) {
        return dbPath == null ? NONE : new MappingCheckpoints(dbPath.resolve(DIRECTORY));
    }

    /** Whether checkpoints are kept. */
    public boolean persistent() {
        return directory != null;
    }

    /** The file of a mapping (null when not persistent). */
    public Path file(String mappingName) {
        return directory == null ? null : directory.resolve(mappingName.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /**
     * The saved checkpoints of a mapping of {@code streamArn}, by shard id; empty when there are none (first start, in
     * memory, another stream, an unreadable file, which is logged).
     */
    public Optional<Map<String, Shard>> load(String mappingName, String streamArn) {
        Path file = file(mappingName);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!streamArn.equals(root.path("streamArn").asText())) {
                LOG.info("{}: checkpoints in {} are of another stream; starting afresh", mappingName, file);
                return Optional.empty();
            }
            Map<String, Shard> shards = new LinkedHashMap<>();
            root.path("shards")
                    .properties()
                    .forEach(e -> shards.put(
                            e.getKey(),
                            new Shard(
                                    e.getValue().path("sequenceNumber").isTextual()
                                            ? e.getValue()
                                                    .path("sequenceNumber")
                                                    .asText()
                                            : null,
                                    e.getValue().path("finished").asBoolean(false))));
            return Optional.of(shards);
        } catch (IOException e) {
            LOG.warn("{}: checkpoints in {} are unreadable ({}); starting afresh", mappingName, file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Replaces a mapping's checkpoints.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public void save(String mappingName, String streamArn, Map<String, Shard> shards) {
        Path file = file(mappingName);
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("streamArn", streamArn);
        ObjectNode byShard = root.putObject("shards");
        shards.forEach((id, shard) -> {
            ObjectNode node = byShard.putObject(id);
            node.put("sequenceNumber", shard.sequenceNumber());
            node.put("finished", shard.finished());
        });
        try {
            Files.createDirectories(directory);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writeValueAsBytes(root));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoints of " + mappingName + " to " + file, e);
        }
    }
}
