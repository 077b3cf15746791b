package dev.antipop.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensitiveFieldsTest {

    private static EventEnvelope event(String type, String dataJson) throws Exception {
        return new EventEnvelope(
                "1",
                type,
                "user-1",
                1,
                "user.1.events",
                Instant.parse("2026-01-01T00:00:00Z"),
                (ObjectNode) EnvelopeJson.mapper().readTree(dataJson),
                null);
    }

    @Test
    void removesTopLevelAndNestedFieldsOfTheTypeOnly() throws Exception {
        SensitiveFields fields = SensitiveFields.of(
                Map.of("identity.user_registered", Set.of("passwordHash", "card.number", "devices.secret")));
        EventEnvelope e = event(
                "identity.user_registered",
                "{\"email\":\"a@b.c\",\"passwordHash\":\"$argon2id$x\",\"card\":{\"number\":\"4111\",\"last4\":\"1111\"},"
                        + "\"devices\":[{\"id\":\"d1\",\"secret\":\"s1\"},{\"id\":\"d2\",\"secret\":\"s2\"}]}");

        EventEnvelope redacted = fields.redact(e);

        assertThat(redacted.data().toString())
                .isEqualTo("{\"email\":\"a@b.c\",\"card\":{\"last4\":\"1111\"},"
                        + "\"devices\":[{\"id\":\"d1\"},{\"id\":\"d2\"}]}");
        assertThat(e.data().has("passwordHash")).as("original untouched").isTrue();
        assertThat(e.data().get("devices").get(0).has("secret")).isTrue();
        assertThat(redacted.eventId()).isEqualTo(e.eventId());
        assertThat(redacted.version()).isEqualTo(e.version());
    }

    @Test
    void leavesOtherTypesAndMissingPathsAlone() throws Exception {
        SensitiveFields fields = SensitiveFields.of(Map.of("identity.user_registered", Set.of("passwordHash", "a.b")));
        EventEnvelope other = event("identity.user_renamed", "{\"passwordHash\":\"kept\"}");
        EventEnvelope scalarParent = event("identity.user_registered", "{\"a\":5,\"passwordHash\":\"x\"}");

        assertThat(fields.redact(other)).isSameAs(other);
        assertThat(fields.redact(scalarParent).data().toString()).isEqualTo("{\"a\":5}");
    }

    @Test
    void unionCombinesFieldsPerType() {
        SensitiveFields a = SensitiveFields.of(Map.of("t.one", Set.of("x"), "t.two", Set.of("y")));
        SensitiveFields b = SensitiveFields.of(Map.of("t.one", Set.of("z")));

        SensitiveFields union = a.and(b);

        assertThat(union.fieldsOf("t.one")).containsExactlyInAnyOrder("x", "z");
        assertThat(union.fieldsOf("t.two")).containsExactly("y");
        assertThat(union.fieldsOf("t.three")).isEmpty();
        assertThat(a.and(SensitiveFields.none())).isEqualTo(a);
        assertThat(SensitiveFields.none().and(b)).isEqualTo(b);
        assertThat(a.fieldsOf("t.one")).containsExactly("x");
    }

    @Test
    void rejectsEmptyPathSteps() {
        assertThatThrownBy(() -> SensitiveFields.of(Map.of("t", Set.of("a..b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a..b");
        assertThatThrownBy(() -> SensitiveFields.of(Map.of("t", Set.of(" "))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
