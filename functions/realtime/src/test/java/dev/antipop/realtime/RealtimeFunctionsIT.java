package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.limit.TokenBucket;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.EventItems;
import dev.antipop.dynamodb.PresenceStore;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.extension.RegisterExtension;
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
 * fed the fixtures under {@code events/}, against Antipop's DynamoDB engine in-process and a JDK {@link HttpServer} on loopback
 * standing in for the API Gateway Management API ({@code POST /<stage>/@connections/{id}}).
 */
class RealtimeFunctionsIT {

    private static final Path FIXTURES =
            Path.of("../../events").toAbsolutePath().normalize();
    private static final String CONNECTIONS = "connections";
    private static final String SUBSCRIPTIONS = "subscriptions";
    private static final String PRESENCE = "presence";
    private static final String EVENTS = "identity-events";
    private static final int MAX_SUBSCRIPTIONS = 5;
    private static final String STAGE = "prod";
    private static final String JWT_KEYS =
            "it:" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    /** The fixtures' ids: the connecting client, the user created and the fixture connection. */
    private static final String ADMIN = "372096841015111680";

    private static final String NEW_USER = "382968476983128064";
    private static final String FIXTURE_CONNECTION = "Fq2a1cmQoAMCJ7g=";
    private static final String FIXTURE_SEQUENCE_NUMBER = "4421584500000000017450439091";

    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static DynamoDbClient dynamoDb;
    private static HttpServer managementApi;
    private static ConnectionStore connectionStore;
    private static SubscriptionStore subscriptionStore;
    private static PresenceStore presenceStore;
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

    /** Connection ids the management API was asked to DELETE. */
    private static final Set<String> deleted = ConcurrentHashMap.newKeySet();

    /**
     * When set, every post first counts down and waits (up to 10 s) for the latch to open, and answers 500 if it does
     * not: a latch of N opens only if N posts are in flight at once, which sequential posting never achieves.
     */
    private static volatile CountDownLatch inFlight;

    private static ExecutorService managementApiThreads;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        createTables();
        createProtocolTables();
        connectionStore = new ConnectionStore(dynamoDb, CONNECTIONS);
        subscriptionStore = new SubscriptionStore(dynamoDb, SUBSCRIPTIONS);
        presenceStore = new PresenceStore(dynamoDb, PRESENCE, Clock.systemUTC());
        registry = new ConnectionRegistry(connectionStore, subscriptionStore, presenceStore);

        managementApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        managementApi.createContext("/", RealtimeFunctionsIT::managementApi);
        managementApiThreads = Executors.newFixedThreadPool(64);
        managementApi.setExecutor(managementApiThreads);
        managementApi.start();

