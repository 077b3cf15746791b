package dev.antipop.local.fuzz;

import dev.antipop.core.json.StrictJson;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of JSON fragments and texts that a strict reader must refuse, or that hold a value the field cannot take.
 * Each says, by construction, why it is bad: the fuzz asserts the answer on that basis.
 */
final class BadJson {

    private BadJson() {}

    /** Nesting deeper than {@link StrictJson#MAX_NESTING_DEPTH}, counted from the enclosing body's own level. */
    static Arbitrary<String> deepNesting() {
        Arbitrary<Integer> depth = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(StrictJson.MAX_NESTING_DEPTH + 1, 80)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(81, 5_000)));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
        return Combinators.combine(depth, kind).as((d, k) -> switch (k) {
            case 0 -> "[".repeat(d) + "]".repeat(d);
            case 1 -> "{\"a\":".repeat(d) + "1" + "}".repeat(d);
            default -> "[{\"a\":".repeat(d / 2 + 1) + "null" + "}]".repeat(d / 2 + 1);
        });
    }

    /** A number literal of more than {@link StrictJson#MAX_NUMBER_LENGTH} digits (sign, fraction, exponent or not). */
    static Arbitrary<String> longNumber() {
        Arbitrary<Integer> digits = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(StrictJson.MAX_NUMBER_LENGTH + 1, 400)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(401, 20_000)));
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 4);
        Arbitrary<Character> digit = Arbitraries.chars().range('1', '9');
        return Combinators.combine(digits, shape, digit).as((n, s, d) -> {
            String run = String.valueOf(d).repeat(n);
            return switch (s) {
                case 0 -> run;
                case 1 -> "-" + run;
                case 2 -> run + ".5";
                case 3 -> "0." + run;
                default -> run + "e10";
            };
        });
    }

    /**
     * A value that no field of ours takes as it is: numbers out of every range, fractions, exponents too large for a
     * double, booleans, arrays and objects. Never null (null means "absent" for optional fields).
     */
    static Arbitrary<String> wrongTypeFor(FieldType type) {
        List<String> numbers = List.of(
                "0",
                "-1",
                "1.5",
                "-0.0",
                "1e400",
                "-1e400",
                "1e-400",
                "9223372036854775808",
                "-9223372036854775809",
                "1E308",
                "123456789012345678901234567890");
        List<String> others =
                List.of("true", "false", "[]", "[\"x\"]", "{}", "{\"a\":\"b\"}", "[[[[]]]]", "[null]", "{\"\":{}}");
        return switch (type) {
            case STRING -> Arbitraries.of(concat(numbers, others));
            case INTEGER ->
                Arbitraries.of(concat(
                        List.of(
                                "\"72\"",
                                "\"\"",
                                "1.5",
                                "-5",
                                "0",
                                "1e400",
                                "1e-400",
                                "9223372036854775808",
                                "-9223372036854775809",
                                "1E308"),
                        others));
            case OBJECT -> Arbitraries.of("\"x\"", "1", "true", "[]", "[{}]", "1e400", "\"{}\"");
        };
    }

    /** The shape a field of a valid body takes. */
    enum FieldType {
        STRING,
        INTEGER,
        OBJECT
    }

    /**
     * A JSON string literal holding a character no field accepts: an unpaired UTF-16 surrogate (written as a JSON
     * escape, the only way a JSON text can hold one), or a control character other than newline and tab (escaped for
     * C0, raw or escaped for DEL and C1).
     */
    static Arbitrary<String> illFormedString(boolean surrogatesOnly) {
        Arbitrary<String> prefix = Arbitraries.strings().alpha().numeric().ofMaxLength(12);
        Arbitrary<String> suffix = Arbitraries.strings().alpha().numeric().ofMaxLength(12);
        Arbitrary<String> surrogate = Arbitraries.oneOf(
                Arbitraries.chars().range('\uD800', '\uDBFF').map(BadJson::escape),
                Arbitraries.chars().range('\uDC00', '\uDFFF').map(BadJson::escape),
                Arbitraries.just("\\udc00\\ud800"),
                Arbitraries.just("\\ud83d"));
        Arbitrary<String> control = Arbitraries.oneOf(
                Arbitraries.chars()
                        .range('\u0000', '\u001f')
                        .filter(c -> c != '\n' && c != '\t')
                        .map(BadJson::escape),
                Arbitraries.just("\u007f"),
                Arbitraries.just("\\u007f"),
                Arbitraries.chars().range('\u0080', '\u009f').map(String::valueOf),
                Arbitraries.chars().range('\u0080', '\u009f').map(BadJson::escape));
        Arbitrary<String> bad = surrogatesOnly ? surrogate : Arbitraries.oneOf(surrogate, control);
        return Combinators.combine(prefix, bad, suffix).as((p, b, s) -> "\"" + p + b + s + "\"");
    }

    /** A JSON string literal of {@code length} characters (some multi-byte), for over-long fields. */
    static Arbitrary<String> longString(int min, int max) {
        return Combinators.combine(
                        Arbitraries.integers().between(min, max), Arbitraries.of("a", "é", "字", "😀", "\\n", " "))
                .as((n, unit) -> "\"" + unit.repeat(n) + "\"");
    }

    /** {@code \\uXXXX} for one UTF-16 unit. */
    static String escape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
