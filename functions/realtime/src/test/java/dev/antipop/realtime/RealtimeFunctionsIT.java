package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The four realtime functions through their real entry point, {@link FunctionInvoker} with the function definition,
 * fed the fixtures under {@code events/}, against DynamoDB Local in-process and a JDK {@link HttpServer} on loopback
 * standing in for the API Gateway Management API ({@code POST /<stage>/@connections/{id}}).
 */
class RealtimeFunctionsIT {

    private static final Path EVENTS = Path.of("../../events").toAbsolutePath().normalize();
    private static final String CONNECTIONS = "connections";
    private static final String SUBSCRIPTIONS = "subscriptions";
    private static final String STAGE = "prod";
    private static final String JWT_KEYS =
            "it:" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    /** The fixtures' ids: the connecting client, the user created and the fixture connection. */
    private static final String ADMIN = "372096841015111680";

    private static final String NEW_USER = "382968476983128064";
    private static final String FIXTURE_CONNECTION = "Fq2a1cmQoAMCJ7g=";
    private static final String FIXTURE_SEQUENCE_NUMBER = "4421584500000000017450439091";

    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    private static DynamoDBProxyServer dynamoDbLocal;
    private static DynamoDbClient dynamoDb;
    private static HttpServer managementApi;
    private static ConnectionStore connectionStore;
    private static SubscriptionStore subscriptionStore;
    private static ConnectionRegistry registry;
    private static AccessTokens tokens;
    private static FunctionInvoker wsConnect;
    private static FunctionInvoker wsDisconnect;
    private static FunctionInvoker wsMessage;
    private static FunctionInvoker fanOut;

    /** Bodies posted per connection id, in arrival order. */
    private static final Map<String, List<String>> posted = new ConcurrentHashMap<>();

    /** Connection ids the management API answers 410 Gone, or 500. */
    private static final Set<String> gone = ConcurrentHashMap.newKeySet();

    private static final Set<String> failing = ConcurrentHashMap.newKeySet();

    /**
     * When set, every post first counts down and waits (up to 10 s) for the latch to open, and answers 500 if it does
     * not: a latch of N opens only if N posts are in flight at once, which sequential posting never achieves.
     */
    private static volatile CountDownLatch inFlight;

    private static ExecutorService managementApiThreads;

