package dev.antipop.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static JsonNode json(String text) throws Exception {
        return EnvelopeJson.mapper().readTree(text);
    }

    @Test
    void returnsNormalisedValuesWhenValid() throws Exception {
        Validation v = Validation.of(json("{\"name\":\"  Ada  \",\"email\":\" Ada@Example.COM \",\"role\":\"admin\","
                + "\"age\":36,\"active\":false,\"bio\":\"  \"}"));

        assertThat(v.requiredString("name", 1, 10)).isEqualTo("Ada");
        assertThat(v.requiredEmail("email")).isEqualTo("ada@example.com");
        assertThat(v.requiredOneOf("role", Set.of("admin", "member"))).isEqualTo("admin");
        assertThat(v.requiredLong("age", 0, 150)).isEqualTo(36);
        assertThat(v.optionalBoolean("active", true)).isFalse();
        assertThat(v.optionalBoolean("missing", true)).isTrue();
        assertThat(v.optionalString("bio", 100)).isNull();
        assertThat(v.optionalString("missing", 100)).isNull();
        assertThat(v.isValid()).isTrue();
        v.throwIfInvalid();
    }

    @Test
    void collectsOneMessagePerFieldInOrder() throws Exception {
        Validation v = Validation.of(
                json(
                        "{\"name\":42,\"password\":\"short\",\"email\":\"not-an-email\","
                                + "\"role\":\"root\",\"age\":\"36\",\"count\":1.5,\"limit\":1000,\"flag\":\"true\",\"nick\":\"abcdef\"}"));

        v.requiredString("name", 1, 10);
        v.requiredString("password", 8, 128);
        v.requiredEmail("email");
        v.requiredOneOf("role", Set.of("member", "admin"));
        v.requiredLong("age", 0, 150);
        v.requiredLong("count", 0, 10);
        v.requiredLong("limit", 0, 100);
        v.optionalBoolean("flag", false);
        v.optionalString("nick", 5);
        v.requiredString("absent", 1, 10);
        v.check(false, "password", "second message loses");
        v.check(false, "terms", "must be accepted");

        assertThatThrownBy(v::throwIfInvalid).isInstanceOfSatisfying(CommandException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).isEqualTo("Validation failed");
            assertThat(e.fields())
                    .containsExactly(
                            entry("name", "must be a string"),
                            entry("password", "must be at least 8 characters"),
                            entry("email", "must be a valid email address"),
                            entry("role", "must be one of admin, member"),
                            entry("age", "must be an integer"),
                            entry("count", "must be an integer"),
                            entry("limit", "must be at most 100"),
                            entry("flag", "must be a boolean"),
                            entry("nick", "must be at most 5 characters"),
                            entry("absent", "is required"),
                            entry("terms", "must be accepted"));
        });
    }

    @Test
    void nullBlankAndMissingAreRequiredFailures() throws Exception {
        Validation v = Validation.of(json("{\"a\":null,\"b\":\"   \",\"n\":-1}"));

        assertThat(v.requiredString("a", 1, 5)).isNull();
        assertThat(v.requiredString("b", 1, 5)).isNull();
        assertThat(v.requiredString("c", 1, 5)).isNull();
        assertThat(v.requiredLong("n", 0, 5)).isZero();
        assertThat(v.requiredLong("m", 3, 5)).isEqualTo(3);

        assertThat(v.errors())
                .containsExactly(
                        entry("a", "is required"),
                        entry("b", "is required"),
                        entry("c", "is required"),
                        entry("n", "must be at least 0"),
                        entry("m", "is required"));
    }

    @Test
    void countsCodePointsNotUtf16Units() throws Exception {
        Validation v = Validation.of(json("{\"emoji\":\"\\uD83D\\uDE00\\uD83D\\uDE00\"}"));

        assertThat(v.requiredString("emoji", 1, 2)).hasSize(4);
        assertThat(v.isValid()).isTrue();
    }

    @Test
    void emailRulesFollowRfc5321Lengths() throws Exception {
        String local64 = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".com"; // 189 chars
        String ok = local64 + "@" + domain; // 254 chars: the maximum
        Validation v = Validation.of(EnvelopeJson.mapper()
                .createObjectNode()
                .put("ok", ok)
                .put("tooLong", "x" + ok)
                .put("local65", "a" + local64 + "@b.co")
                .put("noDot", "a@localhost")
                .put("twoAts", "a@b@c.de")
                .put("space", "a b@c.de")
                .put("dots", "a..b@c.de")
                .put("hyphen", "a@-b.de"));

        assertThat(v.requiredEmail("ok")).isEqualTo(ok);
        for (String field : Set.of("local65", "noDot", "twoAts", "space", "dots", "hyphen")) {
            assertThat(v.requiredEmail(field)).as(field).isNull();
        }
        assertThat(v.requiredEmail("tooLong")).isNull();
        assertThat(v.errors()).containsEntry("tooLong", "must be at most 254 characters");
        assertThat(v.errors()).containsEntry("noDot", "must be a valid email address");
        assertThat(v.errors()).doesNotContainKey("ok");
    }

    @Test
    void aNonObjectPayloadIsTheOnlyFailure() throws Exception {
        for (JsonNode payload :
                new JsonNode[] {null, MissingNode.getInstance(), json("[1]"), json("\"x\""), json("null")}) {
            Validation v = Validation.of(payload);
            assertThat(v.requiredString("name", 1, 5)).isNull();
            assertThat(v.requiredLong("n", 1, 5)).isEqualTo(1);
            assertThat(v.optionalBoolean("b", true)).isTrue();
            assertThat(v.errors()).containsExactly(entry("payload", "must be a JSON object"));
        }
    }

    private static JsonNode object(String... fieldsAndValues) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            node.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return node;
    }

    @Test
    void emailsAreNfcNormalisedSoComposedAndDecomposedFormsAreOneAddress() {
        Validation v = Validation.of(object(
                "composed", "Jos\u00e9@example.com",
                "decomposed", "Jose\u0301@example.com",
                "upper", "JOSE\u0301@EXAMPLE.COM"));
        String composed = v.requiredEmail("composed");
        assertThat(composed).isEqualTo("jos\u00e9@example.com");
        assertThat(v.requiredEmail("decomposed")).isEqualTo(composed);
        assertThat(v.requiredEmail("upper")).isEqualTo(composed);
        assertThat(v.isValid()).isTrue();
    }

    @Test
    void emailsWithControlZeroWidthOrBidiCharactersAreRefused() {
        List<String> forged = List.of(
                "a\u0000b@example.com",
                "ab\u200b@example.com",
                "a\u200db@example.com",
                "\u202eab@example.com",
                "ab@exam\u2066ple.com",
                "\ufeffab@example.com",
                "a\u00adb@example.com",
                "a\tb@example.com");
        ObjectNode payload = EnvelopeJson.mapper().createObjectNode();
        for (int i = 0; i < forged.size(); i++) {
            payload.put("e" + i, forged.get(i));
        }
        Validation v = Validation.of(payload);
        for (int i = 0; i < forged.size(); i++) {
            assertThat(v.requiredEmail("e" + i)).as(forged.get(i)).isNull();
        }
        assertThat(v.errors()).hasSize(forged.size());
        assertThat(v.errors().get("e1")).isEqualTo("must not contain control or invisible format characters");
        assertThat(v.errors().get("e0")).startsWith("must not contain control characters");
    }

    @Test
    void freeTextRefusesControlCharactersButNotNewlineTabOrFormatCharacters() {
        Validation v = Validation.of(object(
                "nul", "a\u0000b",
                "esc", "a\u001b[31mb",
                "del", "a\u007fb",
                "c1", "a\u0085b",
                "ok", "line 1\nline 2\tend",
                "zwj", "\ud83d\udc69\u200d\ud83d\udcbb"));
        for (String field : List.of("nul", "esc", "del", "c1")) {
            assertThat(v.requiredString(field, 1, 100)).as(field).isNull();
        }
        assertThat(v.optionalString("ok", 100)).isEqualTo("line 1\nline 2\tend");
        assertThat(v.requiredString("zwj", 1, 10)).isEqualTo("\ud83d\udc69\u200d\ud83d\udcbb");
        assertThat(v.errors()).containsOnlyKeys("nul", "esc", "del", "c1");
        assertThat(v.errors().get("nul")).isEqualTo("must not contain control characters (other than newline and tab)");
    }

    /** Java's strip() counts U+001C..U+001F and CR as whitespace: they must be refused, not trimmed away. */
    @Test
    void controlCharactersAtEitherEndAreRefusedNotTrimmed() {
        Validation v = Validation.of(object(
                "us", "A\u001f",
                "fs", "\u001cA",
                "cr", "A\r",
                "spaces", "  A  "));
        assertThat(v.requiredString("us", 1, 10)).isNull();
        assertThat(v.requiredString("fs", 1, 10)).isNull();
        assertThat(v.optionalString("cr", 10)).isNull();
        assertThat(v.requiredString("spaces", 1, 10)).isEqualTo("A");
        assertThat(v.errors()).containsOnlyKeys("us", "fs", "cr");
    }
}
