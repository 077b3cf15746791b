package dev.antipop.local.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Bad WebSocket messages for every op of protocol v1 ({@code sub}, {@code unsub}, {@code ping}, {@code presence}): a
 * valid message with one field broken, a forbidden target, or a message that is not JSON as a whole. Every one must be
 * answered with an {@code error} message whose code says why, and change nothing.
 */
final class WsCases {

    /** One message and the error code it must get (null: any error code but {@code internal_error}). */
    record WsCase(String label, String text, String code) {}

    private static final Map<String, Map<String, Object>> VALID = new LinkedHashMap<>();

    static {
        VALID.put("sub", message("sub", "chat.room.7", Map.of("presence", false)));
        VALID.put("unsub", message("unsub", "chat.room.7", null));
        VALID.put("presence", message("presence", "chat.room.7", null));
        VALID.put("ping", message("ping", null, null));
    }

    private static Map<String, Object> message(String op, String target, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("op", op);
        m.put("id", "c-" + op);
        if (target != null) {
            m.put("target", target);
        }
        if (data != null) {
            m.put("data", new LinkedHashMap<>(data));
        }
        return m;
    }

    private WsCases() {}

    /** Every kind of bad message. */
    static Arbitrary<WsCase> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, fieldBroken()),
                Tuple.of(2, forbidden()),
                Tuple.of(2, extraValue("deep nesting", BadJson.deepNesting(), "malformed_json")),
                Tuple.of(2, extraValue("long number", BadJson.longNumber(), "malformed_json")),
                Tuple.of(2, brokenSyntax()),
                Tuple.of(
                        1,
                        Arbitraries.of("[]", "1", "\"ping\"", "null", "true", "[{\"v\":1,\"op\":\"ping\"}]")
                                .map(t -> new WsCase("not an object", t, "malformed_json"))),
                Tuple.of(1, junk()));
    }

    private static Arbitrary<Map.Entry<String, Map<String, Object>>> valid() {
        return Arbitraries.of(new ArrayList<>(VALID.entrySet()));
    }

    /** The values a field must not take, and the code each op answers for it. */
    private static Arbitrary<WsCase> fieldBroken() {
        Arbitrary<String> badVersion = Arbitraries.of(
                "\"1\"", "1.5", "2", "0", "-1", "1e400", "true", "[]", "{}", "99999999999999999999", "1.0e0", "null");
        Arbitrary<String> badOp = Arbitraries.oneOf(
                Arbitraries.of(
                        "1", "[]", "{}", "\"\"", "\"SUB\"", "\"sub \"", "\"\\u0000sub\"", "true", "null", "\"pong\""),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(300).map(s -> "\"x" + s + "\""));
        Arbitrary<String> badId = Arbitraries.oneOf(
                Arbitraries.of("1", "[]", "{}", "\"\"", "true", "\"\\ud800\"", "\"a\\udc00\""),
                Arbitraries.integers().between(129, 5_000).map(n -> "\"" + "i".repeat(n) + "\""));
        Arbitrary<String> badTarget = Arbitraries.oneOf(
                Arbitraries.of(
                        "1",
                        "[]",
                        "{}",
                        "true",
                        "null",
                        "\"\"",
                        "\"a..b\"",
                        "\".a\"",
                        "\"a.\"",
                        "\"a.>.b\"",
                        "\">>\"",
                        "\"a b\"",
                        "\"a\\tb\"",
                        "\"chat.room.\\u0000\"",
                        "\"chat.room.\\u200b\"",
                        "\"chat.room.\\u202e\"",
                        "\"chat.*x\"",
                        "\"chat.room.\\ud800\"",
                        "\"\\udfff\""),
                BadJson.illFormedString(false).map(s -> "\"chat.room." + s.substring(1)),
                Arbitraries.integers().between(257, 10_000).map(n -> "\"" + "t".repeat(n) + "\""),
                Arbitraries.integers().between(17, 200).map(n -> "\"" + "a.".repeat(n) + "a\""));
        Arbitrary<String> badData = Arbitraries.of("\"x\"", "1", "[]", "true", "[{}]");
        Arbitrary<String> badStartSeq =
                Arbitraries.of("\"1\"", "1.5", "1e400", "99999999999999999999", "true", "[]", "{}", "-1e400");
        Arbitrary<String> badPresence = Arbitraries.of("\"true\"", "1", "[]", "{}", "0");
        return valid().flatMap(entry -> {
            String op = entry.getKey();
            Map<String, Object> base = entry.getValue();
            List<Arbitrary<WsCase>> choices = new ArrayList<>();
            choices.add(badVersion.map(v -> broken(op, base, "v", v, "unsupported_version")));
            choices.add(badOp.map(v -> broken(op, base, "op", v, "unknown_op")));
            choices.add(badId.map(v -> broken(op, base, "id", v, "invalid_message")));
            if (!op.equals("ping")) {
                choices.add(badTarget.map(v -> broken(op, base, "target", v, null)));
            }
            if (op.equals("sub")) {
                choices.add(badData.map(v -> broken(op, base, "data", v, "invalid_message")));
                choices.add(badStartSeq.map(v -> broken(op, base, "data.start_seq", v, "invalid_message")));
                choices.add(badPresence.map(v -> broken(op, base, "data.presence", v, "invalid_message")));
            }
            return Arbitraries.oneOf(choices);
        });
    }

    private static WsCase broken(String op, Map<String, Object> base, String field, String value, String code) {
        Map<String, Object> body = base;
        if (field.startsWith("data.") && !base.containsKey("data")) {
            body = new LinkedHashMap<>(base);
            body.put("data", new LinkedHashMap<>());
        }
        // A null op or v is "missing", which answers the same code; a null target is "required".
        return new WsCase(op + " with " + field + "=" + abbreviate(value), Bodies.withRaw(body, field, value), code);
    }

    /** Subscriptions outside a plain user's capabilities (everyone: user.<self>.>, chat.room.*, presence.>). */
    private static Arbitrary<WsCase> forbidden() {
        return Arbitraries.of(
                        ">",
                        "*",
                        "user.*.>",
                        "user.someone-else.>",
                        "user.someone-else.events",
                        "chat.>",
                        "chat.room.*.x",
                        "moderation.>",
                        "admin.x")
                .map(t -> new WsCase(
                        "sub to " + t, "{\"v\":1,\"op\":\"sub\",\"id\":\"f\",\"target\":\"" + t + "\"}", "forbidden"));
    }

    /** A valid message with one more member holding {@code value}. */
    private static Arbitrary<WsCase> extraValue(String label, Arbitrary<String> value, String code) {
        return Combinators.combine(valid(), value).as((entry, v) -> {
            Map<String, Object> body = new LinkedHashMap<>(entry.getValue());
            body.put("extra", "");
            return new WsCase(entry.getKey() + " with " + label, Bodies.withRaw(body, "extra", v), code);
        });
    }

    private static Arbitrary<WsCase> brokenSyntax() {
        return Combinators.combine(
                        valid(),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.doubles().between(0, 1))
                .as((entry, how, where) -> {
                    String valid = Bodies.json(entry.getValue());
                    String text = switch (how) {
                        case 0 -> valid.substring(0, Math.max(1, (int) (where * (valid.length() - 1))));
                        case 1 -> valid + "}";
                        case 2 -> "{\"op\":\"ping\"," + valid.substring(1);
                        case 3 -> valid.replace('"', '\'');
                        default -> valid.substring(0, valid.length() - 1) + ",}";
                    };
                    return new WsCase(entry.getKey() + " broken " + how, text, "malformed_json");
                });
    }

    private static Arbitrary<WsCase> junk() {
        return Arbitraries.strings()
                .withChars("{}[]\":,01 aeopvtg\\u")
                .withCharRange('\u00a0', '\u00ff')
                .ofMinLength(1)
                .ofMaxLength(200)
                .filter(s -> !s.isBlank())
                .map(s -> new WsCase("junk", s, null));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…(" + text.length() + ")";
    }
}
