package dev.antipop.local.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.check.CheckReport;
import dev.antipop.local.check.ConsistencyChecker;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.streams.MappingCheckpoints;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The crash test of issue 13. A local cloud in a child JVM ({@code Main run --db-path DIR}, {@link ChildCloud}) takes
 * commands of every context from {@value #CLIENTS} soak clients; once every client has had commands acknowledged and
 * the stream mappings have saved checkpoints, it is killed with SIGKILL mid-load, then started again on the same
 * directory. Once every mapping has drained, the checker must find zero violations (settled), every command answered
 * 202 must have its events stored exactly once, and every mapping that had a checkpoint must resume from it: it
 * delivers only records after it, which fails if the checkpoints were lost and the restart re-read the stream from
 * {@code TRIM_HORIZON}.
 *
 * <p>Every wait has a deadline, and the whole test a hard timeout in a separate thread, so it fails instead of hanging
 * the build; the children are killed in {@link #killChildren()} whatever happens.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashRecoveryIT {

    private static final int CLIENTS = 4;
    /** Acknowledged commands per client before the kill: every client is past its sign-in and socket handshake. */
    private static final int ACKNOWLEDGED_PER_CLIENT = 4;
    /** Acknowledged commands in all before the kill. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;

    private static final String STACK = "antipop-local";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A command answered 201/202 with a position. */
    private record Acknowledged(String route, String commandId, String stream, long version) {}

    /** What does not hold for acknowledged commands, and how many had events of their own (not no-ops). */
    private record AcknowledgedCheck(List<String> wrong, int withEvents) {}

    @TempDir
    Path dbPath;

    private final List<ChildCloud> children = new ArrayList<>();
    private ExecutorService loadThread;

    @AfterEach
    void killChildren() {
        children.forEach(ChildCloud::close);
        if (loadThread != null) {
            loadThread.shutdownNow();
        }
    }

    @Test
    void aKilledLocalCloudRestartsConsistentAndResumesFromItsCheckpoints() throws Exception {
        long begin = System.nanoTime();
        ChildCloud first = start("first");
        Contexts contexts = Contexts.onClasspath();

        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicIntegerArray perClient = new AtomicIntegerArray(CLIENTS);
        AntipopClient client = new AntipopClient(first.http(), first.webSocket());
        loadThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "crash-load"));
        Future<SoakLoad.Figures> load = loadThread.submit(() -> SoakLoad.run(
                client,
                new CommandGenerator(contexts),
                CLIENTS,
                Duration.ofSeconds(120),
                77,
                (index, context, route, status, body, replay) -> {
                    if (status == 202 || status == 201) {
                        perClient.incrementAndGet(index);
                        JsonNode position = body.path("position");
                        if (position.path("stream").isTextual()) {
                            acknowledged.add(new Acknowledged(
                                    route,
                                    body.path("commandId").asText(),
                                    position.path("stream").asText(),
                                    position.path("version").asLong()));
                        }
                    }
                }));

        // Mid-load: every client is sending, enough commands are acknowledged, and mappings have checkpointed.
        Path checkpoints = dbPath.resolve(MappingCheckpoints.DIRECTORY);
        await("every client has " + ACKNOWLEDGED_PER_CLIENT + " acknowledged commands, " + ACKNOWLEDGED_BEFORE_KILL
                        + " in all, and a mapping has saved a checkpoint")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the first child died or the load ended", () -> !first.alive() || load.isDone())
                .until(() -> everyClientHas(perClient, ACKNOWLEDGED_PER_CLIENT)
                        && acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL
                        && !savedCheckpoints(checkpoints).isEmpty());
        long killedAt = System.nanoTime();
        assertThat(first.kill()).as("exit value of a SIGKILLed JVM (128 + 9)").isEqualTo(137);

        // The clients see refused connections and stop (SoakLoad.GIVE_UP_AFTER); none may hang on a dead socket.
        SoakLoad.Figures figures = load.get(60, TimeUnit.SECONDS);
        figures.print(System.out);
        assertThat(figures.byStatus())
                .as("answers by status: the clients saw the kill")
                .containsKey(SoakLoad.NO_ANSWER);
        Map<String, JsonNode> saved = savedCheckpoints(checkpoints);
        System.out.printf(
                "killed pid %d after %d acknowledged commands; checkpoints at the kill: %s%n",
                first.pid(), acknowledged.size(), saved);

        ChildCloud second = start("second");
        try (DynamoDbClient dynamoDb = second.dynamoDbClient();
                DynamoDbStreamsClient streams = second.streamsClient()) {
            ConsistencyChecker checker = new ConsistencyChecker(dynamoDb, contexts, STACK);
            await("every mapping of the restarted cloud drains and every processor catches up")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(300))
                    .failFast("the second child died", () -> !second.alive())
                    .until(() ->
                            drained(second.health()) && checker.check(false).settled());
            long drainedAt = System.nanoTime();
            CheckReport report = checker.check(true);
            report.print(System.out);

            assertThat(report.violations()).as("violations after the restart").isEmpty();
            assertThat(report.events()).isPositive();
            AcknowledgedCheck stored = acknowledgedEventsStoredOnce(dynamoDb, contexts, List.copyOf(acknowledged));
            assertThat(stored.wrong())
                    .as("acknowledged commands whose events are not stored exactly once")
                    .isEmpty();
            assertThat(stored.withEvents())
                    .as("acknowledged commands whose own events (meta.causationId) were found")
                    .isPositive();
            assertResumedFromCheckpoints(saved, second, streams);
            System.out.printf(
                    "crash test: kill after %.1f s, restart drained %.1f s after the kill, %d acknowledged commands"
                            + " checked (%d with events of their own)%n",
                    (killedAt - begin) / 1e9, (drainedAt - killedAt) / 1e9, acknowledged.size(), stored.withEvents());
        }
    }

    private ChildCloud start(String name) throws IOException {
        ChildCloud child = ChildCloud.start(name, dbPath, Duration.ofSeconds(90));
        children.add(child);
        return child;
    }

    private static boolean everyClientHas(AtomicIntegerArray perClient, int count) {
        for (int i = 0; i < perClient.length(); i++) {
            if (perClient.get(i) < count) {
                return false;
            }
        }
        return true;
    }

    /** The checkpoint files under {@code --db-path} that name at least one shard position, by mapping name. */
    private static Map<String, JsonNode> savedCheckpoints(Path directory) throws IOException {
        Map<String, JsonNode> saved = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return saved;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                JsonNode root = JSON.readTree(file.toFile());
                boolean positioned = false;
                for (JsonNode shard : root.path("shards")) {
                    positioned |= shard.path("sequenceNumber").isTextual();
                }
                if (positioned) {
                    String name = file.getFileName().toString();
                    saved.put(name.substring(0, name.length() - ".json".length()), root);
                }
            }
        }
        return saved;
    }

    /** Whether every mapping in {@code /_local/health} has nothing left to deliver. */
    private static boolean drained(JsonNode health) {
        for (JsonNode mapping : health.path("mappings")) {
            JsonNode lag = mapping.path("lag");
            if (!lag.isObject() || lag.path("recordsBehind").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * For every 202 with a position {@code stream:version}: that position is stored, and the events caused by the
     * command ({@code meta.causationId}) are all in that stream, at consecutive versions ending at {@code version}
     * (a no-op or a replay answers a position it did not append: then the command has no events of its own, or its
     * first send's).
     */
    private static AcknowledgedCheck acknowledgedEventsStoredOnce(
            DynamoDbClient dynamoDb, Contexts contexts, List<Acknowledged> acknowledged) {
        Map<String, TreeMap<Long, String>> streams = new HashMap<>();
        Map<String, List<String>> byCommand = new HashMap<>();
        for (ContextDescriptor context : contexts.all()) {
            String table = STACK + "-" + context.eventsTableResource();
            for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(
                            r -> r.tableName(table).consistentRead(true))
                    .items()) {
                String stream = item.get("stream").s();
                long version = Long.parseLong(item.get("version").n());
                String causation = causationId(item.get("meta"));
                streams.computeIfAbsent(stream, s -> new TreeMap<>()).put(version, causation);
                if (causation != null) {
                    byCommand.computeIfAbsent(causation, c -> new ArrayList<>()).add(stream + ":" + version);
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        int withEvents = 0;
        for (Acknowledged ack : acknowledged) {
            TreeMap<Long, String> versions = streams.get(ack.stream());
            if (versions == null || !versions.containsKey(ack.version())) {
                wrong.add(ack + ": the acknowledged position is not stored");
                continue;
            }
            List<String> own = byCommand.getOrDefault(ack.commandId(), List.of());
            if (own.isEmpty()) {
                continue;
            }
            withEvents++;
            List<String> expected = new ArrayList<>();
            for (long v = ack.version() - own.size() + 1; v <= ack.version(); v++) {
                expected.add(ack.stream() + ":" + v);
            }
            if (!own.stream()
                    .sorted()
                    .toList()
                    .equals(expected.stream().sorted().toList())) {
                wrong.add(ack + ": its events are at " + own + ", expected " + expected);
            }
        }
        return new AcknowledgedCheck(wrong, withEvents);
    }

    private static String causationId(AttributeValue meta) {
        if (meta == null || meta.s() == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(meta.s());
            return node.path("causationId").isTextual()
                    ? node.path("causationId").asText()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Every mapping that had a checkpoint at the kill logged its resume, and delivered after the restart no more than
     * the records after its checkpoint: a restart from {@code TRIM_HORIZON} would deliver every record of the stream
     * again, including the ones at or before the checkpoint (at least one per mapping).
     */
    private static void assertResumedFromCheckpoints(
            Map<String, JsonNode> saved, ChildCloud second, DynamoDbStreamsClient streams) throws Exception {
        assertThat(saved).as("mappings with checkpoints at the kill").isNotEmpty();
        Map<String, JsonNode> mappings = new HashMap<>();
        for (JsonNode mapping : second.health().path("mappings")) {
            mappings.put(mapping.path("name").asText(), mapping);
        }
        List<String> lines = second.lines();
        for (Map.Entry<String, JsonNode> entry : saved.entrySet()) {
            String name = entry.getKey();
            JsonNode checkpoint = entry.getValue();
            JsonNode mapping = mappings.get(name);
            assertThat(mapping)
                    .as("mapping %s in the restarted cloud's health", name)
                    .isNotNull();
            String streamArn = checkpoint.path("streamArn").asText();
            assertThat(mapping.path("streamArn").asText())
                    .as("stream of %s after the restart", name)
                    .isEqualTo(streamArn);
            long[] beforeAndTotal = recordsAtOrBeforeCheckpoint(streams, streamArn, checkpoint.path("shards"));
            long delivered = mapping.path("counters").path("recordsDelivered").asLong();
            System.out.printf(
                    "%s: %d of %d stream records at or before the checkpoint; %d delivered after the restart%n",
                    name, beforeAndTotal[0], beforeAndTotal[1], delivered);
            assertThat(beforeAndTotal[0])
                    .as("records of %s at or before its checkpoint", name)
                    .isPositive();
            assertThat(delivered)
                    .as(
                            "records %s delivered after the restart (stream: %d, after the checkpoint: %d)",
                            name, beforeAndTotal[1], beforeAndTotal[1] - beforeAndTotal[0])
                    .isLessThanOrEqualTo(beforeAndTotal[1] - beforeAndTotal[0]);
            assertThat(lines.stream().anyMatch(line -> line.contains(name + ": resuming")))
                    .as(
                            "the restarted cloud's log (target/crash-recovery-it/second.log) says %s resumes from its"
                                    + " checkpoints",
                            name)
                    .isTrue();
        }
    }

    /** {records at or before each shard's checkpoint, all records} of a stream, read from each shard's start. */
    private static long[] recordsAtOrBeforeCheckpoint(
            DynamoDbStreamsClient streams, String streamArn, JsonNode shardCheckpoints) {
        long before = 0;
        long total = 0;
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            String from = last;
            var description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            shards.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null);
        for (Shard shard : shards) {
            JsonNode saved = shardCheckpoints.path(shard.shardId()).path("sequenceNumber");
            BigInteger checkpoint = saved.isTextual() ? new BigInteger(saved.asText()) : null;
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current));
                for (Record record : page.records()) {
                    total++;
                    if (checkpoint != null
                            && new BigInteger(record.dynamodb().sequenceNumber()).compareTo(checkpoint) <= 0) {
                        before++;
                    }
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return new long[] {before, total};
    }
}