        PROPERTIES.put("MAIN_CLASS", RealtimeFunctions.class.getName());
        PROPERTIES.put("AWS_REGION", "us-east-1");
        PROPERTIES.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        PROPERTIES.put("aws.accessKeyId", "local");
        PROPERTIES.put("aws.secretAccessKey", "local");
        PROPERTIES.put("CONNECTIONS_TABLE", CONNECTIONS);
        PROPERTIES.put("SUBSCRIPTIONS_TABLE", SUBSCRIPTIONS);
        PROPERTIES.put("PRESENCE_TABLE", PRESENCE);
        PROPERTIES.put("STREAM_TOPICS", "user.{id}.events=user-{id}@" + EVENTS);
        PROPERTIES.put("WS_MAX_SUBSCRIPTIONS", Integer.toString(MAX_SUBSCRIPTIONS));
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
    }

    @BeforeEach
    void emptyTablesAndRecordings() {
        Map<String, List<String>> keys = Map.of(
                CONNECTIONS, List.of("connectionId"),
                SUBSCRIPTIONS, List.of("prefix", "sk"),
                PRESENCE, List.of("topic", "connectionId"),
                EVENTS, List.of("stream", "version"));
        for (String table : keys.keySet()) {
            List<String> keyNames = keys.get(table);
            List<WriteRequest> deletes = new ArrayList<>();
            dynamoDb.scanPaginator(b -> b.tableName(table)).items().forEach(item -> {
                Map<String, AttributeValue> key = new LinkedHashMap<>();
                keyNames.forEach(name -> key.put(name, item.get(name)));
                deletes.add(
                        WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
            });
            // BatchWriteItem takes at most 25 requests; the engine processes all of them (no UnprocessedItems).
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
        deleted.clear();
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
        // TTL attributes are epoch seconds: the expiry is kept to the second.
        assertThat(connection.expiresAt())
                .isEqualTo(connectedAt.plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
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
        registry.register(FIXTURE_CONNECTION, ADMIN, Instant.now(), Instant.now());

        JsonNode response = invoke(wsMessage, fixture("ws/message-ping.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).isEqualTo("{\"v\":1,\"op\":\"pong\",\"id\":\"c3\"}");
    }

    @Test
    void malformedJsonIsAnsweredWithAnErrorFrame() throws Exception {
        registry.register(FIXTURE_CONNECTION, ADMIN, Instant.now(), Instant.now());

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
        registry.register("ops-console", "5", Set.of("admin"), now, now); // admin: '>' covers user.*.events
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
        System.out.println("fan-out to 1000 recipients on the DynamoDB engine + loopback took " + millis + " ms");
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

    // --- sub / unsub / capabilities ---------------------------------------------------------------------------------

    @Test
    void subscriptionsWithinCapabilitiesAreAckedAndOthersRefusedWithoutStoringAnything() throws Exception {
        Instant now = Instant.now();
        registry.register("member", "7", Set.of(), now, now);
        registry.register("moderator", "8", Set.of("moderator"), now, now);
        registry.register("admin", "9", Set.of("admin"), now, now);

        assertThat(send("member", sub("s1", "chat.room.*"))).isEqualTo(ack("s1"));
        assertThat(send("member", sub("s2", "user.7.events"))).isEqualTo(ack("s2"));
        assertThat(send("moderator", sub("s3", "chat.>"))).isEqualTo(ack("s3"));
        assertThat(send("admin", sub("s4", ">"))).isEqualTo(ack("s4"));
        assertThat(send("admin", sub("s5", "user.*.>"))).isEqualTo(ack("s5"));
        for (String refused : List.of("user.*.>", "user.8.events", ">", "chat.>", "chat.*.*", "moderation.x")) {
            JsonNode reply = EnvelopeJson.mapper().readTree(send("member", sub("r", refused)));
            assertThat(reply.at("/data/code").asText()).as(refused).isEqualTo("forbidden");
            assertThat(reply.path("id").asText()).isEqualTo("r");
        }
        JsonNode invalid = EnvelopeJson.mapper().readTree(send("member", sub("i", "chat..room")));
        assertThat(invalid.at("/data/code").asText()).isEqualTo("invalid_target");

        assertThat(patterns("member")).containsExactlyInAnyOrder("user.7.>", "chat.room.*", "user.7.events");
        assertThat(patterns("moderator")).containsExactlyInAnyOrder("user.8.>", "chat.>");
        assertThat(patterns("admin")).containsExactlyInAnyOrder("user.9.>", ">", "user.*.>");

        assertThat(send("member", "{\"v\":1,\"op\":\"unsub\",\"id\":\"u1\",\"target\":\"chat.room.*\"}"))
                .isEqualTo(ack("u1"));
        assertThat(send("member", "{\"v\":1,\"op\":\"unsub\",\"id\":\"u2\",\"target\":\"never.subscribed\"}"))
                .isEqualTo(ack("u2"));
        assertThat(patterns("member")).containsExactlyInAnyOrder("user.7.>", "user.7.events");
    }

    @Test
    void theSubFixtureJoinsTheRoomAndTheUnsubFixtureLeavesIt() throws Exception {
        Instant now = Instant.now();
        registry.register(FIXTURE_CONNECTION, "7", Set.of(), now, now);

        assertThat(invoke(wsMessage, fixture("ws/message-sub.json"))
                        .path("body")
                        .asText())
                .isEqualTo(ack("c1"));
        assertThat(patterns(FIXTURE_CONNECTION)).contains("chat.room.42");
        assertThat(presenceStore.members("chat.room.42"))
                .extracting(m -> m.userId())
                .containsExactly("7");

        assertThat(invoke(wsMessage, fixture("ws/message-unsub.json"))
                        .path("body")
                        .asText())
                .isEqualTo(ack("c2"));
        assertThat(patterns(FIXTURE_CONNECTION)).containsExactly("user.7.>");
        assertThat(presenceStore.members("chat.room.42")).isEmpty();
    }

    @Test
    void aMessageFromAnUnregisteredConnectionIsUnauthorized() throws Exception {
        JsonNode reply = EnvelopeJson.mapper().readTree(send("nobody", sub("s1", "chat.room.*")));

        assertThat(reply.at("/data/code").asText()).isEqualTo("unauthorized");
        assertThat(reply.path("id").asText()).isEqualTo("s1");
        assertThat(dynamoDb.scan(b -> b.tableName(SUBSCRIPTIONS)).items()).isEmpty();
    }

    @Test
    void wildcardSubscriptionsReceiveMatchingEventsAndOnlyThose() throws Exception {
        Instant now = Instant.now();
        registry.register("rooms", "7", Set.of(), now, now);
        registry.register("everything", "9", Set.of("admin"), now, now);
        registry.register("one-room", "10", Set.of(), now, now);
        registry.register("bystander", "8", Set.of(), now, now);
        assertThat(send("rooms", sub("a", "chat.room.*"))).isEqualTo(ack("a"));
        assertThat(send("everything", sub("b", ">"))).isEqualTo(ack("b"));
        assertThat(send("one-room", sub("c", "chat.room.8"))).isEqualTo(ack("c"));

        invokeFanOut(envelope("room-7", 1, "chat.message_posted", "chat.room.7", "11"));

        assertThat(posted.keySet()).containsExactlyInAnyOrder("rooms", "everything");
        assertThat(frames("rooms")).singleElement().satisfies(frame -> {
            assertThat(frame.path("target").asText()).isEqualTo("chat.room.7");
            assertThat(frame.at("/data/stream").asText()).isEqualTo("room-7");
        });
    }

    // --- revocation -------------------------------------------------------------------------------------------------

    @Test
    void removingARoleRevokesItsSubscriptionsAndPushesCapUpdateToEveryConnectionOfTheUser() throws Exception {
        String moderator = "4100";
        ObjectNode connect = fixture("ws/connect.json");
        withToken(connect, tokens.issue(moderator, Set.of("moderator")).accessToken());
        assertThat(invoke(wsConnect, connect).path("statusCode").asInt()).isEqualTo(200);
        Instant now = Instant.now();
        registry.register("moderator-phone", moderator, Set.of("moderator"), now, now);
        assertThat(connectionStore.get(FIXTURE_CONNECTION).orElseThrow().roles())
                .containsExactly("moderator");
        assertThat(send(FIXTURE_CONNECTION, sub("a", "chat.>"))).isEqualTo(ack("a"));
        assertThat(send(FIXTURE_CONNECTION, sub("b", "chat.room.*"))).isEqualTo(ack("b"));
        assertThat(send("moderator-phone", sub("c", "moderation.>"))).isEqualTo(ack("c"));
        invokeFanOut(envelope("lobby-1", 1, "chat.message_posted", "chat.lobby.1", ADMIN));
        assertThat(posted.keySet()).containsExactly(FIXTURE_CONNECTION);
        posted.clear();

        long started = System.nanoTime();
        invokeFanOut(roleEvent(moderator, 2, Revocation.ROLE_REMOVED, "moderator"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        String expected = "{\"v\":1,\"op\":\"cap_update\",\"data\":{\"subjects\":[\"user." + moderator
                + ".>\",\"chat.room.*\",\"presence.>\",\"articles.*\",\"catalog.product.*\",\"kv.todos.user."
                + moderator
                + ".>\",\"kv.settings.user." + moderator + ".>\"]}}";
        for (String connection : List.of(FIXTURE_CONNECTION, "moderator-phone")) {
            assertThat(posted.get(connection)).as(connection).hasSize(2); // cap_update, then the role event itself
            assertThat(posted.get(connection).get(0)).isEqualTo(expected);
            assertThat(frames(connection).get(1).at("/data/type").asText()).isEqualTo(Revocation.ROLE_REMOVED);
            assertThat(connectionStore.get(connection).orElseThrow().roles()).isEmpty();
        }
        assertThat(patterns(FIXTURE_CONNECTION)).containsExactlyInAnyOrder("user." + moderator + ".>", "chat.room.*");
        assertThat(patterns("moderator-phone")).containsExactly("user." + moderator + ".>");
        System.out.println("role removal → cap_update on 2 connections took " + millis + " ms (fan-out invocation)");

        posted.clear();
        invokeFanOut(envelope("lobby-1", 2, "chat.message_posted", "chat.lobby.1", ADMIN));
        invokeFanOut(envelope("moderation-1", 1, "moderation.case_opened", "moderation.case.1", ADMIN));
        assertThat(posted).isEmpty();
        invokeFanOut(envelope("room-3", 1, "chat.message_posted", "chat.room.3", ADMIN));
        assertThat(posted.keySet()).containsExactly(FIXTURE_CONNECTION);

        // Redelivery of the same role event changes nothing but repeats the cap_update.
        posted.clear();
        invokeFanOut(roleEvent(moderator, 2, Revocation.ROLE_REMOVED, "moderator"));
        assertThat(posted.get(FIXTURE_CONNECTION).get(0)).isEqualTo(expected);
        assertThat(patterns(FIXTURE_CONNECTION)).containsExactlyInAnyOrder("user." + moderator + ".>", "chat.room.*");
    }

    @Test
    void removingAdminRevokesAUserWideSubscriptionAndAddingARoleWidensTheCapabilities() throws Exception {
        Instant now = Instant.now();
        registry.register("ops", "5", Set.of("admin"), now, now);
        assertThat(send("ops", sub("a", "user.*.>"))).isEqualTo(ack("a"));

        invokeFanOut(roleEvent("5", 3, Revocation.ROLE_REMOVED, "admin"));

        assertThat(patterns("ops")).containsExactly("user.5.>");
        assertThat(posted.get("ops").get(0)).contains("\"op\":\"cap_update\"").doesNotContain("\">\"");
        posted.clear();
        invokeFanOut(envelope("user-6", 1, "identity.profile_updated", "user.6.events", "6"));
        assertThat(posted).isEmpty();

        invokeFanOut(roleEvent("5", 4, Revocation.ROLE_ADDED, "moderator"));

        assertThat(frames("ops").get(0).at("/data/subjects"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "user.5.>",
                        "chat.room.*",
                        "presence.>",
                        "articles.*",
                        "catalog.product.*",
                        "kv.todos.user.5.>",
                        "kv.settings.user.5.>",
                        "chat.>",
                        "moderation.>");
        assertThat(connectionStore.get("ops").orElseThrow().roles()).containsExactly("moderator");
        assertThat(send("ops", sub("b", "chat.>"))).isEqualTo(ack("b"));
    }

    @Test
    void aSubscriptionThatSlippedPastARevocationIsNotServedAndIsDeleted() throws Exception {
        Instant now = Instant.now();
        registry.register("member", "7", Set.of(), now, now);
        // As if the sub had been checked against roles that a concurrent revocation removed.
        subscriptionStore.put(new Subscription("member", "7", SubjectPattern.parse("chat.>"), now));

        invokeFanOut(envelope("lobby-1", 1, "chat.message_posted", "chat.lobby.1", ADMIN));

        assertThat(posted).isEmpty();
        assertThat(patterns("member")).containsExactly("user.7.>");
    }

    // --- resume -----------------------------------------------------------------------------------------------------

    @Test
    void resumeReplaysExactlyTheMissingVersionsBeforeTheAckThenLiveEventsFollowWithoutGap() throws Exception {
        String stream = "user-" + NEW_USER;
        for (int version = 1; version <= 4; version++) {
            append(envelope(stream, version, "identity.profile_updated", "user." + NEW_USER + ".events", NEW_USER));
        }
        Instant now = Instant.now();
        registry.register(FIXTURE_CONNECTION, NEW_USER, Set.of(), now, now);

        JsonNode response = invoke(wsMessage, fixture("ws/message-sub-resume.json")); // start_seq 2

        // The replay was posted during the invocation; the ack is the route response, sent when it returns.
        assertThat(response.path("body").asText())
                .isEqualTo("{\"v\":1,\"op\":\"ack\",\"id\":\"c5\",\"data\":{\"replayed\":3}}");
        assertThat(frames(FIXTURE_CONNECTION))
                .extracting(f -> f.at("/data/version").asLong())
                .containsExactly(2L, 3L, 4L);
        assertThat(frames(FIXTURE_CONNECTION)).allSatisfy(f -> {
            assertThat(f.path("op").asText()).isEqualTo("event");
            assertThat(f.path("target").asText()).isEqualTo("user." + NEW_USER + ".events");
        });

        // Version 4 was appended before the sub but fanned out after it (the seam), then version 5 arrives live.
        EventEnvelope five = envelope(stream, 5, "identity.profile_updated", "user." + NEW_USER + ".events", NEW_USER);
        append(five);
        invokeFanOut(envelope(stream, 4, "identity.profile_updated", "user." + NEW_USER + ".events", NEW_USER));
        invokeFanOut(five);

        List<Long> received = frames(FIXTURE_CONNECTION).stream()
                .map(f -> f.at("/data/version").asLong())
                .toList();
        assertThat(received).containsExactly(2L, 3L, 4L, 4L, 5L); // one duplicate at the seam, no gap
        assertThat(new java.util.TreeSet<>(received)).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void resumeRefusesPositionsOutsideTheStreamAndTargetsWithoutOne() throws Exception {
        String stream = "user-" + NEW_USER;
        append(envelope(stream, 1, "identity.user_created", "user." + NEW_USER + ".events", ADMIN)
                .withData(EnvelopeJson.mapper()
                        .createObjectNode()
                        .put("userId", NEW_USER)
                        .put("passwordHash", "$argon2id$v=19$secret")));
        append(envelope(stream, 2, "identity.profile_updated", "user." + NEW_USER + ".events", NEW_USER));
        Instant now = Instant.now();
        registry.register("tab", NEW_USER, Set.of(), now, now);
        String target = "user." + NEW_USER + ".events";

        for (String startSeq : List.of("0", "-3", "4")) {
            JsonNode reply = EnvelopeJson.mapper().readTree(send("tab", resume("r", target, startSeq)));
            assertThat(reply.at("/data/code").asText()).as(startSeq).isEqualTo("position_unavailable");
        }
        JsonNode noStream = EnvelopeJson.mapper().readTree(send("tab", resume("r", "chat.room.1", "1")));
        assertThat(noStream.at("/data/code").asText()).isEqualTo("position_unavailable");
        assertThat(patterns("tab")).containsExactly("user." + NEW_USER + ".>");
        assertThat(posted).isEmpty();

        assertThat(send("tab", resume("h", target, "3")))
                .isEqualTo("{\"v\":1,\"op\":\"ack\",\"id\":\"h\",\"data\":{\"replayed\":0}}");
        assertThat(send("tab", resume("all", target, "1")))
                .isEqualTo("{\"v\":1,\"op\":\"ack\",\"id\":\"all\",\"data\":{\"replayed\":2}}");
        assertThat(posted.get("tab").get(0)).contains("identity.user_created").doesNotContain("passwordHash");
    }

    // --- presence ---------------------------------------------------------------------------------------------------

    @Test
    void presenceJoinLeaveAndMembersReachThePresenceSubscribers() throws Exception {
        Instant now = Instant.now();
        registry.register("watcher", "8", Set.of(), now, now);
        registry.register(FIXTURE_CONNECTION, "7", Set.of(), now, now);
        assertThat(send("watcher", sub("w", "presence.chat.room.*"))).isEqualTo(ack("w"));

        invoke(wsMessage, fixture("ws/message-sub.json"));

        String joined = "{\"v\":1,\"op\":\"event\",\"target\":\"presence.chat.room.42\",\"data\":"
                + "{\"type\":\"presence.joined\",\"userId\":\"7\",\"topic\":\"chat.room.42\"}}";
        assertThat(posted.get("watcher")).containsExactly(joined);
        JsonNode members = body(invoke(wsMessage, fixture("ws/message-presence.json")));
        assertThat(members.path("op").asText()).isEqualTo("presence");
        assertThat(members.path("id").asText()).isEqualTo("c4");
        assertThat(members.path("target").asText()).isEqualTo("chat.room.42");
        assertThat(members.at("/data/members")).singleElement().satisfies(m -> {
            assertThat(m.path("userId").asText()).isEqualTo("7");
            assertThat(Instant.parse(m.path("joinedAt").asText())).isAfterOrEqualTo(now.minusSeconds(1));
        });

        invoke(wsMessage, fixture("ws/message-unsub.json"));

        String left = joined.replace("presence.joined", "presence.left");
        assertThat(posted.get("watcher")).containsExactly(joined, left);
        assertThat(body(invoke(wsMessage, fixture("ws/message-presence.json"))).at("/data/members"))
                .isEmpty();

        invoke(wsMessage, fixture("ws/message-sub.json"));
        invoke(wsDisconnect, fixture("ws/disconnect.json"));

        assertThat(posted.get("watcher")).containsExactly(joined, left, joined, left);
        assertThat(presenceStore.members("chat.room.42")).isEmpty();
        assertThat(dynamoDb.scan(b -> b.tableName(PRESENCE)).items()).isEmpty();
    }

    // --- limits -----------------------------------------------------------------------------------------------------

    @Test
    void aMessageOverTheRateIsRefusedAndNotProcessed() throws Exception {
        Instant now = Instant.now();
        registry.register("chatty", "7", Set.of(), now, now);
        dynamoDb.updateItem(b -> b.tableName(CONNECTIONS)
                .key(Map.of("connectionId", AttributeValue.fromS("chatty")))
                .updateExpression("SET rateTokens = :t, rateAt = :a, rateVersion = :v")
                .expressionAttributeValues(Map.of(
                        ":t", AttributeValue.fromN("0"),
                        ":a", AttributeValue.fromN(Long.toString(System.currentTimeMillis() + 60_000)),
                        ":v", AttributeValue.fromN("7"))));

        JsonNode reply = EnvelopeJson.mapper().readTree(send("chatty", sub("s1", "chat.room.*")));

        assertThat(reply.at("/data/code").asText()).isEqualTo("rate_limited");
        assertThat(reply.path("id").asText()).isEqualTo("s1");
        assertThat(patterns("chatty")).containsExactly("user.7.>");
    }

    @Test
    void concurrentEnvironmentsShareOneBucketWithoutLosingUpdates() throws Exception {
        Instant now = Instant.now();
        registry.register("shared", "7", Set.of(), now, now);
        // A frozen clock refills nothing, so exactly the burst is available however the requests interleave.
        ConnectionStore frozen = new ConnectionStore(dynamoDb, CONNECTIONS, Clock.fixed(now, java.time.ZoneOffset.UTC));
        TokenBucket bucket = new TokenBucket(20, 40);
        ExecutorService environments = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> admissions = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                admissions.add(
                        environments.submit(() -> frozen.admit("shared", bucket).admitted()));
            }
            int admitted = 0;
            for (Future<Boolean> admission : admissions) {
                admitted += admission.get() ? 1 : 0;
            }
            double tokensLeft = Double.parseDouble(dynamoDb.getItem(b -> b.tableName(CONNECTIONS)
                            .key(Map.of("connectionId", AttributeValue.fromS("shared")))
                            .consistentRead(true))
                    .item()
                    .get("rateTokens")
                    .n());
            assertThat(admitted).isBetween(1, 40);
            assertThat(tokensLeft).isEqualTo(40.0 - admitted); // every admission took exactly one token
        } finally {
            environments.shutdownNow();
        }
    }

    @Test
    void aSubBeyondTheCapIsRefusedButResubscribingIsNot() throws Exception {
        Instant now = Instant.now();
        registry.register("greedy", "7", Set.of(), now, now); // the implicit subscription counts
        for (int room = 1; room < MAX_SUBSCRIPTIONS; room++) {
            assertThat(send("greedy", sub("s" + room, "chat.room." + room))).isEqualTo(ack("s" + room));
        }

        JsonNode reply = EnvelopeJson.mapper().readTree(send("greedy", sub("over", "chat.room.99")));

        assertThat(reply.at("/data/code").asText()).isEqualTo("limit_exceeded");
        assertThat(send("greedy", sub("again", "chat.room.1"))).isEqualTo(ack("again"));
        assertThat(patterns("greedy")).hasSize(MAX_SUBSCRIPTIONS).doesNotContain("chat.room.99");
    }

    @Test
    void aConnectionWhosePushesFailThreeTimesInARowIsDropped() throws Exception {
        Instant now = Instant.now();
        registry.register("flaky", NEW_USER, Set.of(), now, now);
        registry.register("fine", NEW_USER, Set.of(), now, now);
        failing.add("flaky");

        for (int attempt = 1; attempt <= 2; attempt++) {
            JsonNode response = invoke(fanOut, fixture("streams/identity/user_created.json"));
            assertThat(response.path("batchItemFailures"))
                    .as("attempt %d", attempt)
                    .hasSize(1);
            assertThat(connectionStore.get("flaky")).isPresent();
        }
        JsonNode third = invoke(fanOut, fixture("streams/identity/user_created.json"));

        assertThat(third.path("batchItemFailures")).isEmpty();
        // Each failing post is an SDK call with its own retries: at least three attempts reached the API.
        assertThat(posted.get("flaky")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(deleted).containsExactly("flaky");
        assertThat(connectionStore.get("flaky")).isEmpty();
        assertThat(subscriptionStore.findByConnection("flaky")).isEmpty();
        assertThat(connectionStore.get("fine")).isPresent();
    }

    @Test
    void aSuccessfulPushResetsTheConsecutiveFailureCount() throws Exception {
        Instant now = Instant.now();
        registry.register("wobbly", NEW_USER, Set.of(), now, now);
        failing.add("wobbly");
        invoke(fanOut, fixture("streams/identity/user_created.json"));
        invoke(fanOut, fixture("streams/identity/user_created.json"));
        assertThat(connectionStore.get("wobbly").orElseThrow().postFailures()).isEqualTo(2);

        failing.clear();
        invoke(fanOut, fixture("streams/identity/user_created.json"));
        failing.add("wobbly");
        invoke(fanOut, fixture("streams/identity/user_created.json"));

        assertThat(connectionStore.get("wobbly").orElseThrow().postFailures()).isEqualTo(1);
        assertThat(deleted).isEmpty();
    }

    @Test
    void findingTheRecipientsOfAnEventCostsOneQueryPerTokenPlusOneHoweverManySubscriptionsExist() throws Exception {
        Instant now = Instant.now();
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String connectionId = "c" + i;
            connectionStore.put(ConnectionStore.Connection.opened(connectionId, "u" + i, now));
            String pattern = switch (i % 4) {
                case 0 -> "chat.room." + i;
                case 1 -> "chat.room.*";
                case 2 -> "chat.>";
                default -> "other." + i + ".>";
            };
            subscriptions.add(new Subscription(connectionId, "u" + i, SubjectPattern.parse(pattern), now));
        }
        ExecutorService setup = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            subscriptions.forEach(s -> puts.add(setup.submit(() -> subscriptionStore.put(s))));
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            setup.shutdownNow();
        }
        try (var client =
                        software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient.builder()
                                .endpointOverride(URI.create(PROPERTIES.get("WEBSOCKET_MANAGEMENT_ENDPOINT")))
                                .region(Region.US_EAST_1)
                                .credentialsProvider(
                                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                                .httpClient(UrlConnectionHttpClient.create())
                                .build();
                Delivery delivery = new Delivery(registry, client, Capabilities.defaults(), 16, 3)) {

            Delivery.Report report = delivery.publish(
                    dev.antipop.core.subject.Subject.parse("chat.room.8"), "{}".getBytes(StandardCharsets.UTF_8), null);

            assertThat(report.subscriptionQueries()).isEqualTo(4); // "", chat, chat.room, chat.room.8
            // chat.room.* (75), chat.> (75) and chat.room.8 (1) match; chat.room.8 is deliverable to every user.
            assertThat(report.recipients()).isEqualTo(151);
            assertThat(report.denied()).isZero();
            assertThat(report.connectionReads()).isEqualTo(2); // 151 connections, 100 per BatchGetItem
            System.out.println("recipients of chat.room.8 among 300 subscriptions: " + report.subscriptionQueries()
                    + " subscription queries, " + report.connectionReads() + " connection reads");
        }
    }

    @Test
    void theEventsOfABatchOnOneTopicReadTheirRecipientsOnce() throws Exception {
        Instant now = Instant.now();
        for (String id : List.of("batch-a", "batch-b", "batch-c")) {
            registry.register(id, "70" + id.charAt(6), Set.of(), now, now);
            assertThat(send(id, sub("s", "chat.room.9"))).isEqualTo(ack("s"));
        }
        EventEnvelope[] batch = new EventEnvelope[5];
        for (int v = 1; v <= batch.length; v++) {
            batch[v - 1] = envelope("room-9", v, "chat.message_posted", "chat.room.9", ADMIN);
        }
        var before = engine.engine().requestCounts();

        invokeFanOut(batch);

        var after = engine.engine().requestCounts();
        for (String id : List.of("batch-a", "batch-b", "batch-c")) {
            assertThat(frames(id))
                    .extracting(f -> f.at("/data/version").asLong())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        // One lookup ("", chat, chat.room, chat.room.9) and one Query of the author's connections for five events,
        // and one BatchGetItem of the three connections.
        assertThat(after.getOrDefault("Query", 0L) - before.getOrDefault("Query", 0L))
                .isEqualTo(5);
        assertThat(after.getOrDefault("BatchGetItem", 0L) - before.getOrDefault("BatchGetItem", 0L))
                .isEqualTo(1);
    }

    @Test
    void aRoleRemovedInsideABatchStopsTheBatchsLaterEventsAtOnce() throws Exception {
        String moderator = "4200";
        Instant now = Instant.now();
        registry.register("mod-desk", moderator, Set.of("moderator"), now, now);
        assertThat(send("mod-desk", sub("a", "chat.>"))).isEqualTo(ack("a"));
        // One stream, in version order: a message the moderator may see, the removal of the role, another message.
        EventEnvelope before = lobbyMessage(moderator, 1, now);
        EventEnvelope removal = roleEvent(moderator, 2, Revocation.ROLE_REMOVED, "moderator");
        EventEnvelope after = lobbyMessage(moderator, 3, now);

        invokeFanOut(before, removal, after);

        List<String> seen = frames("mod-desk").stream()
                .map(f -> f.path("op").asText() + ":" + f.at("/data/version").asText())
                .toList();
        // The first message, cap_update, the role event on the user's own topic; never the third event.
        assertThat(seen).containsExactly("event:1", "cap_update:", "event:2");
    }

    /** A message on {@code chat.lobby.5}, appended to the user's own stream at {@code version}. */
    private static EventEnvelope lobbyMessage(String userId, long version, Instant at) {
        return new EventEnvelope(
                Long.toString(7_000_000 + version),
                "chat.message_posted",
                "user-" + userId,
                version,
                "chat.lobby.5",
                at,
                EnvelopeJson.mapper().createObjectNode(),
                new EventMeta(ADMIN, null, null, null));
    }

    // --- plumbing ---------------------------------------------------------------------------------------------------

    private static String sub(String id, String target) {
        return "{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + target + "\"}";
    }

    private static String resume(String id, String target, String startSeq) {
        return "{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + target + "\",\"data\":{\"start_seq\":"
                + startSeq + "}}";
    }

    private static String ack(String id) {
        return "{\"v\":1,\"op\":\"ack\",\"id\":\"" + id + "\"}";
    }

    /** Sends one message on a connection through {@code wsMessage}; returns the reply frame's text. */
    private static String send(String connectionId, String message) throws IOException {
        ObjectNode event = fixture("ws/message-ping.json");
        ((ObjectNode) event.path("requestContext")).put("connectionId", connectionId);
        event.put("body", message);
        JsonNode response = invoke(wsMessage, event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        return response.path("body").asText();
    }

    private static List<String> patterns(String connectionId) {
        return subscriptionStore.findByConnection(connectionId).stream()
                .map(s -> s.pattern().value())
                .toList();
    }

    private static List<JsonNode> frames(String connectionId) {
        List<JsonNode> frames = new ArrayList<>();
        for (String body : posted.getOrDefault(connectionId, List.of())) {
            try {
                frames.add(EnvelopeJson.mapper().readTree(body));
            } catch (IOException e) {
                throw new AssertionError("Posted body is not JSON: " + body, e);
            }
        }
        return frames;
    }

    private static EventEnvelope envelope(String stream, long version, String type, String topic, String userId) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode().put("n", version);
        return new EventEnvelope(
                Long.toString(9_000_000 + version),
                type,
                stream,
                version,
                topic,
                Instant.parse("2026-11-22T19:00:00Z").plusSeconds(version),
                data,
                new EventMeta(userId, null, null, null));
    }

    private static EventEnvelope roleEvent(String userId, long version, String type, String role) {
        ObjectNode data =
                EnvelopeJson.mapper().createObjectNode().put("userId", userId).put("role", role);
        return new EventEnvelope(
                Long.toString(8_000_000 + version),
                type,
                "user-" + userId,
                version,
                "user." + userId + ".events",
                Instant.parse("2026-11-22T19:00:00Z"),
                data,
                new EventMeta(ADMIN, null, null, null));
    }

    private static void append(EventEnvelope event) {
        dynamoDb.putItem(b -> b.tableName(EVENTS).item(EventItems.toItem(event)));
    }

    /**
     * Feeds the events to {@code fanOut} as one batch of DynamoDB Streams records of their items, and expects no
     * failure.
     */
    private static void invokeFanOut(EventEnvelope... events) throws IOException {
        ObjectNode streamEvent = fixture("streams/identity/user_created.json");
        ObjectNode template = (ObjectNode) streamEvent.path("Records").get(0);
        var records = streamEvent.putArray("Records");
        for (int i = 0; i < events.length; i++) {
            ObjectNode record = template.deepCopy();
            ObjectNode image = EnvelopeJson.mapper().createObjectNode();
            EventItems.toItem(events[i]).forEach((name, value) -> {
                if (value.s() != null) {
                    image.putObject(name).put("S", value.s());
                } else {
                    image.putObject(name).put("N", value.n());
                }
            });
            ObjectNode dynamodb = (ObjectNode) record.path("dynamodb");
            dynamodb.set("NewImage", image);
            dynamodb.putObject("Keys").setAll(Map.of("stream", image.get("stream"), "version", image.get("version")));
            dynamodb.put("SequenceNumber", FIXTURE_SEQUENCE_NUMBER + i);
            records.add(record);
        }
        JsonNode response = invoke(fanOut, streamEvent);
        assertThat(response.path("batchItemFailures")).isEmpty();
    }

    private static void managementApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            String prefix = "/" + STAGE + "/@connections/";
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("DELETE".equals(exchange.getRequestMethod()) && path.startsWith(prefix)) {
                deleted.add(path.substring(prefix.length()));
                exchange.sendResponseHeaders(204, -1);
                return;
            }
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
        return (ObjectNode) EnvelopeJson.mapper().readTree(Files.readAllBytes(FIXTURES.resolve(name)));
    }

    /** The fixture's token cannot stay valid: put a freshly issued one where API Gateway puts the query value. */
    /**
     * Puts a fresh token in the connect fixture and stamps its connect time now: API Gateway sends the current time,
     * and a connection is stored as expiring two hours after it (a fixed fixture time would expire the test).
     */
    private static void withToken(ObjectNode event, String token) {
        long now = System.currentTimeMillis();
        ((ObjectNode) event.path("requestContext")).put("connectedAt", now);
        ((ObjectNode) event.path("requestContext")).put("requestTimeEpoch", now);
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

    private static void createProtocolTables() {
        dynamoDb.createTable(b -> b.tableName(PRESENCE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("topic"), attribute("connectionId"))
                .keySchema(key("topic", KeyType.HASH), key("connectionId", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(PresenceStore.BY_CONNECTION)
                        .keySchema(key("connectionId", KeyType.HASH), key("topic", KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.ALL)
                                .build())
                        .build()));
        dynamoDb.createTable(b -> b.tableName(EVENTS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("stream"),
                        AttributeDefinition.builder()
                                .attributeName("version")
                                .attributeType(ScalarAttributeType.N)
                                .build())
                .keySchema(key("stream", KeyType.HASH), key("version", KeyType.RANGE)));
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
}
