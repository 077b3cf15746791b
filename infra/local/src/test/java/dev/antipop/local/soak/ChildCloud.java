package dev.antipop.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A local cloud in a child JVM: {@code dev.antipop.local.Main run --db-path DIR} on free ports, started with the
 * test's own {@code java} and classpath. Its output (stdout and stderr merged) is drained at once by a daemon thread
 * into {@code target/crash-recovery-it/<name>.log} and kept in memory, so the child never blocks on a full pipe.
 * Every wait has a deadline; {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux).
 */
final class ChildCloud implements AutoCloseable {

    private static final Pattern HTTP = Pattern.compile("^\\s+HTTP API \\S+\\s+(http://\\S+)");
    private static final Pattern WS = Pattern.compile("^\\s+WebSocket API \\S+\\s+(ws://\\S+)");
    private static final Pattern DYNAMODB = Pattern.compile("^\\s+DynamoDB\\s+(http://\\S+)");
    private static final String READY = "Ctrl-C stops";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP_CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<URI[]> endpoints = new CompletableFuture<>();

    private ChildCloud(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts a child and waits (at most {@code readyWithin}) until it prints its endpoints.
     *
     * @throws AssertionError when it exits or stays silent past the deadline (the child is then killed)
     */
    static ChildCloud start(String name, Path dbPath, Duration readyWithin) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
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
        ChildCloud child = new ChildCloud(name, process);
        Path log = Path.of("target", "crash-recovery-it", name + ".log");
        Files.createDirectories(log.getParent());
        Thread.ofPlatform().daemon().name("drain-" + name).start(() -> child.drain(log));
        try {
            child.endpoints.get(readyWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            child.close();
            throw new AssertionError(
                    name + " did not print its endpoints within " + readyWithin + " (" + e + "); last lines:\n"
                            + child.tail(40),
                    e);
        }
        return child;
    }

    private void drain(Path log) {
        URI[] found = new URI[3];
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(line);
                synchronized (lines) {
                    lines.add(line);
                }
                match(HTTP, line, found, 0);
                match(WS, line, found, 1);
                match(DYNAMODB, line, found, 2);
                if (line.startsWith(READY) && found[0] != null && found[1] != null && found[2] != null) {
                    endpoints.complete(found);
                }
            }
        } catch (IOException closed) {
            // The child was killed: its pipe is gone.
        }
        endpoints.completeExceptionally(new IllegalStateException(name + " ended (exit " + exitValue() + ")"));
    }

    private String exitValue() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    private static void match(Pattern pattern, String line, URI[] found, int index) {
        Matcher matcher = pattern.matcher(line);
        if (found[index] == null && matcher.find()) {
            found[index] = URI.create(matcher.group(1));
        }
    }

    URI http() {
        return endpoints.join()[0];
    }

    URI webSocket() {
        return endpoints.join()[1];
    }

    URI dynamoDb() {
        return endpoints.join()[2];
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Every line printed so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The last {@code n} lines, for failure messages. */
    String tail(int n) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * SIGKILL, then waits (at most 30 s) for the process to be gone.
     *
     * @return the exit value (137 = 128 + SIGKILL)
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("%s (pid %d) still alive 30 s after SIGKILL", name, process.pid())
                .isTrue();
        return process.exitValue();
    }

    /** {@code GET /_local/health} (10 s deadline). */
    JsonNode health() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP_CLIENT.send(
                HttpRequest.newBuilder(http().resolve("/_local/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /_local/health of %s", name).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A DynamoDB client of this child's engine, with deadlines on every call. */
    DynamoDbClient dynamoDbClient() {
        return engineClient(DynamoDbClient.builder()).build();
    }

    /** A DynamoDB Streams client of this child's engine, with deadlines on every call. */
    DynamoDbStreamsClient streamsClient() {
        return engineClient(DynamoDbStreamsClient.builder()).build();
    }

    /** {@code builder} pointed at this child's engine, with local credentials and deadlines on every call. */
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B engineClient(B builder) {
        return builder.endpointOverride(dynamoDb())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(httpClient())
                .overrideConfiguration(deadlines());
    }

    private static software.amazon.awssdk.http.SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static ClientOverrideConfiguration deadlines() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** Kills the child if it still runs (SIGKILL; a test's data directory needs no clean shutdown). */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
