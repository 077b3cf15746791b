package dev.antipop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import dev.antipop.runtime.testing.StreamRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The identity functions through the entry point Lambda uses ({@link FunctionInvoker} with the definition the
 * template sets), fed the fixtures in {@code events/http/identity}, against Antipop's DynamoDB engine in-process.
 */
class IdentityFunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../../events/http/identity");
    private static final String KEYS =
            "k1:" + Base64.getUrlEncoder().encodeToString(new byte[32]).replace("=", "") + ",k0:"
                    + Base64.getUrlEncoder()
                            .encodeToString("an older key that still verifies!!".getBytes(StandardCharsets.UTF_8));

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static DynamoDbClient dynamoDb;
    private static AccessTokens tokens;
    private static final Map<String, FunctionInvoker> invokers = new ConcurrentHashMap<>();

    @BeforeAll
    static void createTablesAndEnvironment() {
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        IdentityTables.create(dynamoDb);

        Map<String, String> env = new HashMap<>(IdentityTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", IdentityFunctions.class.getName());
        env.put("JWT_KEYS", KEYS);
        env.put("JWT_ACTIVE_KID", "k1");
        env.put("ADMIN_EMAILS", "root@example.com");
        env.put("NODE_ID", "7");
        env.put("org.springframework.boot.logging.LoggingSystem", "none");
        env.forEach(System::setProperty);
        tokens = new AccessTokens(
                JwtKeys.parse(KEYS, "k1"), "antipop", "antipop", Duration.ofMinutes(15), Clock.systemUTC());
    }

    @AfterAll
    static void closeClient() {
        dynamoDb.close();
    }

    /** Invokes a function by its definition with raw event bytes; returns the Lambda response JSON. */
    static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, IdentityFunctionsIT::start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static synchronized FunctionInvoker start(String definition) {
        return new FunctionInvoker(definition);
    }

    static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    /** The fixture with its body's JSON replaced (other fields as API Gateway sent them). */
    static String withBody(String fixture, String body) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture);
        event.put("body", body);
        return JSON.writeValueAsString(event);
    }

    static String withToken(String fixture, String token) {
        return fixture.replace("${ACCESS_TOKEN}", token);
    }

    static JsonNode body(JsonNode response) throws IOException {
        return JSON.readTree(response.get("body").asText());
    }

    static List<Map<String, AttributeValue>> eventsOf(String userId) {
        return dynamoDb.query(QueryRequest.builder()
                        .tableName(IdentityTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("user-" + userId)))
                        .consistentRead(true)
                        .build())
                .items();
    }

    static String register(String email, String password) throws IOException {
        JsonNode response = invoke(
                "register",
                withBody(
                        fixture("register.json"),
                        JSON.writeValueAsString(
                                Map.of("email", email, "password", password, "displayName", "User " + email))));
        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(201);
        return body(response).get("accessToken").asText();
    }

    @Test
    void createUserAcceptsTheFixtureAndAppendsOneUserCreatedEvent() throws IOException {
        JsonNode response = invoke("createUser", fixture("create-user.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        JsonNode body = body(response);
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("correlationId").asText()).isEqualTo("corr-create-ada");
        List<Map<String, AttributeValue>> claims = dynamoDb.scan(
                        ScanRequest.builder().tableName(IdentityTables.UNIQUES).build())
                .items();
        String stream = claims.stream()
                .filter(item -> item.get("key").s().equals("email#ada@example.com"))
                .findFirst()
                .orElseThrow()
                .get("stream")
                .s();
        List<Map<String, AttributeValue>> events = eventsOf(stream.substring("user-".length()));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").s()).isEqualTo("identity.user_created");

        JsonNode repeat = invoke("createUser", fixture("create-user.json"));
        assertThat(body(repeat).get("commandId").asText())
                .as("a repeated clientMutationId answers the first outcome")
                .isEqualTo(body.get("commandId").asText());
        assertThat(eventsOf(stream.substring("user-".length()))).hasSize(1);
    }

    @Test
    void registerThenLoginIssuesVerifiableTokensAndRefusesBadCredentials() throws IOException {
        String token = register("linus@example.com", "a long enough password");
        assertThat(tokens.verify(token).roles()).containsExactly("customer");

        JsonNode login = invoke("login", fixture("login.json"));
        assertThat(login.get("statusCode").asInt()).isEqualTo(200);
        JsonNode loginBody = body(login);
        assertThat(loginBody.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(loginBody.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(login.toString()).doesNotContain("argon2").doesNotContain("passwordHash");

        JsonNode wrong = invoke(
                "login", withBody(fixture("login.json"), "{\"email\":\"linus@example.com\",\"password\":\"nope\"}"));
        JsonNode unknown = invoke(
                "login", withBody(fixture("login.json"), "{\"email\":\"nobody@example.com\",\"password\":\"nope\"}"));
        for (JsonNode refused : List.of(wrong, unknown)) {
            assertThat(refused.get("statusCode").asInt()).isEqualTo(401);
            assertThat(body(refused).at("/error/code").asText()).isEqualTo("unauthorized");
        }

        JsonNode duplicate = invoke("register", fixture("register.json"));
        assertThat(duplicate.get("statusCode").asInt()).isEqualTo(409);
        assertThat(body(duplicate).at("/error/fields/email").asText()).isEqualTo("is already taken");
    }

    @Test
    void adminEmailsGetTheAdminRoleAndOnlyAdminsChangeRoles() throws IOException {
        String admin = register("root@example.com", "root password 123");
        String user = register("user@example.com", "user password 123");
        assertThat(tokens.verify(admin).roles()).containsExactly("admin");
        String userId = tokens.verify(user).userId();

        String fixture = fixture("add-user-role.json").replace("${USER_ID}", userId);
        JsonNode forbidden = invoke("addUserRole", withToken(fixture, user));
        assertThat(forbidden.get("statusCode").asInt()).isEqualTo(403);
        assertThat(body(forbidden).at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(eventsOf(userId)).hasSize(1);

        JsonNode accepted = invoke("addUserRole", withToken(fixture, admin));
        assertThat(accepted.get("statusCode").asInt()).isEqualTo(202);
        assertThat(eventsOf(userId)).hasSize(2);
        assertThat(eventsOf(userId).get(1).get("type").s()).isEqualTo("identity.user_role_added");
    }

    @Test
    void concurrentCreateUserWithOneEmailCreatesExactlyOneUser() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String body = JSON.writeValueAsString(Map.of(
                        "payload",
                        Map.of("email", "race@example.com", "password", "password " + i, "displayName", "R" + i)));
                String event = withBody(fixture("create-user.json"), body);
                calls.add(() -> invoke("createUser", event).get("statusCode").asInt());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : pool.invokeAll(calls)) {
                statuses.add(future.get());
            }
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
            long created =
                    dynamoDb
                            .scan(ScanRequest.builder()
                                    .tableName(IdentityTables.EVENTS)
                                    .build())
                            .items()
                            .stream()
                            .filter(item -> item.get("data").s().contains("race@example.com"))
                            .count();
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputGetsTheDesignErrorCodesAndWritesNothing() throws IOException {
        int eventsBefore = dynamoDb.scan(
                        ScanRequest.builder().tableName(IdentityTables.EVENTS).build())
                .count();
        String fixture = fixture("create-user.json");
        Map<String, String> cases = new HashMap<>();
        cases.put("{not json", "malformed_json");
        cases.put("[1,2]", "malformed_json");
        cases.put("{\"payload\":{\"email\":\"x\",\"password\":1}}", "validation_failed");
        cases.put("{\"payload\":{}}", "validation_failed");
        cases.put("{\"payload\":\"text\"}", "validation_failed");
        cases.put(
                "{\"payload\":{\"email\":\"big@example.com\",\"password\":\"" + "x".repeat(1024 * 1024)
                        + "\",\"displayName\":\"B\"}}",
                "payload_too_large");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode response = invoke("createUser", withBody(fixture, c.getKey()));
            JsonNode body = body(response);
            assertThat(body.at("/error/code").asText())
                    .as(c.getKey().substring(0, Math.min(40, c.getKey().length())))
                    .isEqualTo(c.getValue());
            assertThat(response.get("statusCode").asInt()).isIn(400, 413);
        }
        ObjectNode sneaky = (ObjectNode) JSON.readTree(withBody(fixture, "[{\"payload\":{}}]"));
        ((ObjectNode) sneaky.get("headers")).put("payload", "[1,2,3]");
        JsonNode headerTrick = invoke("createUser", JSON.writeValueAsString(sneaky));
        assertThat(headerTrick.get("statusCode").asInt())
                .as("a JSON array body or a 'payload' header must not make the adapter iterate")
                .isEqualTo(400);
        JsonNode missing = invoke("createUser", withBody(fixture, "{\"payload\":{}}"));
        assertThat(body(missing).at("/error/fields").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("email", "password", "displayName");

        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                ("{\"sub\":\"1\",\"roles\":[\"admin\"],\"iss\":\"antipop\",\"aud\":\"antipop\",\"exp\":"
                                                + (System.currentTimeMillis() / 1000 + 600) + "}")
                                        .getBytes(StandardCharsets.UTF_8))
                + ".";
        JsonNode algNone = invoke("updateProfile", withToken(fixture("update-profile.json"), none));
        assertThat(algNone.get("statusCode").asInt()).isEqualTo(401);
        assertThat(dynamoDb.scan(ScanRequest.builder()
                                .tableName(IdentityTables.EVENTS)
                                .build())
                        .count())
                .isEqualTo(eventsBefore);
    }

    @Test
    void theProcessorProjectsUsersAndMeReadsTheViewWithoutTheHash() throws IOException {
        String token = register("grace.h@example.com", "compilers are fun");
        String userId = tokens.verify(token).userId();

        JsonNode response = invoke("identityProcessor", StreamRecords.insertEvent("IdentityEvents", eventsOf(userId)));
        assertThat(response.get("batchItemFailures")).isEmpty();
        JsonNode again = invoke("identityProcessor", StreamRecords.insertEvent("IdentityEvents", eventsOf(userId)));
        assertThat(again.get("batchItemFailures"))
                .as("replayed records are idempotent")
                .isEmpty();

        JsonNode me = invoke("me", withToken(fixture("me.json"), token));
        assertThat(me.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = body(me);
        assertThat(body.get("email").asText()).isEqualTo("grace.h@example.com");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat((ArrayNode) body.get("roles")).extracting(JsonNode::asText).containsExactly("customer");
        assertThat(me.toString()).doesNotContain("argon2").doesNotContain("passwordHash");
        assertThat(tokens.verify(token).roles()).isEqualTo(Set.of("customer"));
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesItsFamilyAndLogoutRevokesEverything() throws IOException {
        JsonNode registered = body(invoke(
                "register",
                withBody(
                        fixture("register.json"),
                        JSON.writeValueAsString(Map.of(
                                "email", "rotate@example.com", "password", "rotate password 1", "displayName", "R")))));
        String first = registered.get("refreshToken").asText();
        assertThat(first).hasSize(43);
        assertThat(registered.get("refreshExpiresIn").asLong()).isEqualTo(30L * 24 * 3600);

        JsonNode rotated = invoke("refresh", refreshEvent(first));
        assertThat(rotated.get("statusCode").asInt()).isEqualTo(200);
        String second = body(rotated).get("refreshToken").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(tokens.verify(body(rotated).get("accessToken").asText()).userId())
                .isEqualTo(registered.get("userId").asText());

        JsonNode replay = invoke("refresh", refreshEvent(first));
        assertThat(replay.get("statusCode").asInt())
                .as("a rotated token presented again")
                .isEqualTo(401);
        assertThat(invoke("refresh", refreshEvent(second)).get("statusCode").asInt())
                .as("reuse revoked the whole family, the newest token included")
                .isEqualTo(401);

        JsonNode login = body(invoke(
                "login",
                withBody(
                        fixture("login.json"),
                        "{\"email\":\"rotate@example.com\",\"password\":\"rotate password 1\"}")));
        String third = login.get("refreshToken").asText();
        JsonNode logout = invoke(
                "logout", withToken(fixture("me.json"), login.get("accessToken").asText()));
        assertThat(logout.get("statusCode").asInt()).isEqualTo(200);
        assertThat(invoke("refresh", refreshEvent(third)).get("statusCode").asInt())
                .isEqualTo(401);
        assertThat(invoke("refresh", refreshEvent("not-a-token"))
                        .get("statusCode")
                        .asInt())
                .isEqualTo(401);
    }

    private static String refreshEvent(String refreshToken) throws IOException {
        return withBody(fixture("login.json"), JSON.writeValueAsString(Map.of("refreshToken", refreshToken)));
    }

    @Test
    void authEndpointsAreRateLimitedPerSourceIpWithRetryAfter() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(withBody(fixture("login.json"), "{}"));
        ((ObjectNode) event.at("/requestContext/http")).put("sourceIp", "198.51.100.77");
        String login = JSON.writeValueAsString(event);
        for (int i = 0; i < 30; i++) {
            assertThat(invoke("login", login).get("statusCode").asInt()).isEqualTo(400);
        }
        JsonNode limited = invoke("login", login);
        assertThat(limited.get("statusCode").asInt()).isEqualTo(429);
        assertThat(body(limited).at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(limited.at("/headers/retry-after").asInt()).isBetween(1, 60);

        ((ObjectNode) event.at("/requestContext/http")).put("sourceIp", "198.51.100.78");
        assertThat(invoke("login", JSON.writeValueAsString(event))
                        .get("statusCode")
                        .asInt())
                .as("another address has its own budget")
                .isEqualTo(400);
    }
}
