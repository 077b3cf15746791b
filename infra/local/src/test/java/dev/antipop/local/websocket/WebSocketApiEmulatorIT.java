package dev.antipop.local.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.lambda.FunctionSpec;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.testfunctions.TestLogLevels;
import dev.antipop.local.testfunctions.WebSocketTestFunctions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * Drives the WebSocket API emulator with a real WebSocket client (Jetty) and the real AWS SDK management client, over
 * real {@link LocalFunction}s.
 */
class WebSocketApiEmulatorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LocalFunction> FUNCTIONS = new ArrayList<>();

    private static WebSocketApiEmulator api;
    private static WebSocketApiEmulator shortIdleApi;
    private static WebSocketClient client;
    private static ApiGatewayManagementApiClient management;

    static LocalFunction function(String definition, Map<String, String> env) {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("MAIN_CLASS", WebSocketTestFunctions.class.getName());
        environment.put("SPRING_CLOUD_FUNCTION_DEFINITION", definition);
        LocalFunction function = new LocalFunction(
                new FunctionSpec(definition, definition, LocalFunction.SUPPORTED_HANDLER, environment, 10, 256));
        FUNCTIONS.add(function);
        return function;
    }

    @BeforeAll
    static void start() throws Exception {
        TestLogLevels.apply();
        LocalFunction connect = function("wsConnect", Map.of());
        LocalFunction disconnect = function("wsDisconnect", Map.of());
        Map<String, WebSocketRoute> routes = Map.of(
                "$connect", new WebSocketRoute("$connect", connect, false),
                "$default", new WebSocketRoute("$default", function("wsDefault", Map.of("GREETING", "hi")), true),
                "send", new WebSocketRoute("send", function("wsSend", Map.of()), true),
                "$disconnect", new WebSocketRoute("$disconnect", disconnect, false));
        api = new WebSocketApiEmulator(
                new WebSocketApiSpec(
                        "wsapi", "local", "$request.body.action", routes, WebSocketLimits.apiGatewayDefaults()),
                "127.0.0.1",
                0);
        api.start();
        // No $connect (everyone is accepted), no $default (unrouted messages are Forbidden), idle after 1.5 s.
        shortIdleApi = new WebSocketApiEmulator(
                new WebSocketApiSpec(
                        "idleapi",
                        "local",
                        "$request.body.action",
                        Map.of("$disconnect", new WebSocketRoute("$disconnect", disconnect, false)),
                        new WebSocketLimits(32 * 1024, 128 * 1024, Duration.ofMillis(1500), Duration.ofHours(2))),
                "127.0.0.1",
                0);
        shortIdleApi.start();
        client = new WebSocketClient();
        // Jetty's client accepts 64 KB messages by default; API Gateway sends up to 128 KB.
        client.setMaxTextMessageSize(1024 * 1024);
        client.setMaxBinaryMessageSize(1024 * 1024);
        client.start();
        management = ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + api.port() + "/local"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        management.close();
        client.stop();
        api.close();
        shortIdleApi.close();
        FUNCTIONS.forEach(LocalFunction::close);
    }

    private static URI uri(WebSocketApiEmulator emulator, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + emulator.port() + pathAndQuery);
    }

    private static TestWebSocketClient connectGood() throws Exception {
        return TestWebSocketClient.connect(client, uri(api, "/local?token=good"));
    }

    private static Map<String, Object> disconnectOf(String connectionId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Map<String, Object> seen = WebSocketTestFunctions.DISCONNECTS.poll(200, TimeUnit.MILLISECONDS);
            if (seen != null && connectionId.equals(seen.get("connectionId"))) {
                return seen;
            }
        }
        throw new AssertionError("no $disconnect for " + connectionId + " within 10 s");
    }

    /** The connection id the server gave the client, learnt from an echo of $default. */
    private static String connectionIdOf(TestWebSocketClient ws) throws Exception {
        ws.send("who am i");
        return JSON.readTree(ws.nextText()).path("connectionId").asText();
    }

    @Test
    void connectIsRefusedWithTheFunctionsStatus() {
        assertThatThrownBy(() -> TestWebSocketClient.connect(client, uri(api, "/local?token=bad")))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        UpgradeException.class,
                        e -> assertThat(e.getResponseStatusCode()).isEqualTo(401));
    }

    @Test
    void messageGoesToDefaultAndItsResponseComesBack() throws Exception {
        TestWebSocketClient ws = connectGood();
        ws.send("hello");
        JsonNode answer = JSON.readTree(ws.nextText());

        assertThat(answer.path("echo").asText()).isEqualTo("hello");
        assertThat(answer.path("routeKey").asText()).isEqualTo("$default");
        assertThat(answer.path("greeting").asText()).isEqualTo("hi");
        String connectionId = answer.path("connectionId").asText();
        assertThat(connectionId).matches("[A-Za-z0-9_-]{15}=");
        assertThat(api.connectionIds()).contains(connectionId);

        ws.send("{\"action\":\"unrouted\"}");
        assertThat(JSON.readTree(ws.nextText()).path("routeKey").asText()).isEqualTo("$default");
        ws.closeNormally();
    }

    @Test
    void customRouteKeyIsSelectedFromTheBody() throws Exception {
        TestWebSocketClient ws = connectGood();
        ws.send("{\"action\":\"send\",\"x\":1}");
        JsonNode answer = JSON.readTree(ws.nextText());

        assertThat(answer.path("routeKey").asText()).isEqualTo("send");
        assertThat(answer.path("sent").asText()).isEqualTo("{\"action\":\"send\",\"x\":1}");
        ws.closeNormally();
    }

    @Test
    void messagesOfOneConnectionAreHandledInOrder() throws Exception {
        TestWebSocketClient ws = connectGood();
        for (int i = 0; i < 20; i++) {
            ws.send("m" + i);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(JSON.readTree(ws.nextText()).path("echo").asText()).isEqualTo("m" + i);
        }
        ws.closeNormally();
    }

    @Test
    void clientCloseInvokesDisconnect() throws Exception {
        TestWebSocketClient ws = connectGood();
        String connectionId = connectionIdOf(ws);

        assertThat(ws.closeNormally().statusCode()).isEqualTo(1000);
        Map<String, Object> disconnect = disconnectOf(connectionId);

        assertThat(disconnect.get("eventType")).isEqualTo("DISCONNECT");
        assertThat(disconnect.get("disconnectStatusCode")).isEqualTo(1000);
        assertThat(disconnect.get("disconnectReason")).isEqualTo("bye");
        assertThat(api.connectionIds()).doesNotContain(connectionId);
    }

    @Test
    void frameOverTheLimitClosesWith1009() throws Exception {
        TestWebSocketClient ws = connectGood();
        ws.session.sendText("x".repeat(40 * 1024), Callback.NOOP);
        assertThat(ws.closed.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1009);
    }

    @Test
    void messageOverTheLimitClosesWith1009() throws Exception {
        TestWebSocketClient ws = connectGood();
        String fragment = "y".repeat(30 * 1024);
        for (int i = 0; i < 5; i++) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            ws.session.sendPartialText(
                    fragment, i == 4, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            try {
                sent.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException closedMeanwhile) {
                break;
            }
        }
        assertThat(ws.closed.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1009);
    }

    @Test
    void managementPostReachesTheClientAndGetDescribesTheConnection() throws Exception {
        TestWebSocketClient ws = connectGood();
        String connectionId = connectionIdOf(ws);
        Instant before = Instant.now();

        management.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("{\"pushed\":1}")));
        assertThat(ws.nextText()).isEqualTo("{\"pushed\":1}");

        GetConnectionResponse info = management.getConnection(b -> b.connectionId(connectionId));
        assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
        assertThat(info.identity().userAgent()).isNotBlank();
        assertThat(info.connectedAt()).isBefore(before);
        assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());
        ws.closeNormally();
    }

    @Test
    void managementPostOfBinaryDataSendsABinaryMessage() throws Exception {
        TestWebSocketClient ws = connectGood();
        String connectionId = connectionIdOf(ws);
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, 1};

        management.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArray(notUtf8)));
        assertThat(ws.binaries.poll(10, TimeUnit.SECONDS)).isEqualTo(notUtf8);
        ws.closeNormally();
    }

    @Test
    void managementDeleteClosesTheConnectionAndLaterPostsAreGone() throws Exception {
        TestWebSocketClient ws = connectGood();
        String connectionId = connectionIdOf(ws);

        management.deleteConnection(b -> b.connectionId(connectionId));
        assertThat(ws.closed.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1000);
        assertThat(disconnectOf(connectionId).get("disconnectStatusCode")).isEqualTo(1000);

        assertThatThrownBy(() -> management.postToConnection(
                        b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("late"))))
                .isInstanceOfSatisfying(
                        GoneException.class, e -> assertThat(e.statusCode()).isEqualTo(410));
        assertThatThrownBy(() -> management.getConnection(b -> b.connectionId(connectionId)))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> management.deleteConnection(b -> b.connectionId(connectionId)))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void managementPostOverTheMessageLimitIsPayloadTooLarge() throws Exception {
        TestWebSocketClient ws = connectGood();
        String connectionId = connectionIdOf(ws);

        assertThatThrownBy(() -> management.postToConnection(b ->
                        b.connectionId(connectionId).data(SdkBytes.fromUtf8String("z".repeat(128 * 1024 + 1)))))
                .isInstanceOfSatisfying(
                        PayloadTooLargeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(413));
        // Exactly the limit still goes through.
        management.postToConnection(
                b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("z".repeat(128 * 1024))));
        assertThat(ws.nextText()).hasSize(128 * 1024);
        ws.closeNormally();
    }

    @Test
    void withoutADefaultRouteUnroutedMessagesAreForbiddenAndIdleConnectionsCloseGoingAway() throws Exception {
        TestWebSocketClient ws = TestWebSocketClient.connect(client, uri(shortIdleApi, "/local"));
        ws.send("{\"action\":\"nothing\"}");
        JsonNode error = JSON.readTree(ws.nextText());

        assertThat(error.path("message").asText()).isEqualTo("Forbidden");
        assertThat(error.path("requestId").asText()).hasSize(16);
        String connectionId = error.path("connectionId").asText();
        assertThat(connectionId).hasSize(16);

        TestWebSocketClient.Close close = ws.closed.get(10, TimeUnit.SECONDS);
        assertThat(close.statusCode()).isEqualTo(1001);
        assertThat(close.reason()).isEqualTo("Going away");
        assertThat(disconnectOf(connectionId).get("disconnectStatusCode")).isEqualTo(1001);
    }

    @Test
    void largeMultiByteMessagesAreFragmentedAndArriveWhole() throws Exception {
        TestWebSocketClient ws = connectGood();
        String connectionId = connectionIdOf(ws);
        String text = "é€😀".repeat(10_000); // 2 + 3 + 4 bytes: 90,000 bytes over several 32 KB frames

        management.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(text)));
        assertThat(ws.nextText()).isEqualTo(text);
        ws.closeNormally();
    }
}
