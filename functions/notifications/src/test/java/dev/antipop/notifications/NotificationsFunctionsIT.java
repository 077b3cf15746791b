package dev.antipop.notifications;

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

/**
 * The notifications functions through the entry point Lambda uses ({@link FunctionInvoker} with the definition the
 * template sets), fed the fixtures in {@code events/}, against Antipop's DynamoDB engine in-process. The processor is
 * fed DynamoDB Streams events built from the events table's items, as the event source mapping would deliver them.
 */
class NotificationsFunctionsIT {

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
        NotificationsTables.create(dynamoDb);
        Map<String, String> env = new HashMap<>(NotificationsTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", NotificationsFunctions.class.getName());
        env.put("JWT_KEYS", KEYS);
        env.put("JWT_ACTIVE_KID", "k1");
        env.put("NODE_ID", "9");
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
    void aPolicyThatRunsTwiceCreatesOneNotification() throws IOException {
        String ada = "500000000000000001";
        ObjectNode request = createRequest(ada, "600000000000000001", "You were given the role moderator");

        JsonNode first = invoke("createNotification", request.toString());
        JsonNode again = invoke("createNotification", request.toString());

        assertThat(first.get("ok").asBoolean()).as(first.toString()).isTrue();
        assertThat(again.get("ok").asBoolean()).as(again.toString()).isTrue();
        assertThat(again.get("stream").asText()).isEqualTo(first.get("stream").asText());
        assertThat(again.get("version").asLong()).isEqualTo(1);
        assertThat(events(first.get("stream").asText())).hasSize(1);

        // The same record delivered twice (a retried batch) projects once.
        project(first.get("stream").asText());
        project(first.get("stream").asText());
        JsonNode list = list(ada, "");
        assertThat(list.get("notifications")).hasSize(1);
        assertThat(list.get("unread").asInt()).isEqualTo(1);
        JsonNode item = list.get("notifications").get(0);
        assertThat(item.get("kind").asText()).isEqualTo("role_added");
        assertThat(item.get("sourceEventId").asText()).isEqualTo("600000000000000001");
        assertThat(item.get("data").get("role").asText()).isEqualTo("moderator");
        assertThat(item.get("read").asBoolean()).isFalse();

        // The stored event is what fan-out pushes on the recipient's topic.
        Map<String, AttributeValue> event = events(first.get("stream").asText()).getFirst();
        assertThat(event.get("type").s()).isEqualTo("notifications.notification_created");
        assertThat(event.get("topic").s()).isEqualTo("user." + ada + ".notifications");
        assertThat(JSON.readTree(event.get("data").s()).fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("notificationId", "userId", "kind", "sourceEventId", "title", "data");
    }

    @Test
    void theInvokeFixtureIsAccepted() throws IOException {
        JsonNode answer = invoke(
                "createNotification",
                Files.readString(EVENTS.resolve("invoke/notifications/create-notification.json")));
        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
    }

    @Test
    void aRejectedCreateIsAnAnswerNotAFault() throws IOException {
        ObjectNode request = createRequest("500000000000000009", "600000000000000009", "x");
        ((ObjectNode) request.get("input")).put("kind", "Not Snake");
        JsonNode answer = invoke("createNotification", request.toString());
        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("code").asText()).isEqualTo("validation_failed");
    }

    @Test
    void theRecipientReadsNewestFirstMarksOneAndThenAllRead() throws IOException {
        String ada = "500000000000000002";
        String bob = "500000000000000003";
        List<String> streams = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            JsonNode created = invoke(
                    "createNotification",
                    createRequest(ada, "60000000000000010" + i, "Notification " + i)
                            .toString());
            streams.add(created.get("stream").asText());
            project(created.get("stream").asText());
        }
        JsonNode page = list(ada, "");
        assertThat(page.get("unread").asInt()).isEqualTo(3);
        assertThat(titles(page)).containsExactly("Notification 3", "Notification 2", "Notification 1");
        assertThat(page.get("cursor").isNull()).isTrue();

        // Pages of one, with tamper-evident cursors.
        JsonNode first = list(ada, "limit=1");
        assertThat(titles(first)).containsExactly("Notification 3");
        String cursor = first.get("cursor").asText();
        assertThat(titles(list(ada, "limit=1&cursor=" + cursor))).containsExactly("Notification 2");
        JsonNode forged = invoke("listNotifications", listEvent(ada, "limit=1&cursor=" + cursor.replace('.', 'x')));
        assertThat(forged.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(forged).get("error").get("fields").has("cursor")).isTrue();
        JsonNode othersCursor = invoke("listNotifications", listEvent(bob, "limit=1&cursor=" + cursor));
        assertThat(othersCursor.get("statusCode").asInt()).isEqualTo(400);

        // Mark the oldest read; read-your-writes with the 202's position.
        String oldest = page.get("notifications").get(2).get("notificationId").asText();
        JsonNode marked = command("mark-notification-read", ada, "{\"notificationId\":\"" + oldest + "\"}");
        assertThat(marked.get("statusCode").asInt()).as(marked.toString()).isEqualTo(202);
        JsonNode position = body(marked).get("position");
        project(position.get("stream").asText());
        JsonNode afterOne = list(
                ada,
                "position=" + position.get("stream").asText() + ":"
                        + position.get("version").asLong());
        assertThat(afterOne.get("unread").asInt()).isEqualTo(2);
        assertThat(afterOne.get("notifications").get(2).get("read").asBoolean()).isTrue();

        // Someone else's notification is 403; an unknown one 404; nothing is appended.
        JsonNode bobs = command("mark-notification-read", bob, "{\"notificationId\":\"" + oldest + "\"}");
        assertThat(bobs.get("statusCode").asInt()).isEqualTo(403);
        JsonNode unknown = command("mark-notification-read", ada, "{\"notificationId\":\"123\"}");
        assertThat(unknown.get("statusCode").asInt()).isEqualTo(404);
        assertThat(events(position.get("stream").asText())).hasSize(2);

        // Mark all read: one event on the inbox stream; the view marks the rest and the count drops to 0.
        JsonNode all = command("mark-all-notifications-read", ada, "{}");
        assertThat(all.get("statusCode").asInt()).as(all.toString()).isEqualTo(202);
        String inbox = body(all).get("position").get("stream").asText();
        assertThat(inbox).isEqualTo("inbox-" + ada);
        project(inbox);
        project(inbox);
        JsonNode afterAll = list(ada, "");
        assertThat(afterAll.get("unread").asInt()).isZero();
        assertThat(afterAll.get("notifications").findValuesAsText("read")).containsOnly("true");

        // A notification created after the marker is unread again.
        JsonNode later = invoke(
                "createNotification",
                createRequest(ada, "600000000000000199", "Later").toString());
        project(later.get("stream").asText());
        JsonNode afterLater = list(ada, "");
        assertThat(afterLater.get("unread").asInt()).isEqualTo(1);
        assertThat(titles(afterLater).getFirst()).isEqualTo("Later");
    }

