package dev.antipop.local.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.check.CheckReport;
import dev.antipop.local.check.ConsistencyChecker;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.streams.MappingCheckpoints;
import dev.antipop.runtime.context.Contexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The crash test of issue 13: a local cloud in a child JVM ({@code ./run-local run --db-path DIR}, started with
 * {@link ProcessBuilder}) is killed with SIGKILL ({@link Process#destroyForcibly()}) in the middle of a load, then
 * started again on the same directory. The checker must find zero violations once the processors have caught up, and
 * the processor's mapping must resume from its saved checkpoint (it delivers fewer records after the restart than the
 * stream holds).
 */
class CrashRecoveryIT {

    private static final Pattern HTTP = Pattern.compile("^\\s+HTTP API \\S+\\s+(http://\\S+)");
    private static final Pattern WS = Pattern.compile("^\\s+WebSocket API \\S+\\s+(ws://\\S+)");
    private static final Pattern DYNAMODB = Pattern.compile("^\\s+DynamoDB\\s+(http://\\S+)");
    private static final String PROCESSOR = "IdentityProcessorFunction";

    @TempDir
    Path dbPath;

    private final List<Process> children = new ArrayList<>();

    /** A started child: its endpoints and every line it printed. */
    private record Child(Process process, URI http, URI webSocket, URI dynamoDb, List<String> lines) {}

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledLocalCloudRestartsConsistentAndResumesFromItsCheckpoints() throws Exception {
        Child first = startChild();
        Contexts contexts = Contexts.onClasspath();
        AntipopClient client = new AntipopClient(first.http(), first.webSocket());
        CompletableFuture<SoakLoad.Figures> load = CompletableFuture.supplyAsync(() -> {
            try {
                return SoakLoad.run(client, new CommandGenerator(contexts), 4, Duration.ofSeconds(300), 77);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Mid-load: once the processor has checkpointed some records, and commands are still being sent.
        Path checkpoint = dbPath.resolve(MappingCheckpoints.DIRECTORY).resolve(PROCESSOR + ".IdentityEvents.json");
        await().atMost(Duration.ofSeconds(240)).until(() -> Files.exists(checkpoint));
        await().atMost(Duration.ofSeconds(120)).until(() -> delivered(first.http()) >= 4);
        first.process().destroyForcibly().waitFor();
        SoakLoad.Figures figures = load.get();
        figures.print(System.out);
        assertThat(figures.byStatus()).containsKey(SoakLoad.NO_ANSWER);
        String saved = Files.readString(checkpoint);

        Child second = startChild();
        try (DynamoDbClient dynamoDb = client(second.dynamoDb())) {
            ConsistencyChecker checker = new ConsistencyChecker(dynamoDb, contexts, "antipop-local");
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> checker.check(false).settled());
            CheckReport report = checker.check(true);
            report.print(System.out);

            assertThat(report.violations()).isEmpty();
            assertThat(report.events()).isPositive();
            long identityEvents =
                    dynamoDb.scanPaginator(r -> r.tableName("antipop-local-IdentityEventsTable")).items().stream()
                            .count();
            // Resumed, not replayed from the trim horizon: what was checkpointed before the kill is not delivered
            // again.
            assertThat(saved).contains("sequenceNumber");
            assertThat(second.lines()).anyMatch(line -> line.contains(PROCESSOR) && line.contains("resuming"));
            assertThat(delivered(second.http())).isLessThan(identityEvents);
        }
    }

    /** Records the identity processor's mapping has delivered, from {@code /_local/health}. */
    private static long delivered(URI http) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(http.resolve("/_local/health"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        for (JsonNode mapping : new ObjectMapper().readTree(response.body()).path("mappings")) {
            if (mapping.path("function").asText().equals(PROCESSOR)) {
                return mapping.path("counters").path("recordsDelivered").asLong();
            }
        }
        throw new AssertionError("no mapping of " + PROCESSOR + " in " + response.body());
    }

    private Child startChild() throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        javaCommand,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        classpath,
                        "dev.antipop.local.Main",
                        "run",
                        "--template",
                        "../../template.yaml",
                        "--db-path",
                        dbPath.toString(),
                        "--port-http",
                        "0",
                        "--port-ws",
                        "0",
                        "--port-dynamodb",
                        "0",
                        "--no-console")
                .redirectErrorStream(true)
                .start();
        children.add(process);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<URI[]> endpoints = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            URI[] found = new URI[3];
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[child] " + line);
                    match(HTTP, line, found, 0);
                    match(WS, line, found, 1);
                    match(DYNAMODB, line, found, 2);
                    if (line.startsWith("Ctrl-C stops")) {
                        endpoints.complete(found);
                    }
                }
            } catch (IOException closed) {
                // The child was killed.
            }
            endpoints.completeExceptionally(new AssertionError("the child ended before it was ready: " + lines));
        });
        URI[] found =
                endpoints.orTimeout(120, java.util.concurrent.TimeUnit.SECONDS).join();
        return new Child(process, found[0], found[1], found[2], lines);
    }

    private static void match(Pattern pattern, String line, URI[] found, int index) {
        Matcher matcher = pattern.matcher(line);
        if (found[index] == null && matcher.find()) {
            found[index] = URI.create(matcher.group(1));
        }
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
