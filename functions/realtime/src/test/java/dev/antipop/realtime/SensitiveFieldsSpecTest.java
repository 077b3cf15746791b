package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SensitiveFieldsSpecTest {

    @Test
    void parsesTypesAndFieldsIncludingNestedPaths() {
        SensitiveFields fields = SensitiveFieldsSpec.parse(
                "identity.user_created:passwordHash;other.type:fieldA,fieldB;commerce.card_added:card.number");

        assertThat(fields.fieldsOf("identity.user_created")).containsExactly("passwordHash");
        assertThat(fields.fieldsOf("other.type")).containsExactlyInAnyOrder("fieldA", "fieldB");
        assertThat(fields.fieldsOf("commerce.card_added")).containsExactly("card.number");
        assertThat(fields.fieldsOf("identity.user_renamed")).isEmpty();
    }

    @Test
    void ignoresWhitespaceAndEmptyEntriesAndMergesRepeatedTypes() {
        SensitiveFields fields = SensitiveFieldsSpec.parse(" ;a.b : x , y ;; a.b:z ; ");

        assertThat(fields.fieldsOf("a.b")).containsExactlyInAnyOrder("x", "y", "z");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", ";", " ; ; "})
    void unsetOrBlankDeclaresNone(String spec) {
        assertThat(SensitiveFieldsSpec.parse(spec)).isEqualTo(SensitiveFields.none());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "identity.user_created",
                "identity.user_created:",
                "identity.user_created: , ",
                ":passwordHash",
                "identity user_created:passwordHash",
                "identity..user_created:passwordHash",
                "identity.user_created:password Hash",
                "identity.user_created:card..number",
                "identity.user_created:.number",
                "a.b:x;identity.user_created"
            })
    void rejectsMalformedEntriesNamingThem(String spec) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SensitiveFieldsSpec.parse(spec))
                .withMessageStartingWith("SENSITIVE_FIELDS entry '");
    }

    @Test
    void aRepeatedTypeWithoutFieldsIsStillAnError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SensitiveFieldsSpec.parse("a.b:x;a.b:"))
                .withMessageContaining("no fields given for a.b");
    }

    @Test
    void theParsedFieldsRedactEnvelopes() {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.put("email", "ada@example.com");
        data.put("passwordHash", "$argon2id$secret");
        EventEnvelope event = new EventEnvelope(
                "1", "identity.user_created", "user-1", 1, "user.1.events", Instant.EPOCH, data, null);

        EventEnvelope redacted =
                SensitiveFieldsSpec.parse("identity.user_created:passwordHash").redact(event);

        assertThat(redacted.data().has("passwordHash")).isFalse();
        assertThat(redacted.data().path("email").asText()).isEqualTo("ada@example.com");
    }
}
