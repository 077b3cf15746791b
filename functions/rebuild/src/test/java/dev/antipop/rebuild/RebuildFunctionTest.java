package dev.antipop.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.runtime.rebuild.RebuildPlan;
import dev.antipop.runtime.rebuild.RebuildRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

class RebuildFunctionTest {

    @Test
    void anEmptyInputRebuildsEveryViewAndMembersNarrowIt() {
        assertThat(RebuildFunction.request(new byte[0])).isEqualTo(RebuildRequest.of(null, null));
        assertThat(RebuildFunction.request(bytes("null"))).isEqualTo(RebuildRequest.of(null, null));
        assertThat(RebuildFunction.request(
                        bytes("{\"context\":\"catalog\",\"view\":\"brands\",\"segments\":8," + "\"restart\":true}")))
                .isEqualTo(new RebuildRequest("catalog", "brands", 8, RebuildRequest.DEFAULT_PAGE_SIZE, true));
    }

    @Test
    void aBadInputIsRefused() {
        assertThatThrownBy(() -> RebuildFunction.request(bytes("{")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the input is not JSON");
        assertThatThrownBy(() -> RebuildFunction.request(bytes("[1]"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSelectionOfNoViewAnswersValidationFailedWithTheViews() {
        RebuildFunction function =
                new RebuildFunction(null, name -> null, RebuildPlan.viewsOnClasspath(), "checkpoints");

        Map<String, Object> answer = function.apply(
                MessageBuilder.withPayload(bytes("{\"view\":\"nothing\"}")).build());

        assertThat(answer).containsEntry("ok", false);
        assertThat(answer.get("error").toString())
                .contains("validation_failed", "no view matches view nothing", "catalog/brands", "identity/users");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
