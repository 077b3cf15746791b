package dev.antipop.local.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_795_374_000_123L;

    private static final LambdaInvoker NOOP = new LambdaInvoker() {
        @Override
        public String functionName() {
            return "noop";
        }

        @Override
        public byte[] invoke(byte[] event) throws FunctionErrorException {
            return new byte[0];
        }
    };

    private final WebSocketApiSpec api = new WebSocketApiSpec(
            "wsapi",
            "local",
            "$request.body.op",
            Map.of("$default", new WebSocketRoute("$default", NOOP, false)),
            WebSocketLimits.apiGatewayDefaults());
    private final WebSocketConnection connection =
            new WebSocketConnection("L0SM9cOFvHcCIhw=", NOW - 5000, "127.0.0.1", "ua/1", "localhost:3001");

    @Test
    void connectEventCarriesHeadersQueryAndRequestContext() throws Exception {
        JsonNode event = JSON.readTree(WebSocketEvent.connect(
                api,
                connection,
                Map.of("Host", List.of("localhost:3001"), "X-Multi", List.of("a", "b")),
                Map.of("token", List.of("t1")),
                NOW));

        assertThat(event.path("headers").path("X-Multi").asText()).isEqualTo("b");
        assertThat(event.path("multiValueHeaders").path("X-Multi"))
                .extracting(JsonNode::asText)
                .containsExactly("a", "b");
        assertThat(event.path("queryStringParameters").path("token").asText()).isEqualTo("t1");
        assertThat(event.path("multiValueQueryStringParameters")
                        .path("token")
                        .get(0)
                        .asText())
                .isEqualTo("t1");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode context = event.path("requestContext");
        assertThat(context.path("routeKey").asText()).isEqualTo("$connect");
        assertThat(context.path("eventType").asText()).isEqualTo("CONNECT");
        assertThat(context.path("messageDirection").asText()).isEqualTo("IN");
        assertThat(context.path("connectionId").asText()).isEqualTo("L0SM9cOFvHcCIhw=");
        assertThat(context.path("connectedAt").asLong()).isEqualTo(NOW - 5000);
        assertThat(context.path("requestTimeEpoch").asLong()).isEqualTo(NOW);
        assertThat(context.path("requestTime").asText()).isEqualTo("22/Nov/2026:19:00:00 +0000");
        assertThat(context.path("identity").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("identity").path("userAgent").asText()).isEqualTo("ua/1");
        assertThat(context.path("requestId").asText()).hasSize(16);
        assertThat(context.path("extendedRequestId").asText()).hasSize(16);
        assertThat(context.path("domainName").asText()).isEqualTo("localhost:3001");
        assertThat(context.path("stage").asText()).isEqualTo("local");
        assertThat(context.path("apiId").asText()).isEqualTo("wsapi");
        assertThat(context.has("messageId")).isFalse();
    }

    @Test
    void messageEventHasBodyAndMessageIdButNoHeaders() throws Exception {
        JsonNode event =
                JSON.readTree(WebSocketEvent.message(api, connection, "send", "{\"op\":\"send\"}", false, NOW));

        assertThat(event.has("headers")).isFalse();
        assertThat(event.path("body").asText()).isEqualTo("{\"op\":\"send\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.path("requestContext").path("eventType").asText()).isEqualTo("MESSAGE");
        assertThat(event.path("requestContext").path("routeKey").asText()).isEqualTo("send");
        assertThat(event.path("requestContext").path("messageId").asText()).hasSize(16);
    }

    @Test
    void disconnectEventHasStatusAndReason() throws Exception {
        JsonNode event = JSON.readTree(WebSocketEvent.disconnect(api, connection, 1001, "Going away", NOW));

        JsonNode context = event.path("requestContext");
        assertThat(context.path("eventType").asText()).isEqualTo("DISCONNECT");
        assertThat(context.path("routeKey").asText()).isEqualTo("$disconnect");
        assertThat(context.path("disconnectStatusCode").asInt()).isEqualTo(1001);
        assertThat(context.path("disconnectReason").asText()).isEqualTo("Going away");
        assertThat(event.has("body")).isFalse();
    }

    @Test
    void errorMessageShape() throws Exception {
        JsonNode error = JSON.readTree(WebSocketEvent.errorMessage("Forbidden", "abc="));
        assertThat(error.path("message").asText()).isEqualTo("Forbidden");
        assertThat(error.path("connectionId").asText()).isEqualTo("abc=");
        assertThat(error.path("requestId").asText()).hasSize(16);
    }

    @Test
    void apiGatewayDefaultLimits() {
        WebSocketLimits limits = WebSocketLimits.apiGatewayDefaults();
        assertThat(limits.maxFrameBytes()).isEqualTo(32_768);
        assertThat(limits.maxMessageBytes()).isEqualTo(131_072);
        assertThat(limits.idleTimeout()).hasMinutes(10);
        assertThat(limits.maxConnectionDuration()).hasHours(2);
    }
}
