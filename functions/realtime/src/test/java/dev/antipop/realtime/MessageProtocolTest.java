package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EnvelopeJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageProtocolTest {

    private final MessageProtocol protocol = new MessageProtocol();

    @Test
    void pingIsAnsweredWithPongCarryingTheId() {
        assertThat(protocol.reply("{\"v\":1,\"op\":\"ping\",\"id\":\"c3\"}"))
                .isEqualTo("{\"v\":1,\"op\":\"pong\",\"id\":\"c3\"}");
    }

    @Test
    void pingWithoutIdIsAnsweredWithPongWithoutId() {
        assertThat(protocol.reply("{\"op\":\"ping\",\"v\":1}")).isEqualTo("{\"v\":1,\"op\":\"pong\"}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"v\":1,\"op\":\"ping\"", "not json", "{\"v\":1} trailing", "{\"v\":1}{}", "[1,", "\"ping"})
    void invalidJsonIsMalformed(String message) {
        JsonNode reply = parse(protocol.reply(message));

        assertError(reply, "malformed_json");
        assertThat(reply.has("id")).isFalse();
        assertThat(reply.at("/data/reason").asText()).startsWith("Message is not valid JSON");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  \n"})
    void emptyMessageIsMalformed(String message) {
        assertError(parse(protocol.reply(message)), "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"ping\"", "null", "true"})
    void jsonThatIsNotAnObjectIsMalformed(String message) {
        JsonNode reply = parse(protocol.reply(message));

        assertError(reply, "malformed_json");
        assertThat(reply.at("/data/reason").asText()).isEqualTo("Message must be a JSON object");
    }

    @Test
    void unknownOpIsAnsweredWithItsId() {
        JsonNode reply = parse(protocol.reply("{\"v\":1,\"op\":\"dance\",\"id\":\"c9\"}"));

        assertThat(reply.path("v").asInt()).isEqualTo(1);
        assertThat(reply.path("op").asText()).isEqualTo("error");
        assertThat(reply.path("id").asText()).isEqualTo("c9");
        assertThat(reply.at("/data/code").asText()).isEqualTo("unknown_op");
        assertThat(reply.at("/data/reason").asText()).contains("'dance'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat.room.42\"}",
                "{\"v\":1,\"op\":\"unsub\",\"id\":\"c1\",\"target\":\"chat.room.42\"}",
                "{\"v\":1,\"id\":\"c1\"}",
                "{\"v\":1,\"op\":null,\"id\":\"c1\"}",
                "{\"v\":1,\"op\":7,\"id\":\"c1\"}",
                "{\"v\":1,\"op\":\"PING\",\"id\":\"c1\"}"
            })
    void subUnsubAndMissingOrOddOpsAreUnknownForNow(String message) {
        JsonNode reply = parse(protocol.reply(message));

        assertError(reply, "unknown_op");
        assertThat(reply.path("id").asText()).isEqualTo("c1");
    }

    @Test
    void aLongUnknownOpIsQuotedAbbreviated() {
        String op = "x".repeat(10_000);

        String reply = protocol.reply("{\"v\":1,\"op\":\"" + op + "\"}");

        assertError(parse(reply), "unknown_op");
        assertThat(reply.length()).isLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"v\":2,\"op\":\"ping\",\"id\":\"c5\"}",
                "{\"v\":0,\"op\":\"ping\",\"id\":\"c5\"}",
                "{\"v\":\"1\",\"op\":\"ping\",\"id\":\"c5\"}",
                "{\"v\":1.5,\"op\":\"ping\",\"id\":\"c5\"}",
                "{\"v\":99999999999999999999,\"op\":\"ping\",\"id\":\"c5\"}",
                "{\"op\":\"ping\",\"id\":\"c5\"}",
                "{\"v\":null,\"op\":\"ping\",\"id\":\"c5\"}"
            })
    void versionOtherThanOneIsUnsupported(String message) {
        JsonNode reply = parse(protocol.reply(message));

        assertError(reply, "unsupported_version");
        assertThat(reply.path("id").asText()).isEqualTo("c5");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"v\":1,\"op\":\"ping\",\"id\":7}",
                "{\"v\":1,\"op\":\"ping\",\"id\":\"\"}",
                "{\"v\":1,\"op\":\"ping\",\"id\":{}}"
            })
    void anIdThatIsNotAShortStringIsInvalidAndNotEchoed(String message) {
        JsonNode reply = parse(protocol.reply(message));

        assertError(reply, "invalid_message");
        assertThat(reply.has("id")).isFalse();
    }

    @Test
    void anIdOverTheLimitIsInvalid() {
        String id = "i".repeat(MessageProtocol.MAX_ID_LENGTH + 1);

        assertError(parse(protocol.reply("{\"v\":1,\"op\":\"ping\",\"id\":\"" + id + "\"}")), "invalid_message");
        assertThat(protocol.reply("{\"v\":1,\"op\":\"ping\",\"id\":\"" + id.substring(1) + "\"}"))
                .contains("\"op\":\"pong\"");
    }

    @Test
    void theFunctionAnswers200WithTheReplyAsBody() {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setBody("{\"v\":1,\"op\":\"ping\",\"id\":\"c3\"}");

        APIGatewayV2WebSocketResponse response = protocol.apply(event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"v\":1,\"op\":\"pong\",\"id\":\"c3\"}");
    }

    @Test
    void aBinaryFrameIsDecodedFromBase64() {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setIsBase64Encoded(true);
        event.setBody(Base64.getEncoder()
                .encodeToString("{\"v\":1,\"op\":\"ping\",\"id\":\"b1\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(protocol.apply(event).getBody()).isEqualTo("{\"v\":1,\"op\":\"pong\",\"id\":\"b1\"}");
    }

    @Test
    void aBinaryFrameThatIsNotBase64IsMalformed() {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setIsBase64Encoded(true);
        event.setBody("%%% not base64 %%%");

        APIGatewayV2WebSocketResponse response = protocol.apply(event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertError(parse(response.getBody()), "malformed_json");
    }

    @Test
    void anEventWithoutBodyIsMalformedNotAnException() {
        APIGatewayV2WebSocketResponse response = protocol.apply(new APIGatewayV2WebSocketEvent());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertError(parse(response.getBody()), "malformed_json");
    }

    private static void assertError(JsonNode reply, String code) {
        assertThat(reply.path("v").asInt()).isEqualTo(1);
        assertThat(reply.path("op").asText()).isEqualTo("error");
        assertThat(reply.at("/data/code").asText()).isEqualTo(code);
        assertThat(reply.at("/data/reason").asText()).isNotBlank();
    }

    private static JsonNode parse(String json) {
        try {
            return EnvelopeJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("Reply is not JSON: " + json, e);
        }
    }
}
