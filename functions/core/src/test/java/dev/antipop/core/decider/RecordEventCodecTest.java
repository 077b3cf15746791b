package dev.antipop.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordEventCodecTest {

    private final RecordEventCodec<Account.Event> codec = Account.codec();

    @Test
    void roundTripsRecordsThroughEnvelopeData() {
        Account.Opened opened = new Account.Opened("Ada", "ada@example.com", "1234");

        EventEnvelope envelope = new EventEnvelope(
                "1",
                codec.typeOf(opened),
                "account-7",
                1,
                codec.topicOf("account-7", opened),
                Instant.EPOCH,
                codec.toData(opened),
                null);

        assertThat(envelope.type()).isEqualTo("bank.account_opened");
        assertThat(envelope.topic()).isEqualTo("account.7.events");
        assertThat(envelope.data().toString())
                .isEqualTo("{\"owner\":\"Ada\",\"email\":\"ada@example.com\",\"pin\":\"1234\"}");
        assertThat(codec.fromEnvelope(envelope)).isEqualTo(opened);
        assertThat(codec.sensitiveFields().redact(envelope).data().has("pin")).isFalse();
    }

    @Test
    void unknownTypeNamesTheType() {
        EventEnvelope unknown = new EventEnvelope(
                "1",
                "bank.account_frozen",
                "account-7",
                1,
                "a",
                Instant.EPOCH,
                codec.toData(new Account.Deposited(1)),
                null);

        assertThatThrownBy(() -> codec.fromEnvelope(unknown))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bank.account_frozen");
    }

    @Test
    void dataThatDoesNotFitTheRecordIsAnIllegalState() throws Exception {
        EventEnvelope bad = new EventEnvelope(
                "1",
                "bank.money_deposited",
                "account-7",
                1,
                "a",
                Instant.EPOCH,
                (ObjectNode) EnvelopeJson.mapper().readTree("{\"amount\":\"lots\"}"),
                null);

        assertThatThrownBy(() -> codec.fromEnvelope(bad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Deposited");
    }

    @Test
    void rejectsAClassMappedTwiceOrANonRecord() {
        assertThatThrownBy(() -> new RecordEventCodec<Object>(
                        Map.of("a.one", Account.Deposited.class, "a.two", Account.Deposited.class),
                        (s, e) -> "t",
                        SensitiveFields.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two event types");
        assertThatThrownBy(() -> new RecordEventCodec<Object>(
                        Map.of("a.one", String.class), (s, e) -> "t", SensitiveFields.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a record");
    }
}
