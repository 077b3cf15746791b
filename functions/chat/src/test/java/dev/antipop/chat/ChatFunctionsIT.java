package dev.antipop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The chat functions through the entry point Lambda uses ({@link FunctionInvoker} with the definition the template
 * sets), fed the fixtures in {@code events/}, against Antipop's DynamoDB engine in-process. The processor is fed
 * DynamoDB Streams events built from the events table's items, as the event source mapping would deliver them.
 */
class ChatFunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("../../events");
    private static final String KEYS =
            "k1:" + Base64.getUrlEncoder().encodeToString(new byte[32]).replace("=", "");

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
        ChatTables.create(dynamoDb);
        Map<String, String> env = new HashMap<>(ChatTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", ChatFunctions.class.getName());
        env.put("JWT_KEYS", KEYS);
        env.put("JWT_ACTIVE_KID", "k1");
        env.put("NODE_ID", "11");
        env.put("org.springframework.boot.logging.LoggingSystem", "none");
        env.forEach(System::setProperty);
        tokens = new AccessTokens(
                JwtKeys.parse(KEYS, "k1"), "antipop", "antipop", Duration.ofMinutes(15), Clock.systemUTC());
    }

    @AfterAll
    static void closeClient() {
        dynamoDb.close();
    }

    @Test
    void aServerItsInviteAChannelAndItsHistoryWithEditsAndDeletes() throws IOException {
        String owner = "500000000000000001";
        String ada = "500000000000000002";
        String bob = "500000000000000003";

        String serverStream = accepted(command("create-server", owner, "{\"name\":\"Sovran\"}"));
        String serverId = serverStream.substring("server-".length());
        project(serverStream);

        String channelStream =
                accepted(command("create-channel", owner, "{\"serverId\":\"" + serverId + "\",\"name\":\"general\"}"));
        String channelId = channelStream.substring("channel-".length());

        accepted(command("create-server-invite", owner, "{\"serverId\":\"" + serverId + "\"}"));
        Map<String, AttributeValue> invite = events(serverStream).getLast();
        assertThat(invite.get("type").s()).isEqualTo("chat.server_invite_created");
        assertThat(invite.get("topic").s()).as("to its creator only").isEqualTo("user." + owner + ".chat");
        String code = JSON.readTree(invite.get("data").s()).get("inviteCode").asText();

        JsonNode join = command("join-server", ada, "{\"inviteCode\":\"" + code + "\"}");
        assertThat(accepted(join)).isEqualTo(serverStream);
        assertThat(status(command("join-server", bob, "{\"inviteCode\":\"Nope234567\"}")))
                .isEqualTo(404);
        project(serverStream);

        String base = "{\"serverId\":\"" + serverId + "\",\"channelId\":\"" + channelId + "\"";
        for (String text : List.of("one", "two", "three", "four")) {
            accepted(command("post-message", ada, base + ",\"text\":\"" + text + "\"}"));
        }
        assertThat(status(command("post-message", bob, base + ",\"text\":\"not a member\"}")))
                .isEqualTo(403);
        List<String> ids = new ArrayList<>();
        for (Map<String, AttributeValue> event : events(channelStream)) {
            if (event.get("type").s().equals("chat.message_posted")) {
                ids.add(JSON.readTree(event.get("data").s()).get("messageId").asText());
            }
        }
        accepted(command("edit-message", ada, base + ",\"messageId\":\"" + ids.get(1) + "\",\"text\":\"TWO\"}"));
        assertThat(status(command("delete-message", bob, base + ",\"messageId\":\"" + ids.get(2) + "\"}")))
                .isEqualTo(403);
        JsonNode deleted = command("delete-message", owner, base + ",\"messageId\":\"" + ids.get(2) + "\"}");
        String position =
                channelStream + ":" + body(deleted).at("/position/version").asLong();
        project(channelStream);

        JsonNode newest = list(ada, channelId, "limit=3&position=" + position);
        assertThat(newest.get("messages").findValuesAsText("messageId"))
                .containsExactly(ids.get(3), ids.get(2), ids.get(1));
        assertThat(newest.get("messages").get(1).get("deleted").asBoolean()).isTrue();
        assertThat(newest.get("messages").get(1).get("text").isNull()).isTrue();
        assertThat(newest.get("messages").get(1).get("deletedBy").asText()).isEqualTo(owner);
        assertThat(newest.get("messages").get(2).get("text").asText()).isEqualTo("TWO");
        assertThat(newest.get("messages").get(2).has("editedAt")).isTrue();
        assertThat(newest.get("before").asText()).isEqualTo(ids.get(1));

        JsonNode older = list(ada, channelId, "limit=3&before=" + ids.get(1));
        assertThat(older.get("messages").findValuesAsText("text")).containsExactly("one");
        assertThat(older.get("before").isNull()).isTrue();

        JsonNode forbidden = invoke("listChannelMessages", listEvent(bob, channelId, ""));
        assertThat(forbidden.get("statusCode").asInt()).isEqualTo(403);
        JsonNode badBefore = invoke("listChannelMessages", listEvent(ada, channelId, "before=abc"));
        assertThat(badBefore.get("statusCode").asInt()).isEqualTo(400);
        JsonNode missing = invoke("listChannelMessages", listEvent(ada, "1234", ""));
        assertThat(missing.get("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void aKickedMemberLosesTheMembershipAndCannotPost() throws IOException {
        String owner = "500000000000000011";
        String ada = "500000000000000012";
        String serverStream = accepted(command("create-server", owner, "{\"name\":\"Kicks\"}"));
        String serverId = serverStream.substring("server-".length());
        project(serverStream);
        String channelStream =
                accepted(command("create-channel", owner, "{\"serverId\":\"" + serverId + "\",\"name\":\"general\"}"));
        accepted(command("create-server-invite", owner, "{\"serverId\":\"" + serverId + "\"}"));
        String code = JSON.readTree(events(serverStream).getLast().get("data").s())
                .get("inviteCode")
                .asText();
        accepted(command("join-server", ada, "{\"inviteCode\":\"" + code + "\"}"));
        project(serverStream);
        String post = "{\"serverId\":\"" + serverId + "\",\"channelId\":\""
                + channelStream.substring("channel-".length()) + "\",\"text\":\"hi\"}";
        accepted(command("post-message", ada, post));

        accepted(command("kick-member", owner, "{\"serverId\":\"" + serverId + "\",\"userId\":\"" + ada + "\"}"));
        project(serverStream);

        assertThat(status(command("post-message", ada, post))).isEqualTo(403);
        assertThat(status(command("leave-server", owner, "{\"serverId\":\"" + serverId + "\"}")))
                .as("the owner cannot leave")
                .isEqualTo(409);
    }

    @Test
    void aDirectMessageIsOneCopyOnEachUsersTopic() throws IOException {
        String ada = "500000000000000021";
        String bob = "500000000000000022";
        String stream =
                accepted(command("send-direct-message", ada, "{\"toUserId\":\"" + bob + "\",\"text\":\"psst\"}"));

        assertThat(stream).isEqualTo("dm-" + ada + "-" + bob);
        assertThat(events(stream))
                .extracting(e -> e.get("topic").s())
                .containsExactly("user." + ada + ".dm.events", "user." + bob + ".dm.events");
        assertThat(status(command("send-direct-message", ada, "{\"toUserId\":\"" + ada + "\",\"text\":\"me\"}")))
                .isEqualTo(400);
        assertThat(status(command(
                        "send-direct-message",
                        ada,
                        "{\"toUserId\":\"" + bob + "\",\"text\":\"" + "x".repeat(ChatContext.MAX_TEXT + 1) + "\"}")))
                .as("over 4,000 characters")
                .isEqualTo(400);
    }

    static Stream<String> commandFixtures() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve("http/chat"))) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(f -> !f.startsWith("list-"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("commandFixtures")
    void everyCommandFixtureIsAnsweredAsAClientErrorOrAcceptedNeverAFault(String fixture) throws IOException {
        String route = fixture.substring(0, fixture.length() - ".json".length());
        String event = Files.readString(EVENTS.resolve("http/chat/" + fixture));
        JsonNode response = invoke(bean(route), withToken(event, "500000000000000031"));
        assertThat(response.get("statusCode").asInt()).as(response.toString()).isIn(202, 403, 404);
    }

    static Stream<String> streamFixtures() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve("streams/chat"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("streamFixtures")
    void theProcessorAcceptsEveryStreamFixture(String fixture) throws IOException {
        JsonNode response = invoke("chatProcessor", Files.readString(EVENTS.resolve("streams/chat/" + fixture)));
        assertThat(response.get("batchItemFailures")).as(response.toString()).isEmpty();
    }

    private static String bean(String route) {
        StringBuilder bean = new StringBuilder();
        for (String word : route.split("-")) {
            bean.append(bean.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return bean.toString();
    }

    private static JsonNode command(String route, String userId, String payload) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/chat/" + route + ".json")));
        event.put("body", "{\"payload\":" + payload + "}");
        return invoke(bean(route), withToken(event.toString(), userId));
    }

    private static int status(JsonNode response) {
        return response.get("statusCode").asInt();
    }

    /** The stream of an accepted command's position. */
    private static String accepted(JsonNode response) throws IOException {
        assertThat(status(response)).as(response.toString()).isEqualTo(202);
        return body(response).at("/position/stream").asText();
    }

    private static JsonNode list(String userId, String channelId, String query) throws IOException {
        JsonNode response = invoke("listChannelMessages", listEvent(userId, channelId, query));
        assertThat(status(response)).as(response.toString()).isEqualTo(200);
        return body(response);
    }

    private static String listEvent(String userId, String channelId, String query) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/chat/list-channel-messages.json")));
        event.put("rawQueryString", query);
        event.putObject("pathParameters").put("id", channelId);
        ObjectNode parameters = event.putObject("queryStringParameters");
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return withToken(event.toString(), userId);
    }

    private static String withToken(String event, String userId) {
        return event.replace(
                "${ACCESS_TOKEN}", tokens.issue(userId, Set.of("customer")).accessToken());
    }

    private static void project(String stream) throws IOException {
        JsonNode response = invoke("chatProcessor", StreamRecords.insertEvent("ChatEvents", events(stream)));
        assertThat(response.get("batchItemFailures")).as(response.toString()).isEmpty();
    }

    private static List<Map<String, AttributeValue>> events(String stream) {
        return dynamoDb.query(r -> r.tableName(ChatTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .consistentRead(true))
                .items();
    }

    private static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, ChatFunctionsIT::start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static synchronized FunctionInvoker start(String definition) {
        return new FunctionInvoker(definition);
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return JSON.readTree(response.get("body").asText());
    }
}
