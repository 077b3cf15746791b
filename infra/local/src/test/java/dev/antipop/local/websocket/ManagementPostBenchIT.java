package dev.antipop.local.websocket;

import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import dev.antipop.local.testfunctions.TestLogLevels;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Latency from a management {@code PostToConnection} (real AWS SDK client) to the WebSocket client receiving the
 * frame. Prints figures, asserts none. Runs only with {@code -Dantipop.bench=true}.
 */
@EnabledIfSystemProperty(named = "antipop.bench", matches = "true")
class ManagementPostBenchIT {

    /** A {@code $default} that answers nothing: the benchmark only needs the connection id. */
    private static final LambdaInvoker ECHO_CONNECTION_ID = new LambdaInvoker() {
        @Override
        public String functionName() {
            return "echoConnectionId";
        }

        @Override
        public byte[] invoke(byte[] event) throws FunctionErrorException {
            String json = new String(event, java.nio.charset.StandardCharsets.UTF_8);
            int at = json.indexOf("\"connectionId\":\"") + 16;
            String id = json.substring(at, json.indexOf('"', at));
            return ("{\"statusCode\":200,\"body\":\"" + id + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    };

    @Test
    void postToConnectionUntilTheClientHasTheFrame() throws Exception {
        TestLogLevels.apply();
        WebSocketApiSpec spec = new WebSocketApiSpec(
                "bench",
                "local",
                "$request.body.action",
                Map.of("$default", new WebSocketRoute("$default", ECHO_CONNECTION_ID, true)),
                WebSocketLimits.apiGatewayDefaults());
        WebSocketClient client = new WebSocketClient();
        try (WebSocketApiEmulator api = new WebSocketApiEmulator(spec, "127.0.0.1", 0)) {
            api.start();
            client.start();
            TestWebSocketClient ws =
                    TestWebSocketClient.connect(client, URI.create("ws://127.0.0.1:" + api.port() + "/local"));
            ws.send("who");
            String connectionId = ws.nextText();
            try (ApiGatewayManagementApiClient management = ApiGatewayManagementApiClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + api.port() + "/local"))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                SdkBytes frame = SdkBytes.fromUtf8String("{\"v\":1,\"op\":\"event\",\"data\":{}}");
                measure(management, ws, connectionId, frame, 1_000); // warm-up
                long[] latencies = measure(management, ws, connectionId, frame, 5_000);
                Arrays.sort(latencies);
                System.out.printf(
                        "management PostToConnection -> frame received: %d posts; p50 %.2f ms, p99 %.2f ms, max %.2f"
                                + " ms%n",
                        latencies.length,
                        latencies[latencies.length / 2] / 1e6,
                        latencies[(int) (latencies.length * 0.99)] / 1e6,
                        latencies[latencies.length - 1] / 1e6);
            }
            ws.closeNormally();
        } finally {
            client.stop();
        }
    }

    private static long[] measure(
            ApiGatewayManagementApiClient management,
            TestWebSocketClient ws,
            String connectionId,
            SdkBytes frame,
            int count)
            throws Exception {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            management.postToConnection(b -> b.connectionId(connectionId).data(frame));
            if (ws.texts.poll(10, TimeUnit.SECONDS) == null) {
                throw new AssertionError("frame " + i + " not received");
            }
            latencies[i] = System.nanoTime() - start;
        }
        return latencies;
    }
}
