package dev.antipop.local.fuzz;

import dev.antipop.local.fuzz.BadJson.FieldType;
import dev.antipop.local.fuzz.FuzzCloud.User;
import dev.antipop.local.template.HttpApiDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Bad HTTP requests for every route of the root template, each with what its answer must be. Bodies are a valid body
 * of the route with one thing broken (so the request gets past everything but that one check), or broken as a whole.
 */
final class HttpCases {

    /** What an answer must be: a status (0 = any 4xx), and when given the error code and a part of its message. */
    record Expect(int status, String code, String message) {
        static final Expect CLIENT_ERROR = new Expect(0, null, null);
        static final Expect UNAUTHORIZED = new Expect(401, "unauthorized", null);
        /** A read: any status below 500 (a GET with junk in its query may well answer 200). */
        static final Expect READ = new Expect(-1, null, null);

        static Expect malformed(String message) {
            return new Expect(400, "malformed_json", message);
        }
    }

    /** One request: what it is ({@code label}, for failure messages), how it is sent, and what must come back. */
    record HttpCase(
            String label,
            String method,
            String path,
            String contentType,
            String authorization,
            byte[] body,
            Expect expect) {

        String bodyPreview() {
            String text = new String(body, StandardCharsets.UTF_8);
            return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + body.length + " bytes)";
        }
    }

    /** Which token a route's body fuzz is sent with, so the body is what gets checked. */
    enum Caller {
        ANONYMOUS,
        USER,
        ADMIN
    }

    /** A POST route with a JSON body: its valid body as fields (dotted path → type) and a maker of valid values. */
    record BodyRoute(
            String path, Caller caller, Map<String, FieldType> fields, Function<User, Map<String, Object>> valid) {}

    private final List<User> admins;
    private final List<User> users;
    private final List<BodyRoute> bodyRoutes;
    private final List<HttpApiDefinition.Route> templateRoutes;

    /**
     * @param templateRoutes every route of the template's HTTP API: each also gets the bad inputs that need no
     *     knowledge of its body (so a route added to the template is fuzzed without a change here)
     */
    HttpCases(List<User> admins, List<User> users, List<HttpApiDefinition.Route> templateRoutes) {
        this.admins = admins;
        this.users = users;
        this.templateRoutes = List.copyOf(templateRoutes);
        User target = users.getFirst();
        Map<String, FieldType> commandEnvelope = Map.of(
                "payload", FieldType.OBJECT, "correlationId", FieldType.STRING, "clientMutationId", FieldType.STRING);
        this.bodyRoutes = List.of(
                new BodyRoute(
                        "/command",
                        Caller.ADMIN,
                        with(
                                commandEnvelope,
                                Map.of("command", FieldType.STRING, "payload.displayName", FieldType.STRING)),
                        u -> envelope(Map.of("displayName", "Fuzzed"), Map.of("command", "UPDATE_PROFILE"))),
                new BodyRoute(
                        "/commands/create-user",
                        Caller.ANONYMOUS,
                        with(
                                commandEnvelope,
                                Map.of(
                                        "payload.email", FieldType.STRING,
                                        "payload.password", FieldType.STRING,
                                        "payload.displayName", FieldType.STRING)),
                        u -> envelope(
                                Map.of("email", freshEmail(), "password", FuzzCloud.PASSWORD, "displayName", "N"),
                                Map.of())),
                new BodyRoute(
                        "/commands/add-user-role",
                        Caller.ADMIN,
                        with(
                                commandEnvelope,
                                Map.of("payload.userId", FieldType.STRING, "payload.role", FieldType.STRING)),
                        u -> envelope(Map.of("userId", target.userId(), "role", "moderator"), Map.of())),
                new BodyRoute(
                        "/commands/remove-user-role",
                        Caller.ADMIN,
                        with(
                                commandEnvelope,
                                Map.of("payload.userId", FieldType.STRING, "payload.role", FieldType.STRING)),
                        u -> envelope(Map.of("userId", target.userId(), "role", "moderator"), Map.of())),
                new BodyRoute(
                        "/commands/update-profile",
                        Caller.USER,
                        with(commandEnvelope, Map.of("payload.displayName", FieldType.STRING)),
                        u -> envelope(Map.of("displayName", "Fuzzed"), Map.of())),
                new BodyRoute(
                        "/auth/register",
                        Caller.ANONYMOUS,
                        Map.of(
                                "email",
                                FieldType.STRING,
                                "password",
                                FieldType.STRING,
                                "displayName",
                                FieldType.STRING),
                        u -> Map.of("email", freshEmail(), "password", FuzzCloud.PASSWORD, "displayName", "N")),
                new BodyRoute(
                        "/auth/login",
                        Caller.ANONYMOUS,
                        Map.of("email", FieldType.STRING, "password", FieldType.STRING),
                        // A wrong password: the untouched body is a 401 too, never a sign-in (no refresh token row).
                        u -> Map.of("email", target.email(), "password", "not the password")),
                new BodyRoute(
                        "/auth/refresh",
                        Caller.ANONYMOUS,
                        Map.of("refreshToken", FieldType.STRING),
                        u -> Map.of("refreshToken", "forged-" + UUID.randomUUID())),
                new BodyRoute(
                        "/auth/invites",
                        Caller.ADMIN,
                        Map.of("ttlHours", FieldType.INTEGER),
                        u -> Map.of("ttlHours", 72)));
    }

