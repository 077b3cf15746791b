package dev.antipop.local.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.antipop.local.lambda.FunctionSpec;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.testfunctions.TestLogLevels;
import dev.antipop.local.testfunctions.WebSocketTestFunctions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Clients that stop reading (raw sockets that complete the handshake and never read again), against the emulator with
 * real {@code $connect} and {@code $disconnect} functions and the real AWS SDK management client: a dead consumer is
 * dropped within the slow-write bound and posts to it answer 410 at once; 300 connections hold no thread each, and
 * threads and the connection registry come back to their baseline once they close.
 */
class SlowConsumerIT {

    private static final List<LocalFunction> FUNCTIONS = new ArrayList<>();
    private static WebSocketApiEmulator api;
    private static ApiGatewayManagementApiClient management;

    @BeforeAll
    static void start() {
        TestLogLevels.apply();
        LocalFunction connect = function("wsConnect");
        LocalFunction disconnect = function("wsDisconnect");
        api = new WebSocketApiEmulator(
                new WebSocketApiSpec(
                        "slowapi",
                        "local",
                        "$request.body.action",
                        Map.of(
                                "$connect", new WebSocketRoute("$connect", connect, false),
                                "$disconnect", new WebSocketRoute("$disconnect", disconnect, false)),
                        WebSocketLimits.apiGatewayDefaults()),
                "127.0.0.1",
                0);
        api.start();
        management = ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + api.port() + "/local"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        management.close();
        api.close();
        FUNCTIONS.forEach(LocalFunction::close);
    }

    private static LocalFunction function(String definition) {
        LocalFunction function = new LocalFunction(new FunctionSpec(
                definition,
                definition,
                LocalFunction.SUPPORTED_HANDLER,
                Map.of(
                        "MAIN_CLASS",
                        WebSocketTestFunctions.class.getName(),
                        "SPRING_CLOUD_FUNCTION_DEFINITION",
                        definition),
                10,
                256));
        FUNCTIONS.add(function);
        return function;
    }

    private static StalledWebSocketClient stalled() throws Exception {
        return StalledWebSocketClient.open("127.0.0.1", api.port(), "/local?token=good");
    }

    /** Opens one stalled client and returns its connection id, read from the registry. */
    private static String openOne(List<StalledWebSocketClient> into) throws Exception {
        Set<String> before = api.connectionIds();
        into.add(stalled());
        Set<String> added = new HashSet<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            added.clear();
            added.addAll(api.connectionIds());
            added.removeAll(before);
            return added.size() == 1;
        });
        return added.iterator().next();
    }

    private static void post(String connectionId, byte[] data) {
        management.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(data)));
    }

    @Test
    void aConsumerThatStopsReadingIsDroppedAndPostsToItAnswer410WithinTheBound() throws Exception {
        List<StalledWebSocketClient> clients = new ArrayList<>();
        String connectionId = openOne(clients);
        byte[] message = "x".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        long goneAfterNanos = -1;
        int delivered = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long begin = System.nanoTime();
            try {
                post(connectionId, message);
                delivered++;
            } catch (GoneException gone) {
                goneAfterNanos = System.nanoTime() - begin;
                break;
            }
        }

        // The first posts fill the socket buffers (the client's 16 KB, the server's bounded send buffer); then a
        // write blocks, and the post that meets it answers 410 after the 250 ms bound, not after seconds.
        System.out.printf(
                "slow-consumer IT: %d posts of 64 KiB accepted, then 410 after %.0f ms%n",
                delivered, goneAfterNanos / 1e6);
        assertThat(goneAfterNanos).as("a post answered 410").isPositive();
        // 250 ms plus one HTTP round trip; 2 s leaves room for a loaded machine (before: 10 to 20 s).
        assertThat(Duration.ofNanos(goneAfterNanos)).isLessThan(Duration.ofSeconds(2));
        assertThat((long) delivered * message.length).isLessThan(OutgoingMessages.MAX_QUEUED_BYTES * 4);
        assertThat(api.connectionIds()).doesNotContain(connectionId);
        long begin = System.nanoTime();
        assertThatThrownBy(() -> post(connectionId, message)).isInstanceOf(GoneException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(500));
        try (StalledWebSocketClient client = clients.get(0)) {
            assertThat(client.serverHasDropped()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> WebSocketTestFunctions.DISCONNECTS.stream()
                        .anyMatch(seen -> connectionId.equals(seen.get("connectionId"))));
    }

    @Test
    void threeHundredConnectionsHoldNoThreadEachAndThreadsAndRegistryReturnToBaseline() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Warm up: the functions' first invocations and Jetty's pools start their threads once.
        List<StalledWebSocketClient> warm = new ArrayList<>();
        openOne(warm);
        warm.get(0).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.connectionCount() == 0);
        int baselineThreads = threads.getThreadCount();
        int baselineConnections = api.connectionCount();

        List<StalledWebSocketClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                clients.add(stalled());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> api.connectionCount() == baselineConnections + 300);
            int during = threads.getThreadCount();
            System.out.printf(
                    "slow-consumer IT: platform threads %d before, %d with 300 connections%n", baselineThreads, during);
            // No thread per connection: Jetty's tasks run on virtual threads, the timers on one scheduler.
            assertThat(during).isLessThan(baselineThreads + 50);
        } finally {
            for (StalledWebSocketClient client : clients) {
                client.close();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.connectionCount() == baselineConnections);
        await().atMost(Duration.ofSeconds(20)).until(() -> threads.getThreadCount() <= baselineThreads + 4);
        System.out.printf("slow-consumer IT: platform threads %d after closing them%n", threads.getThreadCount());
    }
}
