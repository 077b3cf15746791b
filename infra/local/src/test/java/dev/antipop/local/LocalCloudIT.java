package dev.antipop.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.antipop.local.streams.OnFailureRecord;
import dev.antipop.local.testfunctions.WebSocketTestFunctions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The whole local cloud from {@code a/template.yaml} on ephemeral ports, driven by real clients: {@code java.net.http}
 * for HTTP and WebSocket, the AWS SDK's {@code ApiGatewayManagementApiClient} and {@code DynamoDbClient}.
 */
class LocalCloudIT {

    private static LocalCloud cloud;
    private static SdkHttpClient sdkHttp;
    private static DynamoDbClient dynamoDb;
    private static ApiGatewayManagementApiClient management;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path template =
                Path.of(LocalCloudIT.class.getResource("/a/template.yaml").toURI());
        cloud = LocalCloud.start(LocalCloud.Options.defaults(template)
                .withEphemeralPorts()
                .withParameterOverrides(Map.of("Greeting", "it-greeting")));
        sdkHttp = UrlConnectionHttpClient.builder().build();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it"));
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(cloud.dynamoDbEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(sdkHttp)
                .build();
        management = ApiGatewayManagementApiClient.builder()
                .endpointOverride(cloud.webSocketManagementEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(sdkHttp)
                .build();
    }

    @AfterAll
    static void stop() {
        if (management != null) {
            management.close();
            dynamoDb.close();
            sdkHttp.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void tablesComeFromTheTemplateWithIndexesStreamsAndTtl() {
        var items = dynamoDb.describeTable(b -> b.tableName("antipop-local-ItemsTable"))
                .table();

        assertThat(items.globalSecondaryIndexes())
                .extracting(i -> i.indexName())
                .containsExactly("byKind");
        assertThat(items.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(cloud.streamArns()).containsEntry("ItemsTable", items.latestStreamArn());
        assertThat(dynamoDb.listTables().tableNames()).contains("antipop-local-results");
    }

    @Test
    void functionsGetTheTemplateEnvironmentWithLocalEndpoints() {
        Map<String, String> environment =
                cloud.functions().get("StreamRecorderFunction").spec().environment();

        assertThat(environment)
                .containsEntry("RESULTS_TABLE", "antipop-local-results")
                .containsEntry("GREETING", "it-greeting")
                .containsEntry(
                        "MANAGEMENT_ENDPOINT",
                        cloud.webSocketManagementEndpoint().toString())
                .containsEntry(
                        "AWS_ENDPOINT_URL_DYNAMODB", cloud.dynamoDbEndpoint().toString())
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "StreamRecorderFunction")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_REGION", "us-east-1");
        assertThat(System.getProperty("aws.endpointUrlDynamoDb"))
                .isEqualTo(cloud.dynamoDbEndpoint().toString());
    }

    @Test
    void httpRouteInvokesItsFunction() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(cloud.httpEndpoint() + "/echo/world?x=1"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":true}"))
                        .header("content-type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"routeKey\":\"POST /echo/{name}\"")
                .contains("\"pathParameters\":{\"name\":\"world\"}")
                .contains("\"greeting\":\"it-greeting\"");
        HttpResponse<String> missing = HTTP.send(
                HttpRequest.newBuilder(URI.create(cloud.httpEndpoint() + "/nowhere"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void webSocketConnectsTalksAndIsReachedThroughTheManagementApi() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(cloud.webSocketEndpoint() + "?token=good"), collector(received))
                .get(30, TimeUnit.SECONDS);

        socket.sendText("{\"op\":\"hello\"}", true).get(10, TimeUnit.SECONDS);
        String answer = received.poll(30, TimeUnit.SECONDS);
        assertThat(answer).contains("\"routeKey\":\"$default\"").contains("\"greeting\":\"it-greeting\"");
        String connectionId = answer.replaceAll(".*\"connectionId\":\"([^\"]+)\".*", "$1");

        management.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("{\"pushed\":1}")));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"pushed\":1}");
        assertThat(management.getConnection(b -> b.connectionId(connectionId)).connectedAt())
                .isBefore(Instant.now().plusSeconds(1));

        management.deleteConnection(b -> b.connectionId(connectionId));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> WebSocketTestFunctions.DISCONNECTS.stream()
                        .anyMatch(d -> connectionId.equals(d.get("connectionId"))));
        assertThatThrownBy(() -> management.postToConnection(
                        b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("late"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void webSocketConnectWithoutTokenIsRefused() {
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder()
                        .buildAsync(cloud.webSocketEndpoint(), collector(new LinkedBlockingQueue<>()))
                        .get(30, TimeUnit.SECONDS))
                .isInstanceOfAny(ExecutionException.class, CompletionException.class);
    }

    @Test
    void streamRecordsReachTheMappedFunctionWithRetriesCheckpointsAndBisect() {
        put("ok-1", "ok");
        put("fail-once-1", "fail-once");
        put("report-once-1", "report-once");
        // One transaction: the poison record and its neighbours land in one batch; bisect isolates it.
        dynamoDb.transactWriteItems(b -> b.transactItems(
                item("batch-a", "ok"), item("batch-b", "ok"), item("batch-poison", "poison"), item("batch-d", "ok")));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(deliveries())
                        .containsEntry("ok-1", 1)
                        .containsEntry("fail-once-1", 1)
                        .containsEntry("report-once-1", 1)
                        .containsEntry("batch-a", 1)
                        .containsEntry("batch-b", 1)
                        .containsEntry("batch-d", 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !cloud.onFailureRecords().isEmpty());

        assertThat(deliveries()).doesNotContainKey("batch-poison");
        OnFailureRecord failure = cloud.onFailureRecords().get(0);
        assertThat(failure.batchSize()).isEqualTo(1);
        assertThat(failure.condition()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failure.functionName()).isEqualTo("StreamRecorderFunction");
    }

    @Test
    void expiredItemsReachTheStreamFunctionAsRemovals() {
        Map<String, AttributeValue> expired = new HashMap<>();
        expired.put("id", AttributeValue.fromS("ttl-1"));
        expired.put("kind", AttributeValue.fromS("session"));
        expired.put(
                "expiresAt", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() - 60)));
        dynamoDb.putItem(b -> b.tableName("antipop-local-ItemsTable").item(expired));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                dynamoDb.scan(b -> b.tableName("antipop-local-results")).items().stream()
                                        .filter(i -> i.get("source").s().equals("ttl-1"))
                                        .map(i -> i.get("eventName").s()))
                        .contains("INSERT", "REMOVE"));
        assertThat(dynamoDb.query(b -> b.tableName("antipop-local-ItemsTable")
                                .indexName("byKind")
                                .keyConditionExpression("kind = :k")
                                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("session"))))
                        .count())
                .isZero();
    }

    private static void put(String id, String behaviour) {
        dynamoDb.putItem(b -> b.tableName("antipop-local-ItemsTable")
                .item(Map.of(
                        "id", AttributeValue.fromS(id),
                        "kind", AttributeValue.fromS("it"),
                        "behaviour", AttributeValue.fromS(behaviour))));
    }

    private static TransactWriteItem item(String id, String behaviour) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName("antipop-local-ItemsTable")
                        .item(Map.of(
                                "id", AttributeValue.fromS(id),
                                "kind", AttributeValue.fromS("it"),
                                "behaviour", AttributeValue.fromS(behaviour))))
                .build();
    }

    /** Successful deliveries per source item id, read from the results table the stream function writes. */
    private static Map<String, Integer> deliveries() {
        Map<String, Integer> counts = new HashMap<>();
        List<Map<String, AttributeValue>> items =
                dynamoDb.scan(b -> b.tableName("antipop-local-results")).items();
        for (Map<String, AttributeValue> item : items) {
            if (item.get("eventName").s().equals("INSERT")) {
                counts.merge(item.get("source").s(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static WebSocket.Listener collector(LinkedBlockingQueue<String> received) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }
}