    @Test
    void anInboxMarkerProjectedBeforeTheNotificationsItCoversMakesThemArriveRead() throws IOException {
        String cy = "500000000000000004";
        JsonNode created = invoke(
                "createNotification",
                createRequest(cy, "600000000000000301", "Early").toString());
        JsonNode all = command("mark-all-notifications-read", cy, "{}");
        project(body(all).get("position").get("stream").asText());
        project(created.get("stream").asText());

        JsonNode page = list(cy, "");
        assertThat(page.get("unread").asInt()).isZero();
        assertThat(page.get("notifications").get(0).get("read").asBoolean()).isTrue();
    }

    @Test
    void theStreamFixturesProjectAndARedeliveryChangesNothing() throws IOException {
        String user = "382968476983128064";
        for (String fixture : List.of("notification_created", "notification_created", "notification_read")) {
            JsonNode response = invoke(
                    "notificationsProcessor",
                    Files.readString(EVENTS.resolve("streams/notifications/" + fixture + ".json")));
            assertThat(response.get("batchItemFailures")).as(fixture).isEmpty();
        }
        JsonNode page = list(user, "");
        assertThat(page.get("notifications")).hasSize(1);
        assertThat(page.get("unread").asInt()).isZero();
        assertThat(page.at("/notifications/0/read").asBoolean()).isTrue();
        assertThat(page.at("/notifications/0/version").asLong()).isEqualTo(2);
        JsonNode marker = invoke(
                "notificationsProcessor",
                Files.readString(EVENTS.resolve("streams/notifications/all_notifications_read.json")));
        assertThat(marker.get("batchItemFailures")).isEmpty();
        assertThat(list(user, "").get("unread").asInt()).isZero();
    }

    @Test
    void listingNeedsAToken() throws IOException {
        String event = Files.readString(EVENTS.resolve("http/notifications/list-notifications.json"));
        JsonNode response = invoke("listNotifications", event);
        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static ObjectNode createRequest(String userId, String sourceEventId, String title) {
        ObjectNode request = JSON.createObjectNode();
        request.put("command", "CREATE_NOTIFICATION");
        ObjectNode payload = request.putObject("input");
        payload.put("userId", userId);
        payload.put("kind", "role_added");
        payload.put("sourceEventId", sourceEventId);
        payload.put("title", title);
        payload.putObject("data").put("role", "moderator");
        request.put("causationId", sourceEventId);
        return request;
    }

    private static JsonNode command(String route, String userId, String payload) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/notifications/" + route + ".json")));
        event.put("body", "{\"payload\":" + payload + "}");
        String bean = switch (route) {
            case "mark-notification-read" -> "markNotificationRead";
            case "mark-all-notifications-read" -> "markAllNotificationsRead";
            default -> throw new IllegalArgumentException(route);
        };
        return invoke(bean, withToken(event.toString(), userId));
    }

    private static JsonNode list(String userId, String query) throws IOException {
        JsonNode response = invoke("listNotifications", listEvent(userId, query));
        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        return body(response);
    }

    private static String listEvent(String userId, String query) throws IOException {
        ObjectNode event = (ObjectNode)
                JSON.readTree(Files.readString(EVENTS.resolve("http/notifications/list-notifications.json")));
        event.put("rawQueryString", query);
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

    private static List<String> titles(JsonNode page) {
        return page.get("notifications").findValuesAsText("title");
    }

    private static void project(String stream) throws IOException {
        JsonNode response =
                invoke("notificationsProcessor", StreamRecords.insertEvent("NotificationsEvents", events(stream)));
        assertThat(response.get("batchItemFailures")).as(response.toString()).isEmpty();
    }

    private static List<Map<String, AttributeValue>> events(String stream) {
        return dynamoDb.query(r -> r.tableName(NotificationsTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .consistentRead(true))
                .items();
    }

    private static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, NotificationsFunctionsIT::start);
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
