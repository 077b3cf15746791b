package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EventItemsTest {

    private static EventEnvelope envelope(EventMeta meta) throws Exception {
        return new EventEnvelope(
                "7312345678901234567",
                "identity.user_created",
                "user-42",
                12,
                "user.42.events",
                Instant.parse("2026-11-22T19:00:00.123Z"),
                (ObjectNode) EnvelopeJson.mapper()
                        .readTree("{\"name\":\"Ada \\\"L\\\" \\u00fc\",\"n\":12345678901234,\"x\":1.0}"),
                meta);
    }

    @Test
    void writesTheDesignedAttributes() throws Exception {
        Map<String, AttributeValue> item = EventItems.toItem(envelope(new EventMeta("u-1", null, "cmd-1", null)));

        assertThat(item.get("stream").s()).isEqualTo("user-42");
        assertThat(item.get("version").n()).isEqualTo("12");
        assertThat(item.get("eventId").s()).isEqualTo("7312345678901234567");
        assertThat(item.get("type").s()).isEqualTo("identity.user_created");
        assertThat(item.get("topic").s()).isEqualTo("user.42.events");
        assertThat(item.get("timestamp").s()).isEqualTo("2026-11-22T19:00:00.123Z");
        assertThat(item.get("data").s()).isEqualTo("{\"name\":\"Ada \\\"L\\\" ü\",\"n\":12345678901234,\"x\":1.0}");
        assertThat(item.get("meta").s()).isEqualTo("{\"userId\":\"u-1\",\"causationId\":\"cmd-1\"}");
    }

    @Test
    void roundTripsThroughItemsAndStringAttributes() throws Exception {
        EventEnvelope e = envelope(new EventMeta("u-1", "corr", "cmd-1", "m-1"));
        Map<String, AttributeValue> item = EventItems.toItem(e);
        Map<String, String> strings = new HashMap<>();
        item.forEach((k, v) -> strings.put(k, v.s() != null ? v.s() : v.n()));

        assertThat(EventItems.fromItem(item)).isEqualTo(e);
        assertThat(EventItems.fromAttributes(strings)).isEqualTo(e);
    }

    @Test
    void aMissingMetaIsEmptyAndBrokenItemsNameTheAttribute() throws Exception {
        Map<String, AttributeValue> item = new HashMap<>(EventItems.toItem(envelope(null)));
        item.remove("meta");
        assertThat(EventItems.fromItem(item).meta()).isEqualTo(EventMeta.EMPTY);

        Map<String, AttributeValue> noType = new HashMap<>(item);
        noType.remove("type");
        assertThatThrownBy(() -> EventItems.fromItem(noType)).hasMessageContaining("'type'");

        Map<String, AttributeValue> badData = new HashMap<>(item);
        badData.put("data", AttributeValue.fromS("[1,2]"));
        assertThatThrownBy(() -> EventItems.fromItem(badData)).hasMessageContaining("'data'");

        Map<String, AttributeValue> badVersion = new HashMap<>(item);
        badVersion.put("version", AttributeValue.fromS("one"));
        assertThatThrownBy(() -> EventItems.fromItem(badVersion))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'version'");
    }
}
