package dev.antipop.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static JsonNode parse(String text) {
        return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String text, String reason) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void readsOrdinaryJson() {
        JsonNode node = parse("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":-1.5e3}}");
        assertThat(node.get("b").size()).isEqualTo(3);
        assertThat(node.get("c").get("d").asDouble()).isEqualTo(-1500.0);
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndOneDeeperRefusedWithAClearMessage() {
        String ok = "[".repeat(StrictJson.MAX_NESTING_DEPTH) + "]".repeat(StrictJson.MAX_NESTING_DEPTH);
        assertThat(parse(ok).isArray()).isTrue();
        assertRefused(
                "[".repeat(StrictJson.MAX_NESTING_DEPTH + 1) + "]".repeat(StrictJson.MAX_NESTING_DEPTH + 1),
                "nests deeper than 32 levels");
        assertRefused("{\"a\":".repeat(1_001) + "1" + "}".repeat(1_001), "nests deeper than 32 levels");
    }

    @Test
    void longNumbersAndNamesAreRefusedWithAClearMessage() {
        assertThat(parse("{\"n\":" + "9".repeat(StrictJson.MAX_NUMBER_LENGTH) + "}")
                        .get("n")
                        .isNumber())
                .isTrue();
        assertRefused("{\"n\":" + "9".repeat(1_001) + "}", "has a number longer than 64 characters");
        assertRefused("{\"n\":0." + "1".repeat(300) + "}", "has a number longer than 64 characters");
        assertRefused("{\"" + "k".repeat(50_001) + "\":1}", "has a member name longer than 256 characters");
    }

    @Test
    void trailingContentAndRepeatedNamesAreRefused() {
        assertRefused("{\"a\":1}}", "is not valid JSON (line 1, column 8)");
        assertRefused("{\"a\":1}x", "is not valid JSON");
        assertRefused("{\"a\":1} {\"b\":2}", "has content after the JSON value");
        assertRefused("{\"a\":1,\"a\":2}", "repeats a member name: 'a'");
        assertRefused("{\"x\":{\"a\":1,\"a\":1}}", "repeats a member name");
        assertRefused("{\"a\":", "is not valid JSON (line 1");
    }

    @Test
    void unpairedSurrogatesAnywhereAreRefusedButPairsAreText() {
        StrictJson.requireWellFormedUnicode(parse("{\"e\":\"\\ud83d\\ude00 \uD83D\uDE00\"}"));
        for (String text :
                new String[] {"{\"a\":\"S\\ud800E\"}", "{\"a\":\"\\udc00\"}", "{\"a\":[\"ok\",{\"b\":\"x\\ud800\"}]}"
                }) {
            JsonNode node = parse(text);
            assertThatThrownBy(() -> StrictJson.requireWellFormedUnicode(node))
                    .as(text)
                    .isInstanceOf(InvalidJsonException.class)
                    .hasMessageContaining("unpaired UTF-16 surrogate");
        }
        assertThatThrownBy(() -> StrictJson.requireWellFormedUnicode(parse("{\"a\":[\"ok\",{\"b\":\"\\ud800\"}]}")))
                .hasMessageContaining("at /a/1/b");
        // Jackson refuses a broken pair in a member name itself.
        assertRefused("{\"\\ud800\":1}", "is not valid JSON");
    }

    @Test
    void hasUnpairedSurrogate() {
        assertThat(StrictJson.hasUnpairedSurrogate("abc")).isFalse();
        assertThat(StrictJson.hasUnpairedSurrogate("\ud83d\ude00")).isFalse();
        assertThat(StrictJson.hasUnpairedSurrogate("\ude00\ud83d")).isTrue();
        assertThat(StrictJson.hasUnpairedSurrogate("a\ud800")).isTrue();
    }
}
