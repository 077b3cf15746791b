package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.demo.Demo;
import dev.antipop.local.lambda.LocalFunction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Notifications end to end on the local cloud running the root {@code template.yaml}: an admin's role grant (HTTP)
 * → the identity processor's policy → {@code CREATE_NOTIFICATION} by Lambda Invoke → the notification on the user's
 * socket and in {@code GET /notifications}; the same role event delivered to the identity processor again, and the
 * same policy invoked again with the real {@link LambdaClient}, create no second notification; read marks over HTTP.
 */
class NotificationsEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalCloud cloud;
    private static AntipopClient client;
    private static DynamoDbClient dynamoDb;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        dynamoDb = cloud.dynamoDb().client();
        lambda = LambdaClient.builder()
                .endpointOverride(URI.create(function("IdentityProcessorFunction")
                        .spec()
                        .environment()
                        .get("AWS_ENDPOINT_URL_LAMBDA")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aRoleGrantNotifiesTheUserOnceAndTheUserMarksItRead() throws Exception {
        Session admin = admin();
        Session user = signIn("notified");
        Session other = signIn("bystander");
        try (EventSocket socket = client.connect(user.accessToken())) {
            Response granted = client.command(
                    admin.accessToken(),
                    "add-user-role",
                    Map.of("userId", user.userId(), "role", "moderator"),
                    null,
                    null);
            assertThat(granted.status()).as(granted.text()).isEqualTo(202);

            String roleEventId = socket.awaitEvent("identity.user_role_added", WAIT)
                    .json()
                    .at("/data/eventId")
                    .asText();
            // Another stream than the role event's: it may arrive before or after it.
            EventSocket.Frame pushed = socket.findOrAwaitEvent("notifications.notification_created", WAIT);
            assertThat(pushed.json().get("target").asText()).isEqualTo("user." + user.userId() + ".notifications");
            JsonNode data = pushed.json().at("/data/data");
            assertThat(data.get("userId").asText()).isEqualTo(user.userId());
            assertThat(data.get("kind").asText()).isEqualTo("role_added");
            assertThat(data.get("sourceEventId").asText()).isEqualTo(roleEventId);
            assertThat(data.at("/data/role").asText()).isEqualTo("moderator");
            String notificationId = data.get("notificationId").asText();

            JsonNode listed = awaitList(user, 1);
            assertThat(listed.get("unread").asInt()).isEqualTo(1);
            assertThat(listed.at("/notifications/0/notificationId").asText()).isEqualTo(notificationId);

            // The role event delivered again (a duplicated stream record), and the policy invoked again.
            InvokeResponse redelivered = lambda.invoke(
                    r -> r.functionName(function("IdentityProcessorFunction").functionName())
                            .payload(SdkBytes.fromUtf8String(streamEvent(roleEvent(user.userId())))));
            assertThat(redelivered.functionError()).isNull();
            assertThat(JSON.readTree(redelivered.payload().asUtf8String()).get("batchItemFailures"))
                    .isEmpty();
            ObjectNode create = JSON.createObjectNode();
            create.put("command", "CREATE_NOTIFICATION");
            ObjectNode input = create.putObject("input");
            input.put("userId", user.userId());
            input.put("kind", "role_added");
            input.put("sourceEventId", roleEventId);
            input.put("title", "again");
            InvokeResponse again = lambda.invoke(
                    r -> r.functionName(function("CreateNotificationFunction").functionName())
                            .payload(SdkBytes.fromUtf8String(create.toString())));
            JsonNode answer = JSON.readTree(again.payload().asUtf8String());
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.get("stream").asText()).isEqualTo("notification-" + notificationId);
            assertThat(notificationsCreatedFor(user.userId())).isEqualTo(1);

            // Someone else may not mark it; the recipient may, through the router, and reads their write.
            Response forbidden = client.command(
                    other.accessToken(),
                    "mark-notification-read",
                    Map.of("notificationId", notificationId),
                    null,
                    null);
            assertThat(forbidden.status()).isEqualTo(403);
            Response read = client.post(
                    "/command",
                    user.accessToken(),
                    Map.of("command", "MARK_NOTIFICATION_READ", "payload", Map.of("notificationId", notificationId)));
            assertThat(read.status()).as(read.text()).isEqualTo(202);
            JsonNode afterRead = list(user, "?position=" + position(read));
            assertThat(afterRead.get("unread").asInt()).isZero();
            assertThat(afterRead.at("/notifications/0/read").asBoolean()).isTrue();
            assertThat(socket.awaitEvent("notifications.notification_read", WAIT)
                            .json()
                            .at("/data/data/notificationId")
                            .asText())
                    .isEqualTo(notificationId);

            Response all = client.command(user.accessToken(), "mark-all-notifications-read", Map.of(), null, null);
            assertThat(all.status()).as(all.text()).isEqualTo(202);
            assertThat(list(user, "?position=" + position(all)).get("unread").asInt())
                    .isZero();
            HttpResult forged = HttpResult.get(
                    cloud.httpEndpoint().resolve("/notifications?cursor=forged.cursor"), user.accessToken());
            assertThat(forged.status()).isEqualTo(400);
            assertThat(forged.body().at("/error/code").asText()).isEqualTo("validation_failed");
        }
    }

    private static String position(Response accepted) {
        return accepted.body().at("/position/stream").asText() + ":"
                + accepted.body().at("/position/version").asLong();
    }

    private static JsonNode awaitList(Session user, int size) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode page;
        do {
            page = list(user, "");
            if (page.get("notifications").size() >= size) {
                return page;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET /notifications never listed " + size + ": " + page);
    }

    private static JsonNode list(Session user, String query) {
        HttpResult result = HttpResult.get(cloud.httpEndpoint().resolve("/notifications" + query), user.accessToken());
        assertThat(result.status()).as(result.body().toString()).isEqualTo(200);
        return result.body();
    }

    private static long notificationsCreatedFor(String userId) {
        String table = table("NotificationsEventsTable");
        return dynamoDb.scan(r -> r.tableName(table).consistentRead(true)).items().stream()
                .filter(item -> item.get("type").s().equals("notifications.notification_created"))
                .filter(item -> item.get("data").s().contains("\"userId\":\"" + userId + "\""))
                .count();
    }

    private static Map<String, AttributeValue> roleEvent(String userId) {
        return dynamoDb.query(r -> r.tableName(table("IdentityEventsTable"))
                        .keyConditionExpression("#s = :s AND #v = :v")
                        .expressionAttributeNames(Map.of("#s", "stream", "#v", "version"))
                        .expressionAttributeValues(
                                Map.of(":s", AttributeValue.fromS("user-" + userId), ":v", AttributeValue.fromN("2")))
                        .consistentRead(true))
                .items()
                .getFirst();
    }

    /** A DynamoDB Streams event of one INSERT of {@code item}, as the event source mapping delivers it. */
    private static String streamEvent(Map<String, AttributeValue> item) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        record.put("eventName", "INSERT");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", "us-east-1");
        ObjectNode dynamodb = record.putObject("dynamodb");
        ObjectNode keys = dynamodb.putObject("Keys");
        keys.putObject("stream").put("S", item.get("stream").s());
        keys.putObject("version").put("N", item.get("version").n());
        ObjectNode image = dynamodb.putObject("NewImage");
        item.forEach((name, value) -> {
            if (value.s() != null) {
                image.putObject(name).put("S", value.s());
            } else if (value.n() != null) {
                image.putObject(name).put("N", value.n());
            }
        });
        dynamodb.put("SequenceNumber", "99999999999999999999");
        dynamodb.put("SizeBytes", 256);
        dynamodb.put("StreamViewType", "NEW_IMAGE");
        record.put("eventSourceARN", cloud.streamArns().values().iterator().next());
        return event.toString();
    }

    private static String table(String logicalId) {
        return cloud.tables().stream()
                .filter(t -> t.tableName().endsWith(logicalId))
                .findFirst()
                .orElseThrow()
                .tableName();
    }

    private static LocalFunction function(String logicalId) {
        return cloud.functions().values().stream()
                .filter(f -> f.spec().logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow();
    }

    private static Session signIn(String prefix) {
        return client.signIn(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "a long enough password",
                prefix);
    }

    private static Session admin() {
        Response response = client.register(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD, "Admin");
        if (response.status() == 409) {
            response = client.login(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD);
        }
        assertThat(response.status()).as(response.text()).isIn(200, 201);
        return new Session(
                response.body().get("userId").asText(),
                response.body().get("accessToken").asText());
    }

    /** A GET with a bearer token through the JDK client. */
    private record HttpResult(int status, JsonNode body) {
        static HttpResult get(URI uri, String token) {
            try {
                java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(uri)
                                        .header("authorization", "Bearer " + token)
                                        .timeout(Duration.ofSeconds(30))
                                        .GET()
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                return new HttpResult(response.statusCode(), JSON.readTree(response.body()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
