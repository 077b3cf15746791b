package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The identity slice end to end on the local cloud running the root {@code template.yaml}: commands over HTTP,
 * events through DynamoDB Streams to the projection and the fan-out, frames on real WebSocket clients, tables read
 * with the real {@code DynamoDbClient}.
 */
class IdentityEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static LocalCloud cloud;
    private static AntipopClient client;
    private static DynamoDbClient dynamoDb;
    /** Every HTTP body and WebSocket frame the suite saw, checked for password hashes at the end. */
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        dynamoDb = cloud.dynamoDb().client();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        assertThat(seen)
                .isNotEmpty()
                .allSatisfy(
                        text -> assertThat(text).doesNotContain("passwordHash").doesNotContain("$argon2"));
    }

    private static Response recorded(Response response) {
        seen.add(response.text());
        return response;
    }

    private static Session signIn(String prefix) {
        String email = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response response = recorded(client.register(email, "a long enough password", prefix));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return new Session(
                response.body().get("userId").asText(),
                response.body().get("accessToken").asText());
    }

    private static Session admin() {
        Response response = recorded(client.register(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD, "Admin"));
        if (response.status() == 409) {
            response = recorded(client.login(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD));
        }
        assertThat(response.status()).as(response.text()).isIn(200, 201);
        assertThat(response.body().get("roles").toString()).contains("admin");
        return new Session(
                response.body().get("userId").asText(),
                response.body().get("accessToken").asText());
    }

    private static String eventsTable() {
        return cloud.tables().stream()
                .filter(t -> t.tableName().endsWith("IdentityEventsTable"))
                .findFirst()
                .orElseThrow()
                .tableName();
    }

    private static List<Map<String, AttributeValue>> events(String userId) {
        return dynamoDb.query(QueryRequest.builder()
                        .tableName(eventsTable())
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("user-" + userId)))
                        .consistentRead(true)
                        .build())
                .items();
    }

    private static void recordFrames(EventSocket socket) {
        socket.seen().forEach(frame -> seen.add(frame.text()));
    }

    @Test
    void anAdminGrantsARoleAndBothSocketsReceiveTheEventWithTheCorrelationId() {
        Session admin = admin();
        Session user = signIn("grantee");
        try (EventSocket adminSocket = client.connect(admin.accessToken());
                EventSocket userSocket = client.connect(user.accessToken())) {
            String correlationId = "grant-" + UUID.randomUUID();
            Response accepted = recorded(client.command(
                    admin.accessToken(),
                    "add-user-role",
                    Map.of("userId", user.userId(), "role", "moderator"),
                    correlationId,
                    null));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
            assertThat(accepted.body().get("correlationId").asText()).isEqualTo(correlationId);

            for (EventSocket socket : List.of(userSocket, adminSocket)) {
                EventSocket.Frame frame = socket.awaitEvent("identity.user_role_added", WAIT);
                JsonNode envelope = frame.json().get("data");
                assertThat(frame.json().get("target").asText()).isEqualTo("user." + user.userId() + ".events");
                assertThat(envelope.at("/meta/correlationId").asText()).isEqualTo(correlationId);
                assertThat(envelope.at("/data/role").asText()).isEqualTo("moderator");
                assertThat(envelope.get("version").asLong()).isEqualTo(2);
                recordFrames(socket);
            }

            JsonNode me = awaitMe(user, "moderator");
            assertThat(me.get("version").asLong()).isEqualTo(2);
        }
    }

    private static JsonNode awaitMe(Session user, String role) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Response me;
        do {
            me = recorded(client.me(user.accessToken()));
            if (me.status() == 200 && me.body().get("roles").toString().contains(role)) {
                return me.body();
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("users view never showed " + role + ": " + me.text());
    }

    @Test
    void meRightAfterRegisterAnswersTheNewUserAndTheSingleEndpointRoutesToTheCommandsFunction() {
        String email = "fresh-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response registered = recorded(client.register(email, "a long enough password", "Fresh"));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        assertThat(registered.body().at("/position/version").asLong()).isEqualTo(1);
        String token = registered.body().get("accessToken").asText();
        String userId = registered.body().get("userId").asText();
        assertThat(registered.body().at("/position/stream").asText()).isEqualTo("user-" + userId);

        Response me = recorded(client.me(token));
        assertThat(me.status())
                .as("read-your-writes: no 404 window after register")
                .isEqualTo(200);
        assertThat(me.body().get("email").asText()).isEqualTo(email);

        Response routed = recorded(client.post(
                "/command", token, Map.of("command", "UPDATE_PROFILE", "payload", Map.of("displayName", "Routed"))));
        assertThat(routed.status()).as(routed.text()).isEqualTo(202);
        assertThat(routed.body().at("/position/stream").asText()).isEqualTo("user-" + userId);
        assertThat(routed.body().at("/position/version").asLong()).isEqualTo(2);
        Response notAField = recorded(client.post(
                "/command", token, Map.of("command", "update-profile", "payload", Map.of("nickname", "x"))));
        assertThat(notAField.status()).isEqualTo(400);
        assertThat(notAField.body().at("/error/fields/nickname").asText()).isEqualTo("is not a field of this command");
        assertThat(events(userId)).hasSize(2);

        Response health = recorded(client.get("/health", null));
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(health.body().at("/store/reachable").asBoolean()).isTrue();
        assertThat(health.body().at("/store/latencyMs").isNumber()).isTrue();
    }

    @Test
    void theSenderSeesTheirOwnEventAndPingIsAnswered() {
        Session user = signIn("sender");
        try (EventSocket socket = client.connect(user.accessToken())) {
            socket.send("{\"v\":1,\"op\":\"ping\",\"id\":\"p1\"}");
            assertThat(socket.await(json -> "pong".equals(json.path("op").asText()), WAIT)
                            .json()
                            .get("id")
                            .asText())
                    .isEqualTo("p1");
            socket.send("{not json");
            assertThat(socket.await(json -> "error".equals(json.path("op").asText()), WAIT)
                            .json()
                            .at("/data/code")
                            .asText())
                    .isEqualTo("malformed_json");

            Response accepted = recorded(client.command(
                    user.accessToken(), "update-profile", Map.of("displayName", "Renamed"), "rename-1", null));
            assertThat(accepted.status()).isEqualTo(202);
            EventSocket.Frame frame = socket.awaitEvent("identity.user_profile_updated", WAIT);
            assertThat(frame.json().at("/data/data/displayName").asText()).isEqualTo("Renamed");
            recordFrames(socket);
        }
    }

    @Test
    void fiftyConcurrentCommandsOnOneStreamGiveGapFreeVersionsNoneLost() throws Exception {
        Session user = signIn("busy");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        // Lost optimistic-concurrency races are expected here: none may log a warning or a stack trace.
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "Name " + i;
                calls.add(() -> recorded(client.command(
                                user.accessToken(), "update-profile", Map.of("displayName", name), null, null))
                        .status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertThat(statuses).allMatch(status -> status == 202);
        } finally {
            pool.shutdownNow();
            root.detachAppender(logged);
        }
        assertThat(logged.list)
                .filteredOn(event ->
                        event.getThrowableProxy() != null || event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
        List<Map<String, AttributeValue>> events = events(user.userId());
        assertThat(events).hasSize(51);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("version").n()).isEqualTo(String.valueOf(i + 1));
        }
    }

    @Test
    void aClientMutationIdSentTenTimesConcurrentlyAppendsOneEvent() throws Exception {
        Session user = signIn("idem");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> recorded(client.command(
                        user.accessToken(), "update-profile", Map.of("displayName", "Once"), null, "cm-once")));
            }
            List<String> commandIds = new ArrayList<>();
            for (Future<Response> response : pool.invokeAll(calls)) {
                assertThat(response.get().status()).isEqualTo(202);
                commandIds.add(response.get().body().get("commandId").asText());
            }
            assertThat(commandIds).as("every repeat answers the first outcome").containsOnly(commandIds.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(events(user.userId())).hasSize(2);
    }

    @Test
    void badInputGetsDesignErrorsOverHttpAndAtTheWebSocketHandshake() {
        long before = dynamoDb.scan(
                        ScanRequest.builder().tableName(eventsTable()).build())
                .count();
        Session user = signIn("careless");
        long afterSignIn = before + 1;

        assertThat(recorded(client.post("/commands/update-profile", user.accessToken(), "{oops"))
                        .body()
                        .at("/error/code")
                        .asText())
                .isEqualTo("malformed_json");
        Response huge = recorded(client.post(
                "/commands/update-profile",
                user.accessToken(),
                "{\"payload\":{\"displayName\":\"" + "x".repeat(1 << 20) + "\"}}"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().at("/error/code").asText()).isEqualTo("payload_too_large");
        Response unknown = recorded(client.post("/command", user.accessToken(), "{\"command\":\"SELF_DESTRUCT\"}"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/error/code").asText()).isEqualTo("unknown_command");
        Response wrongType =
                recorded(client.command(user.accessToken(), "update-profile", Map.of("displayName", 7), null, null));
        assertThat(wrongType.body().at("/error/code").asText()).isEqualTo("validation_failed");
        Response forbidden = recorded(client.command(
                user.accessToken(), "add-user-role", Map.of("userId", user.userId(), "role", "admin"), null, null));
        assertThat(forbidden.status()).isEqualTo(403);
        // Strict JSON (StrictJson): each is a 400 malformed_json with a clear message, never a 500.
        Map<String, String> strict = Map.of(
                "{\"payload\":{\"displayName\":\"S\\ud800E\"}}",
                "unpaired UTF-16 surrogate",
                "{\"payload\":{\"displayName\":\"a\"}}}",
                "is not valid JSON",
                "{\"payload\":{\"displayName\":\"a\",\"displayName\":\"b\"}}",
                "repeats a member name",
                "{\"payload\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}",
                "nests deeper than 32 levels",
                "{\"payload\":{\"n\":" + "9".repeat(1_001) + "}}",
                "has a number of more than 64 digits",
                "{\"" + "k".repeat(50_001) + "\":1}",
                "has a member name longer than 256 characters");
        strict.forEach((body, message) -> {
            Response refused = recorded(client.post("/commands/update-profile", user.accessToken(), body));
            assertThat(refused.status()).as(message).isEqualTo(400);
            assertThat(refused.body().at("/error/code").asText()).isEqualTo("malformed_json");
            assertThat(refused.body().at("/error/message").asText()).contains(message);
        });
        assertThat(plainText(user.accessToken()).statusCode()).isEqualTo(415);
        Response noRoute = recorded(client.post("/nowhere", null, "{}"));
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.body().get("message").asText()).isEqualTo("Not Found");

        String algNone = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("{\"sub\":\"" + user.userId() + "\",\"roles\":[\"admin\"],\"exp\":4102444800}")
                                .getBytes(StandardCharsets.UTF_8))
                + ".";
        Response noneHttp = recorded(client.command(algNone, "update-profile", Map.of("displayName", "x"), null, null));
        assertThat(noneHttp.status()).isEqualTo(401);
        Response unknownRole =
                recorded(client.command(user.accessToken(), "update-profile", Map.of("displayName", "ok"), null, null));
        assertThat(unknownRole.status()).isEqualTo(202);
        afterSignIn++;
        Response wizard = recorded(client.command(
                admin().accessToken(), "add-user-role", Map.of("userId", user.userId(), "role", "wizard"), null, null));
        assertThat(wizard.status()).isEqualTo(400);
        assertThat(wizard.body().at("/error/fields/role").asText()).startsWith("must be one of");

        String[] parts = user.accessToken().split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        // Characters outside unpadded base64url, which nimbus's decoder would skip (RFC 7515 §2).
        String valid = user.accessToken();
        String padded = parts[0] + "=." + parts[1] + "." + parts[2];
        String tilde = valid + "~";
        String insertedEquals =
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + "==" + parts[2].substring(5);
        for (String token : List.of(
                algNone,
                tampered,
                "not-a-jwt",
                expired(user),
                unknownKid(user),
                rs256(user),
                padded,
                tilde,
                insertedEquals,
                parts[0] + "." + parts[1] + "%." + parts[2])) {
            assertThat(recorded(client.command(token, "update-profile", Map.of("displayName", "x"), null, null))
                            .status())
                    .isEqualTo(401);
            assertThatThrownBy(() -> client.connect(token))
                    .isInstanceOfSatisfying(
                            EventSocket.HandshakeRefused.class,
                            e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(dynamoDb.scan(ScanRequest.builder().tableName(eventsTable()).build())
                        .count())
                .as("nothing was written by the rejected requests")
                .isEqualTo(afterSignIn);
    }

    /** A JSON command sent as text/plain, as a browser's fetch does without a content type. */
    private static java.net.http.HttpResponse<String> plainText(String token) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(cloud.httpEndpoint() + "/commands/update-profile"))
                                    .header("authorization", "Bearer " + token)
                                    .header("content-type", "text/plain;charset=UTF-8")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"payload\":{\"displayName\":\"x\"}}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneEmailInComposedAndDecomposedFormIsOneAccountAndInvisibleCharactersAreRefused() {
        String local = "jos" + UUID.randomUUID().toString().substring(0, 6);
        Response composed = recorded(client.register(local + "\u00e9@example.com", "a long enough password", "C"));
        assertThat(composed.status()).as(composed.text()).isEqualTo(201);
        Response decomposed = recorded(client.register(local + "e\u0301@example.com", "a long enough password", "D"));
        assertThat(decomposed.status()).as(decomposed.text()).isEqualTo(409);
        Response login = recorded(client.login(
                local.toUpperCase(java.util.Locale.ROOT) + "E\u0301@EXAMPLE.COM", "a long enough password"));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        assertThat(login.body().get("userId").asText())
                .isEqualTo(composed.body().get("userId").asText());
        for (String forged : List.of(
                local + "\u200b\u00e9@example.com",
                local + "\u202e\u00e9@example.com",
                local + "\u0000\u00e9@example.com")) {
            Response refused = recorded(client.register(forged, "a long enough password", "F"));
            assertThat(refused.status()).as(forged).isEqualTo(400);
            assertThat(refused.body().at("/error/code").asText()).isEqualTo("validation_failed");
            assertThat(refused.body().at("/error/fields/email").asText()).startsWith("must not contain control");
        }
    }

    /** The template's development key, as template.yaml's JwtSigningKeys default gives it. */
    private static final String TEMPLATE_KEYS = "local-2026-11:bG9jYWwtb25seS1zaWduaW5nLWtleS1kby1ub3QtZGVwbG95LTIwMjY";

    private static String expired(Session user) {
        return new AccessTokens(
                        JwtKeys.parse(TEMPLATE_KEYS, "local-2026-11"),
                        "antipop",
                        "antipop",
                        Duration.ofMinutes(15),
                        Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .issue(user.userId(), Set.of("admin"))
                .accessToken();
    }

    private static String unknownKid(Session user) {
        return new AccessTokens(
                        JwtKeys.parse(TEMPLATE_KEYS.replace("local-2026-11:", "rogue:"), "rogue"),
                        "antipop",
                        "antipop",
                        Duration.ofMinutes(15),
                        Clock.systemUTC())
                .issue(user.userId(), Set.of("admin"))
                .accessToken();
    }

    /** HS/RS confusion: an RS256 token under the HS256 key id. */
    private static String rs256(Session user) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("local-2026-11").generate();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID("local-2026-11")
                            .build(),
                    new JWTClaimsSet.Builder()
                            .subject(user.userId())
                            .issuer("antipop")
                            .audience("antipop")
                            .claim("roles", List.of("admin"))
                            .expirationTime(java.util.Date.from(Instant.now().plusSeconds(600)))
                            .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDemoSessionRunsAgainstTheLocalCloud() {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        new Demo(client, new PrintStream(transcript, true, StandardCharsets.UTF_8)).run();
        String text = transcript.toString(StandardCharsets.UTF_8);
        seen.add(text);
        assertThat(text).contains("identity.user_role_added").endsWith("demo: ok" + System.lineSeparator());
    }
}
