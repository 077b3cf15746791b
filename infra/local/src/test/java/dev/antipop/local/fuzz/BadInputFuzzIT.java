package dev.antipop.local.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.json.StrictJson;
import dev.antipop.local.fuzz.FuzzCloud.Answer;
import dev.antipop.local.fuzz.FuzzCloud.User;
import dev.antipop.local.fuzz.HttpCases.HttpCase;
import dev.antipop.local.fuzz.Tokens.Token;
import dev.antipop.local.fuzz.WsCases.WsCase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.Awaitility;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Property-based fuzz of every HTTP route and every WebSocket op of the root template, on the running local cloud,
 * through real clients (the JDK's HTTP and WebSocket clients; tables read with the real {@code DynamoDbClient}).
 *
 * <p>For every generated input: no 5xx, an answer that is JSON with no stack trace, the status or error code the input
 * deserves (400 {@code malformed_json} naming the limit for nesting over {@value StrictJson#MAX_NESTING_DEPTH} levels
 * and numbers over {@value StrictJson#MAX_NUMBER_LENGTH} characters, 401 for every bad token, 413, 415), no table's
 * item count changed by a batch of rejected requests, and a WebSocket connection that still answers {@code ping}
 * after bad messages. Frames over 32 KB and messages over 128 KB close the connection with 1009.
 *
 * <p>At least {@value #MIN_INPUTS} inputs per run; the count and the time are printed at the end.
 */
class BadInputFuzzIT {

    static final int MIN_INPUTS = 10_000;

    private static final Duration REPLY_WAIT = Duration.ofSeconds(10);

    /** What a stack trace or a leaked exception looks like in an answer. */
    private static final Pattern STACK_TRACE =
            Pattern.compile("Exception|\\tat |\\bat (dev|java|jdk|org|com|software)\\.|Caused by:");

    private static FuzzCloud fuzz;
    private static HttpCases httpCases;
    private static HttpClient webSocketClient;
    private static WebSocketClient jettyClient;
    private static final List<FuzzSocket> sockets = new ArrayList<>();
    private static final AtomicLong inputs = new AtomicLong();
    private static final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private static long startedNanos;

    @BeforeContainer
    static void start() throws Exception {
        startedNanos = System.nanoTime();
        fuzz = FuzzCloud.start();
        httpCases = new HttpCases(
                fuzz.admins,
                fuzz.plainUsers,
                fuzz.cloud.httpApis().getFirst().definition().routes());
        webSocketClient = HttpClient.newHttpClient();
        jettyClient = new WebSocketClient();
        jettyClient.start();
        // Plain users only: an admin may subscribe to anything, so no sub would be forbidden.
        for (User user : fuzz.plainUsers) {
            for (int i = 0; i < 4; i++) {
                sockets.add(FuzzSocket.connect(webSocketClient, fuzz.webSocket(), user.accessToken()));
            }
        }
    }

    @AfterContainer
    static void stop() {
        long seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
        System.out.printf(
                "BadInputFuzzIT: %,d inputs in %d s (cloud start included): %s%n", inputs.get(), seconds, byKind);
        sockets.forEach(FuzzSocket::close);
        if (webSocketClient != null) {
            webSocketClient.close();
        }
        if (jettyClient != null) {
            try {
                jettyClient.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (fuzz != null) {
            fuzz.close();
        }
        assertThat(inputs.get()).as("generated inputs this run").isGreaterThanOrEqualTo(MIN_INPUTS);
    }

    private static void counted(String kind, int n) {
        inputs.addAndGet(n);
        byKind.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
    }

    // ------------------------------------------------------------------------------------------------ HTTP routes

    @Provide
    Arbitrary<List<HttpCase>> httpBatches() {
        return httpCases.any().list().ofSize(80);
    }

    @Property(tries = 100)
    void everyHttpRouteAnswersBadInputWithA4xxAndWritesNothing(@ForAll("httpBatches") List<HttpCase> batch)
            throws Exception {
        Map<String, Long> before = fuzz.itemCounts();
        List<Future<String>> answers = new ArrayList<>();
        for (HttpCase c : batch) {
            answers.add(fuzz.workers.submit(() -> check(c)));
        }
        List<String> problems = new ArrayList<>();
        for (Future<String> answer : answers) {
            String problem = answer.get(60, TimeUnit.SECONDS);
            if (problem != null) {
                problems.add(problem);
            }
        }
        counted("http", batch.size());
        assertThat(problems).as("bad answers").isEmpty();
        assertThat(fuzz.itemCounts())
                .as("item counts after %d rejected requests", batch.size())
                .isEqualTo(before);
    }

    /** Sends one case; a description of what is wrong with its answer, or null. */
    private static String check(HttpCase c) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(fuzz.http(c.path()))
                    .method(
                            c.method(),
                            c.body().length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            if (c.contentType() != null) {
                request.header("content-type", c.contentType());
            }
            if (c.authorization() != null) {
                request.header("authorization", c.authorization());
            }
        } catch (IllegalArgumentException unsendable) {
            // A header value the JDK refuses to send (a raw tab, say) is no input to the server.
            unsendable.getMessage();
            counted("unsendable (not counted as input)", 0);
            return null;
        }
        Answer answer = fuzz.send(request);
        List<String> wrong = new ArrayList<>();
        boolean read = c.expect().status() == -1;
        if ((answer.status() < 400 && !read) || answer.status() >= 500) {
            wrong.add("status " + answer.status() + " (apigw-requestid "
                    + answer.headers().get("apigw-requestid") + ")");
        }
        if (STACK_TRACE.matcher(answer.text()).find()) {
            wrong.add("a stack trace");
        }
        boolean eventStream = answer.headers().getOrDefault("content-type", List.of()).stream()
                .anyMatch(type -> type.startsWith("text/event-stream"));
        JsonNode json = eventStream ? null : answer.json();
        if (eventStream) {
            // A read of an SSE route (GET /api/events/stream of a caller of no notebook) answers Server-Sent Events.
            if (!read || answer.status() != 200 || !answer.text().startsWith("retry: ")) {
                wrong.add("an event stream where JSON was due");
            }
        } else if (json == null || !json.isObject()) {
            wrong.add("a body that is not a JSON object");
        }
        HttpCases.Expect expect = c.expect();
        if (expect.status() > 0 && answer.status() != expect.status()) {
            wrong.add("status " + answer.status() + " instead of " + expect.status());
        }
        if (json != null
                && expect.code() != null
                && !expect.code().equals(json.at("/error/code").asText())) {
            wrong.add("code " + json.at("/error/code") + " instead of " + expect.code());
        }
        if (json != null
                && expect.message() != null
                && !json.at("/error/message").asText().contains(expect.message())) {
            wrong.add("a message without '" + expect.message() + "'");
        }
        return wrong.isEmpty()
                ? null
                : c.label() + " " + c.method() + " " + abbreviate(c.path()) + " got " + String.join(", ", wrong) + ": "
                        + abbreviate(answer.text()) + " for body " + c.bodyPreview()
                        + (c.authorization() == null ? "" : " with authorization " + abbreviate(c.authorization()));
    }

    // --------------------------------------------------------------------- documented limits, at their boundary

    @Example
    void nestingAndNumberLengthAreRefusedJustPastTheirDocumentedLimits() {
        User user = fuzz.plainUsers.getFirst();
        // The body is level 1 and the payload level 2: 30 more arrays reach exactly 32 levels.
        String deepest = "{\"payload\":{\"displayName\":" + "[".repeat(30) + "]".repeat(30) + "}}";
        String tooDeep = "{\"payload\":{\"displayName\":" + "[".repeat(31) + "]".repeat(31) + "}}";
        assertThat(post(user, deepest).json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(post(user, tooDeep).json().at("/error/message").asText())
                .isEqualTo("Body nests deeper than 32 levels");

        // The sign does not count: 64 digits is the limit (found by this fuzz: the README said 64 characters).
        String longest = "{\"payload\":{\"displayName\":-" + "9".repeat(StrictJson.MAX_NUMBER_LENGTH) + "}}";
        String tooLong = "{\"payload\":{\"displayName\":-" + "9".repeat(StrictJson.MAX_NUMBER_LENGTH + 1) + "}}";
        assertThat(post(user, longest).json().at("/error/code").asText()).isEqualTo("validation_failed");
        Answer refused = post(user, tooLong);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/message").asText()).isEqualTo("Body has a number of more than 64 digits");
        counted("boundary", 4);
    }

    private static Answer post(User user, String body) {
        return fuzz.send(HttpRequest.newBuilder(fuzz.http("/commands/update-profile"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + user.accessToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    // -------------------------------------------------------------------------------------------- WebSocket ops

    @Provide
    Arbitrary<List<WsCase>> wsBatches() {
        return WsCases.any().list().ofSize(48);
    }

    @Property(tries = 60)
    void everyWebSocketOpAnswersBadMessagesWithAnErrorAndTheConnectionStaysOpen(@ForAll("wsBatches") List<WsCase> batch)
            throws Exception {
        Map<String, Long> before = fuzz.itemCounts();
        List<Future<List<String>>> results = new ArrayList<>();
        for (int s = 0; s < sockets.size(); s++) {
            FuzzSocket socket = sockets.get(s);
            List<WsCase> mine = new ArrayList<>();
            for (int i = s; i < batch.size(); i += sockets.size()) {
                mine.add(batch.get(i));
            }
            results.add(fuzz.workers.submit(() -> exchange(socket, mine)));
        }
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> result : results) {
            problems.addAll(result.get(60, TimeUnit.SECONDS));
        }
        counted("websocket", batch.size());
        assertThat(problems).as("bad replies").isEmpty();
        assertThat(fuzz.itemCounts())
                .as("item counts after %d refused messages", batch.size())
                .isEqualTo(before);
    }

    private static final AtomicLong pings = new AtomicLong();
    private static final AtomicLong rateLimited = new AtomicLong();

    /** Sends each case and reads its reply, then a ping; the problems found. */
    private static List<String> exchange(FuzzSocket socket, List<WsCase> cases) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (WsCase c : cases) {
            socket.send(c.text());
            String reply = socket.nextReply(REPLY_WAIT);
            if (reply == null) {
                problems.add(c.label() + ": no reply within " + REPLY_WAIT);
                continue;
            }
            JsonNode json = FuzzSocket.json(reply);
            String code = json == null ? null : json.at("/data/code").asText();
            if (json == null || !"error".equals(json.path("op").asText())) {
                problems.add(c.label() + ": " + abbreviate(reply) + " is not an error");
            } else if ("rate_limited".equals(code)) {
                rateLimited.incrementAndGet();
            } else if ("internal_error".equals(code)
                    || (c.code() != null && !c.code().equals(code))) {
                problems.add(c.label() + ": code " + code + " instead of " + c.code() + " in " + abbreviate(reply));
            }
            if (STACK_TRACE.matcher(reply).find()) {
                problems.add(c.label() + ": a stack trace in " + abbreviate(reply));
            }
        }
        String id = "alive-" + pings.incrementAndGet();
        socket.send("{\"v\":1,\"op\":\"ping\",\"id\":\"" + id + "\"}");
        String pong = socket.nextReply(REPLY_WAIT);
        JsonNode json = pong == null ? null : FuzzSocket.json(pong);
        boolean answered = json != null
                && ("pong".equals(json.path("op").asText())
                                && id.equals(json.path("id").asText())
                        || "rate_limited".equals(json.at("/data/code").asText()));
        if (!answered) {
            problems.add("the connection did not answer ping after " + cases.size() + " bad messages: " + pong);
        }
        return problems;
    }

    // ------------------------------------------------------------------------------------- $connect with bad tokens

    @Provide
    Arbitrary<List<Token>> tokenBatches() {
        User victim = fuzz.admins.getFirst();
        return Arbitraries.oneOf(Tokens.forged(victim.userId()), Tokens.mutated(victim.accessToken()))
                .list()
                .ofSize(20);
    }

    @Property(tries = 20)
    void badTokensNeverOpenAConnection(@ForAll("tokenBatches") List<Token> batch) throws Exception {
        Map<String, Long> before = fuzz.itemCounts();
        List<Future<String>> results = new ArrayList<>();
        for (Token token : batch) {
            results.add(fuzz.workers.submit(() -> {
                int status = JettySocket.handshakeStatus(jettyClient, fuzz.webSocket(), token.token());
                // Over 8 KiB the URI is too long to be a request: 414 from the server, or no request from the client.
                return status == 401 || (token.oversized() && status != 101)
                        ? null
                        : token.label() + ": handshake answered " + status;
            }));
        }
        List<String> problems = new ArrayList<>();
        for (Future<String> result : results) {
            String problem = result.get(60, TimeUnit.SECONDS);
            if (problem != null) {
                problems.add(problem);
            }
        }
        counted("connect", batch.size());
        assertThat(problems).isEmpty();
        assertThat(fuzz.itemCounts()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------- frame limits

    /** What to send on a fresh connection, and whether the connection must close with 1009 (else: stay open). */
    record Oversize(String label, int chars, int frameChars, boolean binary, boolean closes) {}

    @Provide
    Arbitrary<Oversize> oversizes() {
        int frame = 32 * 1024;
        int message = 128 * 1024;
        return Arbitraries.oneOf(
                Arbitraries.integers()
                        .between(frame + 1, frame + 16 * 1024)
                        .map(n -> new Oversize("one frame of " + n + " bytes", n, n, false, true)),
                Combinators.combine(
                                Arbitraries.integers().between(message + 1, message + 64 * 1024),
                                Arbitraries.integers().between(1024, frame))
                        .as((n, f) ->
                                new Oversize("a message of " + n + " bytes in frames of " + f, n, f, false, true)),
                Combinators.combine(
                                Arbitraries.integers().between(frame + 1, message - 1024),
                                Arbitraries.integers().between(1024, frame))
                        .as((n, f) ->
                                new Oversize("a message of " + n + " bytes in frames of " + f, n, f, false, false)),
                Arbitraries.integers()
                        .between(1, frame)
                        .map(n -> new Oversize("a binary message of " + n + " bytes", n, n, true, false)));
    }

    @Property(tries = 12)
    void framesOverTheLimitsCloseWith1009AndOthersAreAnswered(@ForAll("oversizes") Oversize oversize) throws Exception {
        User user = fuzz.plainUsers.getLast();
        Map<String, Long> before = fuzz.itemCounts();
        try (JettySocket socket = JettySocket.connect(jettyClient, fuzz.webSocket(), user.accessToken())) {
            String head = "{\"v\":1,\"op\":\"ping\",\"id\":\"big\",\"pad\":\"";
            String text = head + "p".repeat(Math.max(0, oversize.chars() - head.length() - 2)) + "\"}";
            if (oversize.binary()) {
                socket.sendBinary(text.getBytes(StandardCharsets.UTF_8));
            } else if (oversize.frameChars() >= oversize.chars()) {
                socket.sendFrame(text);
            } else {
                socket.sendFragmented(text, oversize.frameChars());
            }
            if (oversize.closes()) {
                assertThat(socket.closed.get(10, TimeUnit.SECONDS))
                        .as(oversize.label())
                        .isEqualTo(1009);
            } else {
                String reply = socket.next(REPLY_WAIT);
                assertThat(reply).as(oversize.label()).isNotNull().doesNotContainPattern(STACK_TRACE);
                socket.sendFrame("{\"v\":1,\"op\":\"ping\",\"id\":\"after\"}");
                assertThat(socket.next(REPLY_WAIT)).as(oversize.label()).contains("\"pong\"");
            }
        }
        // The connection item goes when $disconnect has run (asynchronously, as on API Gateway).
        Awaitility.await("connection item removed after " + oversize.label())
                .atMost(REPLY_WAIT)
                .until(() -> fuzz.itemCounts().equals(before));
        counted("frames", 1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