    @BeforeAll
    static void start() throws Exception {
        int port = freePort();
        dynamoDbLocal = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(port)});
        dynamoDbLocal.start();
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        createTables();
        connectionStore = new ConnectionStore(dynamoDb, CONNECTIONS);
        subscriptionStore = new SubscriptionStore(dynamoDb, SUBSCRIPTIONS);
        registry = new ConnectionRegistry(connectionStore, subscriptionStore);

        managementApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        managementApi.createContext("/", RealtimeFunctionsIT::managementApi);
        managementApiThreads = Executors.newFixedThreadPool(64);
        managementApi.setExecutor(managementApiThreads);
        managementApi.start();

        PROPERTIES.put("MAIN_CLASS", RealtimeFunctions.class.getName());
        PROPERTIES.put("AWS_REGION", "us-east-1");
        PROPERTIES.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + port);
        PROPERTIES.put("aws.accessKeyId", "local");
        PROPERTIES.put("aws.secretAccessKey", "local");
        PROPERTIES.put("CONNECTIONS_TABLE", CONNECTIONS);
        PROPERTIES.put("SUBSCRIPTIONS_TABLE", SUBSCRIPTIONS);
        PROPERTIES.put(
                "WEBSOCKET_MANAGEMENT_ENDPOINT",
                "http://127.0.0.1:" + managementApi.getAddress().getPort() + "/" + STAGE);
        PROPERTIES.put("SENSITIVE_FIELDS", "identity.user_created:passwordHash;other.type:fieldA,fieldB");
        PROPERTIES.put("JWT_KEYS", JWT_KEYS);
        PROPERTIES.put("JWT_ACTIVE_KID", "it");
        PROPERTIES.forEach(System::setProperty);

        tokens = new AccessTokens(
                JwtKeys.parse(JWT_KEYS, "it"), "antipop", "antipop", Duration.ofMinutes(5), Clock.systemUTC());
        wsConnect = new FunctionInvoker("wsConnect");
        wsDisconnect = new FunctionInvoker("wsDisconnect");
        wsMessage = new FunctionInvoker("wsMessage");
        fanOut = new FunctionInvoker("fanOut");
    }

    @AfterAll
    static void stop() throws Exception {
        PROPERTIES.keySet().forEach(System::clearProperty);
        if (managementApi != null) {
            managementApi.stop(0);
            managementApiThreads.shutdownNow();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (dynamoDbLocal != null) {
            dynamoDbLocal.stop();
        }
    }

    @BeforeEach
    void emptyTablesAndRecordings() {
        for (String table : List.of(CONNECTIONS, SUBSCRIPTIONS)) {
            List<String> keyNames = table.equals(CONNECTIONS) ? List.of("connectionId") : List.of("prefix", "sk");
            List<WriteRequest> deletes = new ArrayList<>();
            dynamoDb.scanPaginator(b -> b.tableName(table)).items().forEach(item -> {
                Map<String, AttributeValue> key = new LinkedHashMap<>();
                keyNames.forEach(name -> key.put(name, item.get(name)));
                deletes.add(
                        WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
            });
            // BatchWriteItem takes at most 25 requests; DynamoDB Local processes all of them.
            for (int from = 0; from < deletes.size(); from += 25) {
                List<WriteRequest> batch = deletes.subList(from, Math.min(from + 25, deletes.size()));
                assertThat(dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, batch)))
                                .unprocessedItems())
                        .isEmpty();
            }
        }
        posted.clear();
        gone.clear();
        failing.clear();
        inFlight = null;
    }

    // --- $connect ---------------------------------------------------------------------------------------------------

    @Test
    void connectWithAFreshTokenStoresTheConnectionAndItsImplicitSubscription() throws Exception {
        ObjectNode event = fixture("ws/connect.json");
        withToken(event, tokens.issue(ADMIN, Set.of("member")).accessToken());

        JsonNode response = invoke(wsConnect, event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        var connection = connectionStore.get(FIXTURE_CONNECTION).orElseThrow();
        assertThat(connection.userId()).isEqualTo(ADMIN);
        Instant connectedAt =
                Instant.ofEpochMilli(event.at("/requestContext/connectedAt").asLong());
        assertThat(connection.connectedAt()).isEqualTo(connectedAt);
        assertThat(connection.expiresAt()).isEqualTo(connectedAt.plus(Duration.ofHours(2)));
        assertThat(connection.domainName()).isEqualTo("abcd123xyz.execute-api.us-east-1.amazonaws.com");
        assertThat(connection.stage()).isEqualTo("prod");
        assertThat(subscriptionStore.findByConnection(FIXTURE_CONNECTION))
                .extracting(s -> s.pattern().value(), Subscription::userId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user." + ADMIN + ".>", ADMIN));
    }

    @Test
    void connectWithoutTokenIsRefusedWith401AndStoresNothing() throws Exception {
        JsonNode response = invoke(wsConnect, fixture("ws/connect-no-token.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("unauthorized");
        assertTablesEmpty();
    }

    @Test
    void connectWithTheFixturesPlaceholderTokenIsRefusedWith401() throws Exception {
        JsonNode response = invoke(wsConnect, fixture("ws/connect.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("unauthorized");
        assertTablesEmpty();
    }

    @Test
    void connectWithATokenSignedByAnotherKeyIsRefusedWith401() throws Exception {
        String otherKeys = "it:"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                    28, 29, 30, 31, 32
                });
        String forged = new AccessTokens(
                        JwtKeys.parse(otherKeys, "it"), "antipop", "antipop", Duration.ofMinutes(5), Clock.systemUTC())
                .issue(ADMIN, Set.of("admin"))
                .accessToken();
        ObjectNode event = fixture("ws/connect.json");
        withToken(event, forged);

        JsonNode response = invoke(wsConnect, event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertTablesEmpty();
    }

    @Test
    void connectWithATokenWhoseSubjectIsAWildcardIsRefusedAndStoresNothing() throws Exception {
        ObjectNode event = fixture("ws/connect.json");
        withToken(event, tokens.issue("*", Set.of()).accessToken());

        JsonNode response = invoke(wsConnect, event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(403);
        assertTablesEmpty();
    }

    // --- $default ---------------------------------------------------------------------------------------------------

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        JsonNode response = invoke(wsMessage, fixture("ws/message-ping.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).isEqualTo("{\"v\":1,\"op\":\"pong\",\"id\":\"c3\"}");
    }

    @Test
    void malformedJsonIsAnsweredWithAnErrorFrame() throws Exception {
        JsonNode response = invoke(wsMessage, fixture("ws/message-malformed.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode reply = body(response);
        assertThat(reply.path("op").asText()).isEqualTo("error");
        assertThat(reply.at("/data/code").asText()).isEqualTo("malformed_json");
    }

    // --- $disconnect ------------------------------------------------------------------------------------------------

    @Test
    void disconnectDeletesTheConnectionAndAllItsSubscriptionsOnly() throws Exception {
        Instant now = Instant.now();
        registry.register(FIXTURE_CONNECTION, ADMIN, now, now);
        subscriptionStore.put(new Subscription(FIXTURE_CONNECTION, ADMIN, SubjectPattern.parse("chat.room.*"), now));
        registry.register("other-connection", ADMIN, now, now);

        JsonNode response = invoke(wsDisconnect, fixture("ws/disconnect.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(connectionStore.get(FIXTURE_CONNECTION)).isEmpty();
        assertThat(subscriptionStore.findByConnection(FIXTURE_CONNECTION)).isEmpty();
        assertThat(connectionStore.get("other-connection")).isPresent();
        assertThat(subscriptionStore.findByConnection("other-connection")).hasSize(1);
    }

    @Test
    void disconnectOfAnUnknownConnectionIsStill200() throws Exception {
        JsonNode response = invoke(wsDisconnect, fixture("ws/disconnect.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    }

    // --- fan-out ----------------------------------------------------------------------------------------------------

    @Test
    void fanOutPushesTheRedactedEventToTheSenderTheUserTopicAndWildcardSubscribers() throws Exception {
        Instant now = Instant.now();
        registry.register("admin-laptop", ADMIN, now, now); // meta.userId: the sender's devices
        registry.register("admin-phone", ADMIN, now, now);
        registry.register("new-user-tab", NEW_USER, now, now); // implicit user.<id>.> matches the topic
        registry.register("ops-console", "5", now, now);
        subscriptionStore.put(new Subscription("ops-console", "5", SubjectPattern.parse("user.*.events"), now));
        registry.register("bystander", "6", now, now); // neither sender nor a matching subscription
        subscriptionStore.put(new Subscription("bystander", "6", SubjectPattern.parse("user.*.profile"), now));
        registry.register("closed-tab", NEW_USER, now, now); // the client left without $disconnect reaching us
        subscriptionStore.put(new Subscription("closed-tab", NEW_USER, SubjectPattern.parse("chat.>"), now));
        gone.add("closed-tab");

        JsonNode response = invoke(fanOut, fixture("streams/identity/user_created.json"));

        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(posted.keySet())
                .containsExactlyInAnyOrder("admin-laptop", "admin-phone", "new-user-tab", "ops-console", "closed-tab");
        for (String connectionId : List.of("admin-laptop", "admin-phone", "new-user-tab", "ops-console")) {
            assertThat(posted.get(connectionId)).hasSize(1);
            String body = posted.get(connectionId).get(0);
            assertThat(body).doesNotContain("passwordHash").doesNotContain("argon2");
            JsonNode frame = EnvelopeJson.mapper().readTree(body);
            assertThat(frame.path("v").asInt()).isEqualTo(1);
            assertThat(frame.path("op").asText()).isEqualTo("event");
            assertThat(frame.path("target").asText()).isEqualTo("user." + NEW_USER + ".events");
            JsonNode envelope = frame.path("data");
            assertThat(envelope.path("eventId").asText()).isEqualTo("382968476983128065");
            assertThat(envelope.path("type").asText()).isEqualTo("identity.user_created");
            assertThat(envelope.path("stream").asText()).isEqualTo("user-" + NEW_USER);
            assertThat(envelope.path("version").asLong()).isEqualTo(1);
            assertThat(envelope.path("timestamp").asText()).isEqualTo("2026-11-22T19:00:00.123Z");
            assertThat(envelope.at("/data/email").asText()).isEqualTo("ada@example.com");
            assertThat(envelope.at("/meta/userId").asText()).isEqualTo(ADMIN);
        }
        assertThat(connectionStore.get("closed-tab")).isEmpty();
        assertThat(subscriptionStore.findByConnection("closed-tab")).isEmpty();
        assertThat(connectionStore.get("bystander")).isPresent();
        assertThat(connectionStore.get("new-user-tab")).isPresent();
    }

    @Test
    void fanOutReportsTheRecordAsABatchItemFailureWhenAPostFails() throws Exception {
        Instant now = Instant.now();
        registry.register("new-user-tab", NEW_USER, now, now);
        registry.register("broken", NEW_USER, now, now);
        failing.add("broken");

        JsonNode response = invoke(fanOut, fixture("streams/identity/user_created.json"));

        assertThat(response.path("batchItemFailures"))
                .extracting(failure -> failure.path("itemIdentifier").asText())
                .containsExactly(FIXTURE_SEQUENCE_NUMBER);
        // The failure is not a 410: the connection stays, and the record's redelivery will post again.
        assertThat(connectionStore.get("broken")).isPresent();
        assertThat(posted.get("new-user-tab")).hasSize(1);
    }

    @Test
    void fanOutToAThousandRecipientsPostsInParallelAndReachesEachOnce() throws Exception {
        Instant now = Instant.now();
        ExecutorService setup = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> registrations = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String connectionId = "tab-" + i;
                registrations.add(setup.submit(() -> registry.register(connectionId, NEW_USER, now, now)));
            }
            for (Future<?> registration : registrations) {
                registration.get();
            }
        } finally {
            setup.shutdownNow();
        }
        inFlight = new CountDownLatch(16);

        long started = System.nanoTime();
        JsonNode response = invoke(fanOut, fixture("streams/identity/user_created.json"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(posted).hasSize(1000);
        assertThat(posted.values()).allSatisfy(bodies -> assertThat(bodies).hasSize(1));
        // A figure for the record, not an assertion: timings depend on the machine.
        System.out.println("fan-out to 1000 recipients on DynamoDB Local + loopback took " + millis + " ms");
    }

    @Test
    void aFrameOverApiGatewaysMessageLimitIsSkippedNotRetried() throws Exception {
        Instant now = Instant.now();
        registry.register("new-user-tab", NEW_USER, now, now);
        ObjectNode event = fixture("streams/identity/user_created.json");
        ObjectNode dataAttribute = (ObjectNode) event.at("/Records/0/dynamodb/NewImage/data");
        ObjectNode data = (ObjectNode)
                EnvelopeJson.mapper().readTree(dataAttribute.path("S").asText());
        data.put("bio", "x".repeat(FanOut.MAX_MESSAGE_BYTES));
        dataAttribute.put("S", EnvelopeJson.mapper().writeValueAsString(data));

        JsonNode response = invoke(fanOut, event);

        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(posted).isEmpty();
    }

    @Test
    void fanOutWithoutRecipientsSucceeds() throws Exception {
        JsonNode response = invoke(fanOut, fixture("streams/identity/user_created.json"));

        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(posted).isEmpty();
    }

    // --- plumbing ---------------------------------------------------------------------------------------------------

    private static void managementApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            String prefix = "/" + STAGE + "/@connections/";
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(prefix)) {
                respond(exchange, 404, "{\"message\":\"Not Found\"}", null);
                return;
            }
            String connectionId = path.substring(prefix.length());
            CountDownLatch latch = inFlight;
            if (latch != null) {
                latch.countDown();
                if (!awaitQuietly(latch)) {
                    respond(exchange, 500, "{\"message\":\"posts were not parallel\"}", "InternalServerErrorException");
                    return;
                }
            }
            posted.computeIfAbsent(connectionId, id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(new String(body, StandardCharsets.UTF_8));
            if (gone.contains(connectionId)) {
                respond(exchange, 410, "{\"message\":null}", "GoneException");
            } else if (failing.contains(connectionId)) {
                respond(exchange, 500, "{\"message\":\"Internal server error\"}", "InternalServerErrorException");
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void respond(HttpExchange exchange, int status, String body, String errorType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static JsonNode invoke(FunctionInvoker invoker, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in =
                new java.io.ByteArrayInputStream(EnvelopeJson.mapper().writeValueAsBytes(event))) {
            invoker.handleRequest(in, out, null);
        }
        return EnvelopeJson.mapper().readTree(out.toByteArray());
    }

    private static ObjectNode fixture(String name) throws IOException {
        return (ObjectNode) EnvelopeJson.mapper().readTree(Files.readAllBytes(EVENTS.resolve(name)));
    }

    /** The fixture's token cannot stay valid: put a freshly issued one where API Gateway puts the query value. */
    private static void withToken(ObjectNode event, String token) {
        ((ObjectNode) event.path("queryStringParameters")).put("token", token);
        ((ObjectNode) event.path("multiValueQueryStringParameters"))
                .putArray("token")
                .add(token);
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return EnvelopeJson.mapper().readTree(response.path("body").asText());
    }

    private static void assertTablesEmpty() {
        assertThat(dynamoDb.scan(b -> b.tableName(CONNECTIONS)).items()).isEmpty();
        assertThat(dynamoDb.scan(b -> b.tableName(SUBSCRIPTIONS)).items()).isEmpty();
    }

    private static void createTables() {
        dynamoDb.createTable(b -> b.tableName(CONNECTIONS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("connectionId"), attribute("userId"))
                .keySchema(key("connectionId", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(ConnectionStore.BY_USER)
                        .keySchema(key("userId", KeyType.HASH))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.ALL)
                                .build())
                        .build()));
        dynamoDb.createTable(b -> b.tableName(SUBSCRIPTIONS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("prefix"), attribute("sk"), attribute("connectionId"))
                .keySchema(key("prefix", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(SubscriptionStore.BY_CONNECTION)
                        .keySchema(key("connectionId", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.ALL)
                                .build())
                        .build()));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
