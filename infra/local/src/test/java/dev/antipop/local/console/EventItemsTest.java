package dev.antipop.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An events table's items as the console shows them: data and meta as JSON, sensitive fields redacted. */
class EventItemsTest {

    private final TablesApi tables =
            new TablesApi(null, List.of(), Map.of("identity.user_created", Set.of("passwordHash")));

    private static ObjectNode item(String type, String data) {
        return ApiAnswer.JSON
                .createObjectNode()
                .put("stream", "user-1")
                .put("version", 1)
                .put("type", type)
                .put("data", data)
                .put("meta", "{\"correlationId\":\"c-1\"}");
    }

    @Test
    void dataAndMetaAreJsonAndSensitiveFieldsAreRedacted() {
        ObjectNode shown = tables.event(item(
                "identity.user_created",
                "{\"userId\":\"1\",\"email\":\"a@example.com\",\"passwordHash\":\"$argon2id$x\"}"));

        assertThat(shown.path("data").path("passwordHash").asText()).isEqualTo(TablesApi.REDACTED);
        assertThat(shown.path("data").path("email").asText()).isEqualTo("a@example.com");
        assertThat(shown.path("meta").path("correlationId").asText()).isEqualTo("c-1");
        assertThat(shown.toString()).doesNotContain("argon2id");
    }

    @Test
    void typesWithoutSensitiveFieldsAreShownWhole() {
        ObjectNode shown = tables.event(item("identity.user_profile_updated", "{\"displayName\":\"Root\"}"));

        assertThat(shown.path("data").path("displayName").asText()).isEqualTo("Root");
    }

    @Test
    void unreadableDataOfATypeWithSensitiveFieldsIsNotShownAtAll() {
        ObjectNode shown = tables.event(item("identity.user_created", "{not json \"passwordHash\":\"secret\""));

        assertThat(shown.path("data").asText()).isEqualTo(TablesApi.REDACTED);
        assertThat(shown.toString()).doesNotContain("secret");
    }
}
