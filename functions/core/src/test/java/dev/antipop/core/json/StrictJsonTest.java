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
        assertRefused("{\"n\":" + "9".repeat(1_001) + "}", "has a number of more than 64 digits");
        assertRefused("{\"n\":0." + "1".repeat(300) + "}", "has a number of more than 64 digits");
    }

    /**
     * Found by BadInputFuzzIT: Jackson's byte parser took {@code "ttlHours\xff"} as a member name and an overlong NUL
     * ({@code C0 80}) as U+0000; bytes must be UTF-8, strictly.
     */
    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[][] bodies = {
            {'{', '"', 'a', (byte) 0xff, '"', ':', '1', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0x80, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82, '"', '}'},
            {'{', 0, '"', 0, 'a', 0, '"', 0, ':', 0, '1', 0, '}', 0}
        };
        for (byte[] body : bodies) {
            assertThatThrownBy(() -> StrictJson.parse(body))
                    .isInstanceOf(InvalidJsonException.class)
                    .hasMessageStartingWith(body[1] == 0 ? "is not valid JSON" : "is not valid UTF-8");
        }
        byte[] bom = {
            (byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0xa9, '"', '}'
        };
        assertThat(StrictJson.parse(bom).get("a").textValue()).isEqualTo("\u00e9");
    }

    /** The limit counts digits, not characters: what the README documents (found by BadInputFuzzIT). */
    @Test
    void theNumberLimitCountsDigitsNotTheSignPointOrExponentMarker() {
        String digits = "9".repeat(StrictJson.MAX_NUMBER_LENGTH);
        assertThat(parse("{\"n\":-" + digits + "}").get("n").isNumber()).isTrue();
        assertThat(parse("{\"n\":-9." + digits.substring(3) + "e+15}").get("n").isNumber())
                .isTrue();
        assertRefused("{\"n\":9." + digits.substring(2) + "e15}", "has a number of more than 64 digits");
        assertRefused("{\"n\":-" + digits + "9}", "has a number of more than 64 digits");
        assertRefused("{\"n\":9." + digits + "}", "has a number of more than 64 digits");
        assertRefused("{\"n\":1e" + digits + "9}", "has a number of more than 64 digits");
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
        // A broken pair in a member name is refused too, naming where.
        assertThatThrownBy(() -> StrictJson.requireWellFormedUnicode(parse("{\"\\ud800\":1}")))
                .hasMessageContaining("unpaired UTF-16 surrogate at a member name");
    }

    @Test
    void hasUnpairedSurrogate() {
        assertThat(StrictJson.hasUnpairedSurrogate("abc")).isFalse();
        assertThat(StrictJson.hasUnpairedSurrogate("\ud83d\ude00")).isFalse();
        assertThat(StrictJson.hasUnpairedSurrogate("\ude00\ud83d")).isTrue();
        assertThat(StrictJson.hasUnpairedSurrogate("a\ud800")).isTrue();
    }
}
