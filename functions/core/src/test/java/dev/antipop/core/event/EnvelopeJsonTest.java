package dev.antipop.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeJsonTest {

    private static ObjectNode data(String json) throws Exception {
        return (ObjectNode) EnvelopeJson.mapper().readTree(json);
    }

    private static EventEnvelope envelope(Instant timestamp, EventMeta meta) throws Exception {
        return new EventEnvelope(
                "7312345678901234567",
                "identity.user_created",
                "user-42",
                1,
                "user.42.events",
                timestamp,
                data("{\"name\":\"Ada\",\"nested\":{\"n\":1.5,\"list\":[1,\"x\",null]}}"),
                meta);
    }

    @Test
    void writesTheDesignShapeWithMillisecondTimestampAndFieldOrder() throws Exception {
        EventEnvelope e =
                envelope(Instant.parse("2026-11-22T19:00:00.123456Z"), new EventMeta("u1", "corr", "cmd-1", null));

        String json = EnvelopeJson.toJson(e);

        assertThat(json)
                .isEqualTo("{\"eventId\":\"7312345678901234567\",\"type\":\"identity.user_created\","
                        + "\"stream\":\"user-42\",\"version\":1,\"topic\":\"user.42.events\","
                        + "\"timestamp\":\"2026-11-22T19:00:00.123Z\","
                        + "\"data\":{\"name\":\"Ada\",\"nested\":{\"n\":1.5,\"list\":[1,\"x\",null]}},"
                        + "\"meta\":{\"userId\":\"u1\",\"correlationId\":\"corr\",\"causationId\":\"cmd-1\"}}");
    }

    @Test
    void alwaysWritesThreeFractionDigits() throws Exception {
        EventEnvelope e = envelope(Instant.parse("2026-11-22T19:00:00Z"), EventMeta.EMPTY);

        assertThat(EnvelopeJson.toNode(e).get("timestamp").textValue()).isEqualTo("2026-11-22T19:00:00.000Z");
        assertThat(EnvelopeJson.toNode(e).get("meta").size()).isZero();
    }

    @Test
    void roundTripsThroughJsonAndTree() throws Exception {
        EventEnvelope e = envelope(Instant.parse("2026-11-22T19:00:00.007Z"), new EventMeta(null, "c", null, "m-1"));

        assertThat(EnvelopeJson.fromJson(EnvelopeJson.toJson(e))).isEqualTo(e);
        assertThat(EnvelopeJson.fromNode(EnvelopeJson.toNode(e))).isEqualTo(e);
    }

    @Test
    void truncatesTimestampToMillisSoRoundTripsAreEqual() throws Exception {
        EventEnvelope e = envelope(Instant.parse("2026-11-22T19:00:00.123999Z"), null);

        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-22T19:00:00.123Z"));
        assertThat(e.meta()).isEqualTo(EventMeta.EMPTY);
    }

    @Test
    void toNodeCopiesDataSoTheEnvelopeStaysUntouched() throws Exception {
        EventEnvelope e = envelope(Instant.parse("2026-11-22T19:00:00Z"), null);

        ((ObjectNode) EnvelopeJson.toNode(e).get("data")).put("name", "changed");

        assertThat(e.data().get("name").textValue()).isEqualTo("Ada");
    }

    @Test
    void readsEnvelopesWithoutMeta() {
        EventEnvelope e = EnvelopeJson.fromJson("{\"eventId\":\"1\",\"type\":\"t.x\",\"stream\":\"s-1\",\"version\":3,"
                + "\"topic\":\"a.b\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}");

        assertThat(e.version()).isEqualTo(3);
        assertThat(e.meta()).isEqualTo(EventMeta.EMPTY);
    }

    @Test
    void rejectsMalformedEnvelopesNamingTheField() {
        String valid = "{\"eventId\":\"1\",\"type\":\"t.x\",\"stream\":\"s-1\",\"version\":3,"
                + "\"topic\":\"a.b\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}";
        for (List<String> broken : List.of(
                List.of("\"eventId\":\"1\"", "\"eventId\":1", "eventId"),
                List.of("\"version\":3", "\"version\":\"3\"", "version"),
                List.of("\"version\":3", "\"version\":3.5", "version"),
                List.of("\"data\":{}", "\"data\":[]", "data"),
                List.of("\"type\":\"t.x\",", "", "type"),
                List.of("\"timestamp\":\"2026-01-01T00:00:00Z\"", "\"timestamp\":\"yesterday\"", "yesterday"))) {
            String json = valid.replace(broken.get(0), broken.get(1));
            assertThatThrownBy(() -> EnvelopeJson.fromJson(json))
                    .as(json)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(broken.get(2));
        }
        assertThatThrownBy(() -> EnvelopeJson.fromJson("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EnvelopeJson.fromNode(EnvelopeJson.mapper().createArrayNode()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapperWritesInstantsAsIsoStrings() throws Exception {
        record WithTime(Instant at) {}
        JsonNode node = EnvelopeJson.mapper().valueToTree(new WithTime(Instant.parse("2026-11-22T19:00:00.5Z")));

        assertThat(node.get("at").isTextual()).isTrue();
        assertThat(EnvelopeJson.mapper().treeToValue(node, WithTime.class).at())
                .isEqualTo(Instant.parse("2026-11-22T19:00:00.5Z"));
    }

    @Test
    void rejectsVersionZero() {
        assertThatThrownBy(() -> new EventEnvelope(
                        "1",
                        "t",
                        "s",
                        0,
                        "a",
                        Instant.EPOCH,
                        EnvelopeJson.mapper().createObjectNode(),
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-based");
    }
}
