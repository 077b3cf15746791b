package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.realtime.ClientMessage.Invalid;
import dev.antipop.realtime.ClientMessage.Ping;
import dev.antipop.realtime.ClientMessage.PresenceQuery;
import dev.antipop.realtime.ClientMessage.Sub;
import dev.antipop.realtime.ClientMessage.Unsub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientMessageTest {

    @Test
    void pingCarriesItsId() {
        assertThat(ClientMessage.parse("{\"v\":1,\"op\":\"ping\",\"id\":\"c3\"}"))
                .isEqualTo(new Ping("c3"));
        assertThat(ClientMessage.parse("{\"op\":\"ping\",\"v\":1}")).isEqualTo(new Ping(null));
    }

    @Test
    void subWithoutDataIsAPlainSubscription() {
        Sub sub = (Sub) ClientMessage.parse("{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat.room.*\"}");

        assertThat(sub.id()).isEqualTo("c1");
        assertThat(sub.pattern().value()).isEqualTo("chat.room.*");
        assertThat(sub.startSeq()).isNull();
        assertThat(sub.presence()).isFalse();
    }

    @Test
    void subWithStartSeqAndPresence() {
        Sub resume = (Sub) ClientMessage.parse(
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"user.7.events\",\"data\":{\"start_seq\":17}}");
        Sub join = (Sub) ClientMessage.parse(
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c2\",\"target\":\"chat.room.42\",\"data\":{\"presence\":true}}");
        Sub belowOne = (Sub)
                ClientMessage.parse("{\"v\":1,\"op\":\"sub\",\"target\":\"user.7.events\",\"data\":{\"start_seq\":0}}");

        assertThat(resume.startSeq()).isEqualTo(17L);
        assertThat(join.presence()).isTrue();
        assertThat(join.pattern().value()).isEqualTo("chat.room.42");
        // Well-formed; the subscription answers position_unavailable.
        assertThat(belowOne.startSeq()).isZero();
    }

    @Test
    void unsubAndPresenceQuery() {
        assertThat(ClientMessage.parse("{\"v\":1,\"op\":\"unsub\",\"id\":\"c2\",\"target\":\"chat.>\"}"))
                .isInstanceOfSatisfying(
                        Unsub.class, u -> assertThat(u.pattern().value()).isEqualTo("chat.>"));
        assertThat(ClientMessage.parse("{\"v\":1,\"op\":\"presence\",\"id\":\"c4\",\"target\":\"chat.room.42\"}"))
                .isInstanceOfSatisfying(
                        PresenceQuery.class, p -> assertThat(p.room().value()).isEqualTo("chat.room.42"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\"}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":null}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":7}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"\"}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat..room\"}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat.>.x\"}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat.ro*m\"}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat room\"}",
                "{\"v\":1,\"op\":\"unsub\",\"id\":\"c1\",\"target\":\"a.>.b\"}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat.room.*\",\"data\":{\"presence\":true}}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"user.7.events\",\"data\":{\"presence\":true}}",
                "{\"v\":1,\"op\":\"presence\",\"id\":\"c1\",\"target\":\"chat.room.*\"}",
                "{\"v\":1,\"op\":\"presence\",\"id\":\"c1\",\"target\":\"chat.lobby\"}",
                "{\"v\":1,\"op\":\"presence\",\"id\":\"c1\"}"
            })
    void aMissingOrInvalidTargetIsInvalidTarget(String message) {
        JsonNode reply = frame(ClientMessage.parse(message));

        assertError(reply, "invalid_target");
        assertThat(reply.path("id").asText()).isEqualTo("c1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"a.b\",\"data\":[]}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"a.b\",\"data\":{\"start_seq\":\"17\"}}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"a.b\",\"data\":{\"start_seq\":1.5}}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"a.b\",\"data\":{\"start_seq\":1e40}}",
                "{\"v\":1,\"op\":\"sub\",\"id\":\"c1\",\"target\":\"chat.room.1\",\"data\":{\"presence\":\"yes\"}}"
            })
    void malformedDataIsInvalidMessage(String message) {
        JsonNode reply = frame(ClientMessage.parse(message));

        assertError(reply, "invalid_message");
        assertThat(reply.path("id").asText()).isEqualTo("c1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"v\":1,\"op\":\"ping\"", "not json", "{\"v\":1} trailing", "{\"v\":1}{}", "[1,", "\"ping"})
    void invalidJsonIsMalformed(String message) {
        JsonNode reply = frame(ClientMessage.parse(message));

        assertError(reply, "malformed_json");
        assertThat(reply.has("id")).isFalse();
        assertThat(reply.at("/data/reason").asText())
                .matches("Message (is not valid JSON|has content after the JSON value) \\(line 1, column \\d+\\)");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  \n"})
    void emptyMessageIsMalformed(String message) {
        assertError(frame(ClientMessage.parse(message)), "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"ping\"", "null", "true"})
    void jsonThatIsNotAnObjectIsMalformed(String message) {
        JsonNode reply = frame(ClientMessage.parse(message));

        assertError(reply, "malformed_json");
        assertThat(reply.at("/data/reason").asText()).isEqualTo("Message must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"v\":1,\"op\":\"dance\",\"id\":\"c1\"}",
                "{\"v\":1,\"id\":\"c1\"}",
                "{\"v\":1,\"op\":null,\"id\":\"c1\"}",
                "{\"v\":1,\"op\":7,\"id\":\"c1\"}",
                "{\"v\":1,\"op\":\"PING\",\"id\":\"c1\"}",
                "{\"v\":1,\"op\":\"js_sub\",\"id\":\"c1\"}"
            })
    void missingOrUnknownOpsAreUnknownOp(String message) {
        JsonNode reply = frame(ClientMessage.parse(message));

        assertError(reply, "unknown_op");
        assertThat(reply.path("id").asText()).isEqualTo("c1");
        assertThat(reply.at("/data/reason").asText()).contains("ping, sub, unsub, presence, typing");
    }

    @Test
    void aLongUnknownOpIsQuotedAbbreviated() {
        String reply = ((Invalid) ClientMessage.parse("{\"v\":1,\"op\":\"" + "x".repeat(10_000) + "\"}")).frame();

        assertError(frame(reply), "unknown_op");
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
        JsonNode reply = frame(ClientMessage.parse(message));

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
        JsonNode reply = frame(ClientMessage.parse(message));

        assertError(reply, "invalid_message");
        assertThat(reply.has("id")).isFalse();
    }

    @Test
    void anIdOverTheLimitIsInvalid() {
        String id = "i".repeat(ClientMessage.MAX_ID_LENGTH + 1);

        assertError(frame(ClientMessage.parse("{\"v\":1,\"op\":\"ping\",\"id\":\"" + id + "\"}")), "invalid_message");
        assertThat(ClientMessage.parse("{\"v\":1,\"op\":\"ping\",\"id\":\"" + id.substring(1) + "\"}"))
                .isEqualTo(new Ping(id.substring(1)));
    }

    private static JsonNode frame(ClientMessage message) {
        assertThat(message).isInstanceOf(Invalid.class);
        return frame(((Invalid) message).frame());
    }

    private static JsonNode frame(String json) {
        try {
            return EnvelopeJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("Reply is not JSON: " + json, e);
        }
    }

    private static void assertError(JsonNode reply, String code) {
        assertThat(reply.path("v").asInt()).isEqualTo(1);
        assertThat(reply.path("op").asText()).isEqualTo("error");
        assertThat(reply.at("/data/code").asText()).isEqualTo(code);
        assertThat(reply.at("/data/reason").asText()).isNotBlank();
    }

    private static Invalid invalid(String message) {
        return (Invalid) ClientMessage.parse(message);
    }

    @Test
    void strictJsonRulesApplyToMessages() {
        Invalid duplicate = invalid("{\"v\":1,\"op\":\"ping\",\"op\":\"sub\",\"id\":\"c1\"}");
        assertThat(duplicate.code()).isEqualTo(Frames.ErrorCode.MALFORMED_JSON);
        assertThat(duplicate.reason()).startsWith("Message repeats a member name: 'op'");

        Invalid deep = invalid("{\"v\":1,\"op\":\"ping\",\"data\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}");
        assertThat(deep.code()).isEqualTo(Frames.ErrorCode.MALFORMED_JSON);
        assertThat(deep.reason()).isEqualTo("Message nests deeper than 32 levels");

        Invalid bigNumber = invalid("{\"v\":" + "1".repeat(1_001) + ",\"op\":\"ping\"}");
        assertThat(bigNumber.reason()).isEqualTo("Message has a number of more than 64 digits");

        assertThat(invalid("{\"v\":1,\"op\":\"ping\"}}").code()).isEqualTo(Frames.ErrorCode.MALFORMED_JSON);
    }

    @Test
    void anUnpairedSurrogateInATargetIsAnInvalidTargetAndTheReasonIsValidUnicode() throws Exception {
        for (String op : new String[] {"sub", "unsub", "presence"}) {
            Invalid target =
                    invalid("{\"v\":1,\"op\":\"" + op + "\",\"id\":\"c1\",\"target\":\"chat.room.S\\ud800E\"}");
            assertThat(target.code()).as(op).isEqualTo(Frames.ErrorCode.INVALID_TARGET);
            assertThat(target.id()).isEqualTo("c1");
            assertThat(target.reason()).contains("chat.room.S\uFFFDE").doesNotContain("\ud800");
            // The frame is well-formed UTF-8 JSON.
            assertThat(EnvelopeJson.mapper()
                            .readTree(target.frame())
                            .path("data")
                            .path("code")
                            .asText())
                    .isEqualTo("invalid_target");
        }
        Invalid id = invalid("{\"v\":1,\"op\":\"ping\",\"id\":\"c\\udc00\"}");
        assertThat(id.code()).isEqualTo(Frames.ErrorCode.INVALID_MESSAGE);
        assertThat(id.id()).isNull();
    }
}
