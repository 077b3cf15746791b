package dev.antipop.local.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.http.RawHttp;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator with stub functions (no Spring): integration failures and management API edge cases. */
class WebSocketApiEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fails every invocation, as a throwing handler does. */
    private static final LambdaInvoker FAILING = new LambdaInvoker() {
        @Override
        public String functionName() {
            return "failing";
        }

        @Override
        public byte[] invoke(byte[] event) throws FunctionErrorException {
            throw new FunctionErrorException("failing", "java.lang.IllegalStateException", "boom", null);
        }
    };

    /** Lets the handshake through when the query has {@code ok}, else fails. */
    private static final LambdaInvoker CONNECT_WHEN_OK = new LambdaInvoker() {
        @Override
        public String functionName() {
            return "connectWhenOk";
        }

        @Override
        public byte[] invoke(byte[] event) throws FunctionErrorException {
            if (new String(event, java.nio.charset.StandardCharsets.UTF_8).contains("\"ok\"")) {
                return "{\"statusCode\":204}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new FunctionErrorException("connectWhenOk", "Sandbox.Timedout", "Task timed out", null);
        }
    };

    /** A SigV4 header as the SDK sends it; the emulator checks its shape, not its signature. */
    static final String SIGNED = "AWS4-HMAC-SHA256 Credential=local/20261130/us-east-1/execute-api/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

    private static WebSocketApiEmulator api;
    private static WebSocketClient client;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        api = new WebSocketApiEmulator(
                new WebSocketApiSpec(
                        "stubapi",
                        "dev",
                        "$request.body.op",
                        Map.of(
                                "$connect", new WebSocketRoute("$connect", CONNECT_WHEN_OK, false),
                                "$default", new WebSocketRoute("$default", FAILING, true)),
                        WebSocketLimits.apiGatewayDefaults()),
                "127.0.0.1",
                0);
        api.start();
        client = new WebSocketClient();
        client.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        api.close();
    }

    @Test
    void failingConnectFunctionRefusesWith500() {
        assertThatThrownBy(
                        () -> TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + api.port() + "/dev")))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        UpgradeException.class,
                        e -> assertThat(e.getResponseStatusCode()).isEqualTo(500));
    }

    @Test
    void failingMessageIntegrationSendsInternalServerError() throws Exception {
        TestWebSocketClient ws =
                TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + api.port() + "/dev?ok=1"));
        ws.send("{\"op\":\"anything\"}");
        JsonNode error = JSON.readTree(ws.nextText());

        assertThat(error.path("message").asText()).isEqualTo("Internal server error");
        assertThat(error.path("connectionId").asText()).hasSize(16);
        ws.closeNormally();
    }

    @Test
    void managementApiAnswersUnknownPathsForbiddenAndEmptyPostsBadRequest() throws Exception {
        TestWebSocketClient ws =
                TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + api.port() + "/dev?ok=1"));
        String connectionId = api.connectionIds().iterator().next();
        String base = "http://127.0.0.1:" + api.port();

        HttpResponse<String> forbidden = http.send(
                HttpRequest.newBuilder(URI.create(base + "/dev/elsewhere")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo("{\"message\":\"Forbidden\"}");

        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(base + "/@connections/" + connectionId.replace("=", "%3D")))
                        .header("Authorization", SIGNED)
                        .PUT(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(403);
        // Refused before its body was read: the connection is not reused (Jetty closes it after the answer).
        assertThat(put.headers().firstValue("connection")).contains("close");

        HttpResponse<String> empty = http.send(
                HttpRequest.newBuilder(URI.create(base + "/dev/@connections/" + connectionId.replace("=", "%3D")))
                        .header("Authorization", SIGNED)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.headers().firstValue("x-amzn-ErrorType")).contains("BadRequestException");

        HttpResponse<String> gone = http.send(
                HttpRequest.newBuilder(URI.create(base + "/@connections/unknown%3D"))
                        .header("Authorization", SIGNED)
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.headers().firstValue("x-amzn-ErrorType")).contains("GoneException");
        assertThat(gone.body()).isEqualTo("{\"message\":null}");
        ws.closeNormally();
    }

    @Test
    void managementCallsWithoutSigV4CredentialsAreRefusedAsApiGatewayDoes() throws Exception {
        TestWebSocketClient ws =
                TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + api.port() + "/dev?ok=1"));
        String connection = "http://127.0.0.1:" + api.port() + "/dev/@connections/"
                + api.connectionIds().iterator().next().replace("=", "%3D");

        HttpResponse<String> unsigned = http.send(
                HttpRequest.newBuilder(URI.create(connection))
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");

        HttpResponse<String> bearer = http.send(
                HttpRequest.newBuilder(URI.create(connection))
                        .header("Authorization", "Bearer abc")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(403);
        assertThat(bearer.headers().firstValue("x-amzn-ErrorType")).contains("IncompleteSignatureException");

        HttpResponse<String> incomplete = http.send(
                HttpRequest.newBuilder(URI.create(connection))
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(incomplete.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(incomplete.body()).path("message").asText())
                .isEqualTo("Authorization header requires 'Signature' parameter. "
                        + "Authorization header requires 'SignedHeaders' parameter.");
        // Nothing reached the connection; a signed call still works.
        assertThat(ws.texts).isEmpty();
        HttpResponse<String> signed = http.send(
                HttpRequest.newBuilder(URI.create(connection))
                        .header("Authorization", SIGNED)
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(ws.nextText()).isEqualTo("hello");
        ws.closeNormally();
    }

    @Test
    void onlyTheStagePathUpgradesAndOtherPathsGetJson403() throws Exception {
        for (String path : new String[] {"/?ok=1", "/other?ok=1", "/dev/more?ok=1", "/devx?ok=1"}) {
            assertThatThrownBy(() ->
                            TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + api.port() + path)))
                    .as(path)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            UpgradeException.class,
                            e -> assertThat(e.getResponseStatusCode()).isEqualTo(403));
        }
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "GET /other?ok=1 HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void aClientOfferingPermessageDeflateGetsNoExtensionAndTheDocumentedLimits() throws Exception {
        ClientUpgradeRequest offer = new ClientUpgradeRequest();
        offer.addExtensions("permessage-deflate; client_max_window_bits");
        TestWebSocketClient ws = new TestWebSocketClient();
        ws.session = client.connect(ws, URI.create("ws://127.0.0.1:" + api.port() + "/dev?ok=1"), offer)
                .get(10, TimeUnit.SECONDS);

        assertThat(ws.session.getUpgradeResponse().getExtensions()).isEmpty();
        assertThat(ws.session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions"))
                .isNull();
        // 20 KB: over the 8 KiB that closed deflate connections with 1009, under the 32 KB frame limit.
        ws.send("{\"op\":\"x\",\"pad\":\"" + "a".repeat(20_000) + "\"}");
        assertThat(JSON.readTree(ws.nextText()).path("message").asText()).isEqualTo("Internal server error");
        // Over the 32 KB frame limit: 1009, as without the offer.
        ws.session.sendText("b".repeat(33 * 1024), org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertThat(ws.closed.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1009);
    }

    @Test
    void badPathsAreAnsweredInJsonNotHtml() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(), "GET /dev/@connections/a%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.hasHeader("Content-Type", "application/json"))
                .as(answer.head())
                .isTrue();
        assertThat(answer.body()).isEqualTo("{\"message\":\"Bad Request\"}");
        // A handshake $connect refuses is JSON too.
        RawHttp.Answer refused = RawHttp.exchange(
                api.port(),
                "GET /dev HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void connectionsAreClosedGoingAwayAtTheMaximumDurationEvenWhenBusy() throws Exception {
        LambdaInvoker quiet = new LambdaInvoker() {
            @Override
            public String functionName() {
                return "quiet";
            }

            @Override
            public byte[] invoke(byte[] event) {
                return new byte[0];
            }
        };
        try (WebSocketApiEmulator shortLived = new WebSocketApiEmulator(
                new WebSocketApiSpec(
                        "shortlived",
                        "dev",
                        "$request.body.op",
                        Map.of("$default", new WebSocketRoute("$default", quiet, false)),
                        new WebSocketLimits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofMillis(800))),
                "127.0.0.1",
                0)) {
            shortLived.start();
            TestWebSocketClient ws =
                    TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + shortLived.port() + "/dev"));
            // Activity does not extend the maximum duration (unlike the idle timeout): keep sending until closed.
            TestWebSocketClient.Close close = null;
            for (int i = 0; i < 100 && close == null; i++) {
                ws.session.sendText("keep busy", org.eclipse.jetty.websocket.api.Callback.NOOP);
                try {
                    close = ws.closed.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillOpen) {
                    // send again
                }
            }
            assertThat(close).isNotNull();
            assertThat(close.statusCode()).isEqualTo(1001);
            assertThat(close.reason()).isEqualTo("Going away");
        }
    }
}