    private static Map<String, FieldType> with(Map<String, FieldType> a, Map<String, FieldType> b) {
        Map<String, FieldType> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static Map<String, Object> envelope(Map<String, Object> payload, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("payload", new LinkedHashMap<>(payload));
        body.put("correlationId", "fuzz-" + UUID.randomUUID());
        body.put("clientMutationId", "fuzz-" + UUID.randomUUID());
        return body;
    }

    private static String freshEmail() {
        return "fresh-" + UUID.randomUUID() + "@example.com";
    }

    /** Every kind of bad request, weighted so that the cheap, broad ones dominate. */
    Arbitrary<HttpCase> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, fieldReplaced("wrong type", t -> BadJson.wrongTypeFor(t), Expect.CLIENT_ERROR, false)),
                Tuple.of(3, fieldReplaced("ill-formed text", t -> null, Expect.CLIENT_ERROR, true)),
                Tuple.of(
                        2,
                        fieldReplaced(
                                "deep nesting",
                                t -> BadJson.deepNesting(),
                                Expect.malformed("nests deeper than 32 levels"),
                                false)),
                Tuple.of(
                        2,
                        fieldReplaced(
                                "long number",
                                t -> BadJson.longNumber(),
                                Expect.malformed("has a number of more than 64 digits"),
                                false)),
                Tuple.of(
                        1,
                        fieldReplaced("long string", t -> BadJson.longString(300, 20_000), Expect.CLIENT_ERROR, false)),
                Tuple.of(3, brokenSyntax()),
                Tuple.of(1, notAnObject()),
                Tuple.of(1, invalidUtf8()),
                Tuple.of(1, wrongMediaType()),
                Tuple.of(1, tooLarge()),
                Tuple.of(3, badToken()),
                Tuple.of(1, wrongMethodOrPath()),
                Tuple.of(4, anyTemplateRoute()));
    }

    /**
     * Any route of the template with a bad input that needs no knowledge of its body: on a POST, a body that is not
     * strict JSON (400 {@code malformed_json} for commands, which read the body first), 415, 413; on a GET, junk in
     * the path and query; on either, a forged token (401). A GET may answer 2xx (it reads); nothing may be written.
     */
    private Arbitrary<HttpCase> anyTemplateRoute() {
        Arbitrary<String> junkId = Arbitraries.oneOf(
                Arbitraries.of("%00", "..", "%2e%2e%2f", "%E2%80%AE", "%ED%A0%80", "-1", "0", "1e400", "%20", "null"),
                Arbitraries.integers().between(200, 3_000).map("9"::repeat),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40));
        Arbitrary<String> junkQuery = Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "?position=x",
                        "?position=%00",
                        "?limit=-1",
                        "?limit=99999999999999999999",
                        "?cursor=%ED%A0%80",
                        "?stream=a&version=1e400",
                        "?a=%zz".replace("%zz", "%25zz")),
                Arbitraries.integers().between(100, 4_000).map(n -> "?q=" + "q".repeat(n)));
        Arbitrary<String> malformed = Arbitraries.oneOf(
                BadJson.deepNesting().map(d -> "{\"payload\":" + d + "}"),
                BadJson.longNumber().map(n -> "{\"payload\":{\"n\":" + n + "}}"),
                Arbitraries.of(
                        "{\"payload\":{}}}",
                        "{\"payload\":{},\"payload\":{}}",
                        "{\"payload\":",
                        "[]",
                        "{'payload':{}}",
                        "{\"payload\":{\"a\":\"\\ud800\"}}"));
        // POST /auth/logout reads no body (it revokes the caller's refresh tokens): its bad inputs are tokens, above.
        List<HttpApiDefinition.Route> routes = templateRoutes.stream()
                .filter(r -> !r.path().equals("/auth/logout"))
                .toList();
        return Arbitraries.of(routes).flatMap(route -> {
            boolean post = route.method().equalsIgnoreCase("POST");
            boolean command = route.path().startsWith("/command");
            Arbitrary<User> caller = Arbitraries.of(users);
            if (!post) {
                return Combinators.combine(
                                caller,
                                junkId,
                                junkQuery,
                                Tokens.forged(users.getFirst().userId()))
                        .flatAs((user, id, query, token) -> Arbitraries.of(
                                new HttpCase(
                                        "GET junk " + route.path(),
                                        route.method(),
                                        route.path().replaceAll("\\{[^}]+}", id) + query,
                                        null,
                                        "Bearer " + user.accessToken(),
                                        new byte[0],
                                        Expect.READ),
                                new HttpCase(
                                        "GET token " + token.label() + " " + route.path(),
                                        route.method(),
                                        route.path().replaceAll("\\{[^}]+}", "1"),
                                        null,
                                        "Bearer " + token.token(),
                                        new byte[0],
                                        // A public view (the catalog's) may ignore a token it does not need.
                                        Expect.READ)));
            }
            String path = route.path().replaceAll("\\{[^}]+}", "1");
            return Combinators.combine(caller, malformed, Arbitraries.integers().between(0, 2))
                    .as((user, body, how) -> switch (how) {
                        case 0 ->
                            new HttpCase(
                                    "malformed body " + route.path(),
                                    "POST",
                                    path,
                                    "application/json",
                                    "Bearer " + user.accessToken(),
                                    body.getBytes(StandardCharsets.UTF_8),
                                    command ? new Expect(400, "malformed_json", null) : Expect.CLIENT_ERROR);
                        case 1 ->
                            new HttpCase(
                                    "text/plain " + route.path(),
                                    "POST",
                                    path,
                                    "text/plain",
                                    "Bearer " + user.accessToken(),
                                    "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                                    command ? new Expect(415, "unsupported_media_type", null) : Expect.CLIENT_ERROR);
                        default ->
                            new HttpCase(
                                    "too large " + route.path(),
                                    "POST",
                                    path,
                                    "application/json",
                                    "Bearer " + user.accessToken(),
                                    ("{\"pad\":\""
                                                    + "x"
                                                            .repeat(
                                                                    dev.antipop.runtime.http.HttpRequest
                                                                                    .MAX_COMMAND_BODY_BYTES
                                                                            + 10_000)
                                                    + "\"}")
                                            .getBytes(StandardCharsets.UTF_8),
                                    command ? new Expect(413, "payload_too_large", null) : Expect.CLIENT_ERROR);
                    });
        });
    }

    private Arbitrary<BodyRoute> route() {
        return Arbitraries.of(bodyRoutes);
    }

    private Arbitrary<User> caller(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> Arbitraries.just(null);
            case USER -> Arbitraries.of(users);
            case ADMIN -> Arbitraries.of(admins);
        };
    }

    private HttpCase post(String label, BodyRoute route, User user, String body, Expect expect) {
        return new HttpCase(
                label,
                "POST",
                route.path(),
                "application/json",
                user == null ? null : "Bearer " + user.accessToken(),
                body.getBytes(StandardCharsets.UTF_8),
                expect);
    }

    /**
     * A valid body with one field's value replaced by {@code bad} (a raw JSON fragment). With {@code text}: the
     * replacement is an ill-formed string, surrogates only for passwords (any other character is a legal password).
     */
    private Arbitrary<HttpCase> fieldReplaced(
            String label, Function<FieldType, Arbitrary<String>> bad, Expect expect, boolean text) {
        Arbitrary<BodyRoute> routes = text
                ? Arbitraries.of(bodyRoutes.stream()
                        .filter(r -> r.fields().containsValue(FieldType.STRING))
                        .toList())
                : route();
        return routes.flatMap(r -> {
            List<Map.Entry<String, FieldType>> fields =
                    new ArrayList<>(r.fields().entrySet());
            if (text) {
                fields.removeIf(e -> e.getValue() != FieldType.STRING);
            }
            return Combinators.combine(Arbitraries.of(fields), caller(r.caller()))
                    .flatAs((field, user) -> {
                        Arbitrary<String> value = text
                                ? BadJson.illFormedString(field.getKey().endsWith("password"))
                                : bad.apply(field.getValue());
                        return value.map(v -> post(
                                label + " in " + field.getKey(),
                                r,
                                user,
                                Bodies.withRaw(r.valid().apply(user), field.getKey(), v),
                                expect));
                    });
        });
    }

    /** A valid body, then made not JSON: cut short, trailing garbage, a repeated name, comments, NaN, quotes. */
    private Arbitrary<HttpCase> brokenSyntax() {
        return Combinators.combine(
                        route().flatMap(r -> caller(r.caller()).map(u -> Tuple.of(r, u))),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.doubles().between(0, 1))
                .as((ru, how, where) -> {
                    BodyRoute r = ru.get1();
                    User u = ru.get2();
                    String valid = Bodies.json(r.valid().apply(u));
                    String firstField = valid.substring(1, valid.indexOf(':'));
                    String broken;
                    String message = "is not valid JSON";
                    switch (how) {
                        case 0 -> broken = valid.substring(0, Math.max(1, (int) (where * (valid.length() - 1))));
                        case 1 -> {
                            // A second value is "content after"; a stray closing brace is a syntax error.
                            broken = valid + (where < 0.5 ? "}" : " []");
                            message = where < 0.5 ? "is not valid JSON" : "has content after the JSON value";
                        }
                        case 2 -> {
                            broken = "{" + firstField + ":1," + valid.substring(1);
                            message = "repeats a member name";
                        }
                        case 3 -> broken = valid.replace('"', '\'');
                        case 4 -> broken = "{/* c */" + valid.substring(1);
                        case 5 -> broken = "{\"n\":NaN," + valid.substring(1);
                        case 6 -> broken = valid.substring(0, valid.length() - 1) + ",}";
                        default -> broken = "{" + valid.substring(1).replaceFirst("\"", "");
                    }
                    return post("broken syntax " + how, r, u, broken, Expect.malformed(message));
                });
    }

    private Arbitrary<HttpCase> notAnObject() {
        return Combinators.combine(
                        route().flatMap(r -> caller(r.caller()).map(u -> Tuple.of(r, u))),
                        Arbitraries.of("[]", "\"{}\"", "1", "null", "true", "[{}]", "  ", "-0", "\"\\ud800\"", ""))
                // POST /auth/invites takes no body at all as {} (its one field is optional): not a bad input there.
                .filter((ru, body) -> !(body.isEmpty() && ru.get1().path().equals("/auth/invites")))
                .as((ru, body) ->
                        post("not an object", ru.get1(), ru.get2(), body, new Expect(400, "malformed_json", null)));
    }

    /** A valid body with bytes that are not UTF-8 inside a string (RFC 8259 §8.1: JSON text is UTF-8). */
    private Arbitrary<HttpCase> invalidUtf8() {
        List<byte[]> sequences = List.of(
                new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xe2, (byte) 0x82},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        return Combinators.combine(
                        route().flatMap(r -> caller(r.caller()).map(u -> Tuple.of(r, u))), Arbitraries.of(sequences))
                .as((ru, bytes) -> {
                    BodyRoute r = ru.get1();
                    User u = ru.get2();
                    String valid = Bodies.json(r.valid().apply(u));
                    // Inside the last string value: just before its closing quote.
                    int quote = valid.lastIndexOf('"');
                    byte[] head = valid.substring(0, quote).getBytes(StandardCharsets.UTF_8);
                    byte[] tail = valid.substring(quote).getBytes(StandardCharsets.UTF_8);
                    byte[] body = new byte[head.length + bytes.length + tail.length];
                    System.arraycopy(head, 0, body, 0, head.length);
                    System.arraycopy(bytes, 0, body, head.length, bytes.length);
                    System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
                    return new HttpCase(
                            "invalid UTF-8",
                            "POST",
                            r.path(),
                            "application/json",
                            u == null ? null : "Bearer " + u.accessToken(),
                            body,
                            new Expect(400, "malformed_json", null));
                });
    }

    private Arbitrary<HttpCase> wrongMediaType() {
        return Combinators.combine(
                        route().flatMap(r -> caller(r.caller()).map(u -> Tuple.of(r, u))),
                        Arbitraries.of(
                                "text/plain",
                                "text/plain;charset=UTF-8",
                                "application/xml",
                                "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=x",
                                "application/json; charset=latin1",
                                "application/json; charset=utf-16",
                                "application/jsonx",
                                "application/octet-stream",
                                "json",
                                "*/*"))
                .as((ru, type) -> new HttpCase(
                        "media type " + type,
                        "POST",
                        ru.get1().path(),
                        type,
                        ru.get2() == null ? null : "Bearer " + ru.get2().accessToken(),
                        Bodies.json(ru.get1().valid().apply(ru.get2())).getBytes(StandardCharsets.UTF_8),
                        new Expect(415, "unsupported_media_type", null)));
    }

    private Arbitrary<HttpCase> tooLarge() {
        return Combinators.combine(
                        route().flatMap(r -> caller(r.caller()).map(u -> Tuple.of(r, u))),
                        Arbitraries.integers()
                                .between(
                                        dev.antipop.runtime.http.HttpRequest.MAX_COMMAND_BODY_BYTES + 1,
                                        dev.antipop.runtime.http.HttpRequest.MAX_COMMAND_BODY_BYTES + 200 * 1024))
                .as((ru, size) -> {
                    String padding = "x".repeat(size);
                    String body = "{\"pad\":\"" + padding + "\","
                            + Bodies.json(ru.get1().valid().apply(ru.get2())).substring(1);
                    return post("too large", ru.get1(), ru.get2(), body, new Expect(413, "payload_too_large", null));
                });
    }

    /** Every bearer route (and the anonymous ones, where a presented token must still be valid) with a bad token. */
    private Arbitrary<HttpCase> badToken() {
        List<String> paths = List.of(
                "POST /command",
                "POST /commands/add-user-role",
                "POST /commands/remove-user-role",
                "POST /commands/update-profile",
                "POST /auth/logout",
                "POST /auth/invites",
                "GET /auth/me");
        return Combinators.combine(
                        Arbitraries.of(paths),
                        Arbitraries.oneOf(
                                Tokens.forged(admins.getFirst().userId()),
                                Tokens.mutated(admins.getFirst().accessToken())),
                        Arbitraries.of("Bearer ", "bearer ", "Bearer  ", "Basic ", "", "Bearer\t", "Token "))
                .as((route, token, scheme) -> {
                    String method = route.substring(0, route.indexOf(' '));
                    String path = route.substring(route.indexOf(' ') + 1);
                    String body = switch (path) {
                        case "/command" -> "{\"command\":\"UPDATE_PROFILE\",\"payload\":{\"displayName\":\"x\"}}";
                        case "/commands/update-profile" -> "{\"payload\":{\"displayName\":\"x\"}}";
                        case "/auth/invites" -> "{\"ttlHours\":72}";
                        case "/auth/logout", "/auth/me" -> "";
                        default ->
                            "{\"payload\":{\"userId\":\"" + users.getFirst().userId() + "\",\"role\":\"moderator\"}}";
                    };
                    return new HttpCase(
                            "token " + token.label() + " scheme '" + scheme.strip() + "'",
                            method,
                            path,
                            body.isEmpty() ? null : "application/json",
                            scheme + token.token(),
                            body.getBytes(StandardCharsets.UTF_8),
                            // Jetty refuses request headers over 8 KiB with 431 before any function runs.
                            token.oversized() ? new Expect(431, null, null) : Expect.UNAUTHORIZED);
                });
    }

    private Arbitrary<HttpCase> wrongMethodOrPath() {
        // Not OPTIONS: with CORS configured, API Gateway answers a preflight itself (204).
        Arbitrary<String> method = Arbitraries.of("GET", "PUT", "DELETE", "PATCH");
        Arbitrary<String> postRoute = Arbitraries.of(bodyRoutes).map(BodyRoute::path);
        Arbitrary<String> junkSegment = Arbitraries.strings()
                .withChars("abcXYZ019-_.~%2F")
                .ofMinLength(1)
                .ofMaxLength(40)
                .map(s -> s.replace("%", "%25"));
        Arbitrary<String> path = Arbitraries.oneOf(
                junkSegment.map(s -> "/commands/" + s),
                junkSegment.map(s -> "/auth/" + s),
                junkSegment.map(s -> "/" + s),
                Arbitraries.integers().between(100, 6000).map(n -> "/commands/" + "a".repeat(n)),
                Arbitraries.of("/command/", "/COMMAND", "//command", "/auth/me/", "/commands", "/auth/%2e%2e/command"));
        return Arbitraries.oneOf(
                Combinators.combine(method, postRoute)
                        .as((m, p) -> new HttpCase(
                                "method " + m + " " + p, m, p, null, null, new byte[0], Expect.CLIENT_ERROR)),
                path.map(p -> new HttpCase(
                        "path " + p,
                        "POST",
                        p,
                        "application/json",
                        null,
                        "{}".getBytes(StandardCharsets.UTF_8),
                        Expect.CLIENT_ERROR)));
    }
}
