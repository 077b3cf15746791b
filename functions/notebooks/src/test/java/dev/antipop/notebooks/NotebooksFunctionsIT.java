package dev.antipop.notebooks;

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
import java.io.UncheckedIOException;
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
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notebooks functions through the entry point Lambda uses ({@link FunctionInvoker} with the definition the
 * template sets), fed the fixtures in {@code events/}, against Antipop's DynamoDB engine in-process. The processor is
 * fed DynamoDB Streams events built from the events table's items, as the event source mapping would deliver them.
 */
class NotebooksFunctionsIT {

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
        NotebooksTables.create(dynamoDb);
        Map<String, String> env = new HashMap<>(NotebooksTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", NotebooksFunctions.class.getName());
        env.put("JWT_KEYS", KEYS);
        env.put("JWT_ACTIVE_KID", "k1");
        env.put("NODE_ID", "11");
        env.put("COMMAND_RATE_LIMIT", "100000");
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
    void everyCommandFixtureRunsOnANotebookItsSenderOwns() throws IOException {
        String owner = "500000000000000001";
        JsonNode created = accepted(invoke("createNotebook", fixture("create-notebook", owner, null)));
        String notebookId = created.at("/position/stream").asText().substring("notebook-".length());
        JsonNode cell = accepted(invoke("createCell", fixture("create-cell", owner, Map.of("notebookId", notebookId))));
        String cellId = cellIdOf(notebookId, cell.at("/position/version").asLong());
        Map<String, String> ids = Map.of("notebookId", notebookId, "cellId", cellId, "userId", "500000000000000002");
        // update-notebook's fixture expects version 1, the notebook is at 2 now: its 409 names the current version.
        JsonNode stale = body(invoke("updateNotebook", fixture("update-notebook", owner, ids)));
        assertThat(stale.at("/error/code").asText()).isEqualTo("conflict");
        assertThat(stale.at("/error/fields/currentVersion").asText()).isEqualTo("2");
        for (String command : List.of(
                "update-cell",
                "execute-cell",
                "move-cell",
                "share-notebook",
                "unshare-notebook",
                "set-notebook-visibility",
                "delete-cell",
                "delete-notebook")) {
            Map<String, String> withIds = new HashMap<>(ids);
            if (command.equals("update-cell")) {
                withIds.put("expectedVersion", "2");
            }
            accepted(invoke(bean(command), fixture(command, owner, withIds)));
        }
        // Ten commands in all; moving the only cell to where it is decides nothing.
        assertThat(events("notebook-" + notebookId)).hasSize(9);
    }

    @Test
    void aNotebookLoadsFromItsSnapshotAtAnyVersionAndMatchesTheFold() throws IOException {
        String owner = "500000000000000003";
        String notebookId = newNotebook(owner, "Snapshots");
        String cellId = cellIdOf(
                notebookId,
                accepted(command(
                                "create-cell",
                                owner,
                                Map.of("notebookId", notebookId, "kind", "javascript", "value", "x = 0")))
                        .at("/position/version")
                        .asLong());
        for (int i = 1; i <= 248; i++) {
            accepted(command(
                    "update-cell", owner, Map.of("notebookId", notebookId, "cellId", cellId, "value", "x = " + i)));
        }
        project("notebook-" + notebookId);
        JsonNode latest = get("getNotebook", owner, "/api/notebooks/" + notebookId, "");
        assertThat(latest.at("/notebook/version").asLong()).isEqualTo(250);
        assertThat(latest.at("/notebook/cells/0/value").asText()).isEqualTo("x = 248");
        assertThat(latest.at("/load/snapshotVersion").asLong()).isEqualTo(200);
        assertThat(latest.at("/load/eventsRead").asInt()).isEqualTo(50);
        assertThat(latest.at("/load/requests").asInt()).isEqualTo(2);

        JsonNode past = get("getNotebook", owner, "/api/notebooks/" + notebookId, "version=150");
        assertThat(past.at("/notebook/version").asLong()).isEqualTo(150);
        // Version 2 created the cell with x = 0; version v > 2 set it to x = v - 2.
        assertThat(past.at("/notebook/cells/0/value").asText()).isEqualTo("x = 148");
        assertThat(past.at("/load/snapshotVersion").asLong()).isEqualTo(100);
        assertThat(past.at("/load/eventsRead").asInt()).isEqualTo(50);

        JsonNode early = get("getNotebook", owner, "/api/notebooks/" + notebookId, "version=2");
        assertThat(early.at("/notebook/cells/0/value").asText()).isEqualTo("x = 0");
        assertThat(early.at("/load/snapshotVersion").asLong()).isZero();

        JsonNode history =
                get("notebookHistory", owner, "/api/notebooks/" + notebookId + "/events", "after=248&limit=5");
        assertThat(history.get("events").findValuesAsText("type"))
                .containsExactly("notebooks.cell_updated", "notebooks.cell_updated");
        assertThat(history.at("/events/0/userId").asText()).isEqualTo(owner);
        assertThat(history.get("next").isNull()).isTrue();
    }

    @Test
    void searchFindsStemmedFoldedWordsInReadableNotebooksOnly() throws IOException {
        String ada = "500000000000000004";
        String bob = "500000000000000005";
        String mine = newNotebook(ada, "Running totals");
        accepted(command(
                "create-cell",
                ada,
                Map.of("notebookId", mine, "kind", "markdown", "value", "Un café crème, computed weekly")));
        String bobs = newNotebook(bob, "Run books");
        project("notebook-" + mine);
        project("notebook-" + bobs);

        assertThat(search(ada, "run")).containsExactly(mine);
        assertThat(search(ada, "RUNS Cafe")).containsExactly(mine);
        assertThat(search(ada, "cafe tea")).isEmpty();
        assertThat(search(bob, "run")).containsExactly(bobs);

        accepted(command("set-notebook-visibility", bob, Map.of("notebookId", bobs, "visibility", "public")));
        project("notebook-" + bobs);
        assertThat(search(ada, "run")).containsExactlyInAnyOrder(mine, bobs);

        JsonNode list = get("listNotebooks", ada, "/api/notebooks", "");
        assertThat(list.get("notebooks").findValuesAsText("notebookId")).containsExactly(mine);
        assertThat(list.at("/notebooks/0/role").asText()).isEqualTo("owner");
    }

    @Test
    void replayingTheStreamIntoEmptiedViewsRebuildsSearchAndList() throws IOException {
        String owner = "500000000000000007";
        String notebookId = newNotebook(owner, "Rebuilt gardens");
        accepted(command(
                "create-cell",
                owner,
                Map.of("notebookId", notebookId, "kind", "markdown", "value", "Planting tulips")));
        project("notebook-" + notebookId);
        assertThat(search(owner, "tulip garden")).containsExactly(notebookId);
        for (String table : List.of(NotebooksTables.SEARCH, NotebooksTables.NOTEBOOKS)) {
            var key = table.equals(NotebooksTables.SEARCH)
                    ? List.of("term", "notebookId")
                    : List.of("userId", "notebookId");
            for (Map<String, AttributeValue> item :
                    dynamoDb.scan(r -> r.tableName(table)).items()) {
                dynamoDb.deleteItem(r -> r.tableName(table)
                        .key(Map.of(key.get(0), item.get(key.get(0)), key.get(1), item.get(key.get(1)))));
            }
        }
        assertThat(search(owner, "tulip garden")).isEmpty();
        project("notebook-" + notebookId);
        assertThat(search(owner, "tulip garden")).containsExactly(notebookId);
        assertThat(get("listNotebooks", owner, "/api/notebooks", "")
                        .get("notebooks")
                        .findValuesAsText("notebookId"))
                .containsExactly(notebookId);
    }

    @Test
    void theRestWritesAreTheCommands() throws IOException {
        String owner = "500000000000000006";
        String notebookId = newNotebook(owner, "REST");
        ObjectNode event = (ObjectNode) JSON.readTree(withToken(
                Files.readString(EVENTS.resolve("http/notebooks/api-create-cell.json"))
                        .replace("383100000000000001", notebookId),
                owner));
        JsonNode created = accepted(invoke("notebooksApi", event.toString()));
        String cellId = cellIdOf(notebookId, created.at("/position/version").asLong());

        JsonNode cell = get("getCell", owner, "/api/cells/" + cellId, "");
        assertThat(cell.at("/cell/value").asText()).isEqualTo("# Running totals");
        assertThat(cell.get("notebookId").asText()).isEqualTo(notebookId);

        accepted(rest(owner, "PUT", "/api/cells/" + cellId, "{\"value\":\"# Totals\",\"expectedVersion\":2}"));
        accepted(rest(owner, "POST", "/api/cells/" + cellId + "/execute", "{\"result\":\"<h1>\",\"executionTime\":1}"));
        JsonNode conflict = body(rest(owner, "PUT", "/api/cells/" + cellId, "{\"value\":\"x\",\"expectedVersion\":2}"));
        assertThat(conflict.at("/error/code").asText()).isEqualTo("conflict");
        assertThat(body(rest("500000000000000099", "DELETE", "/api/cells/" + cellId, ""))
                        .at("/error/code")
                        .asText())
                .isEqualTo("not_found");
        accepted(rest(owner, "DELETE", "/api/cells/" + cellId, ""));
        accepted(rest(owner, "PUT", "/api/notebooks/" + notebookId, "{\"title\":\"REST API\"}"));
        accepted(rest(owner, "DELETE", "/api/notebooks/" + notebookId, ""));
        JsonNode gone = invoke("getNotebook", getEvent(owner, "/api/notebooks/" + notebookId, ""));
        assertThat(gone.get("statusCode").asInt()).isEqualTo(404);
        JsonNode before = get("getNotebook", owner, "/api/notebooks/" + notebookId, "version=4");
        assertThat(before.at("/notebook/title").asText()).isEqualTo("REST");
        assertThat(before.at("/notebook/cells/0/result").asText()).isEqualTo("<h1>");
    }

    @Test
    void theStreamFixturesProject() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve("streams/notebooks"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode response = invoke("notebooksProcessor", Files.readString(file));
                assertThat(response.get("batchItemFailures"))
                        .as(file + ": " + response)
                        .isEmpty();
            }
        }
        List<Map<String, AttributeValue>> memberships =
                dynamoDb.scan(r -> r.tableName(NotebooksTables.MEMBERSHIPS)).items();
        assertThat(memberships).anySatisfy(m -> assertThat(m.get("userId").s()).isEqualTo("382968476983128064"));
    }

    private static List<String> search(String userId, String q) throws IOException {
        JsonNode body = get("searchNotebooks", userId, "/api/notebooks/search", "q=" + q.replace(" ", "+"));
        return body.get("results").findValuesAsText("notebookId");
    }

    private static String newNotebook(String owner, String title) throws IOException {
        JsonNode created = accepted(command("create-notebook", owner, Map.of("title", title)));
        return created.at("/position/stream").asText().substring("notebook-".length());
    }

    private static String cellIdOf(String notebookId, long version) throws IOException {
        for (Map<String, AttributeValue> event : events("notebook-" + notebookId)) {
            if (Long.parseLong(event.get("version").n()) == version) {
                return JSON.readTree(event.get("data").s()).get("cellId").asText();
            }
        }
        throw new AssertionError("No event " + version + " in notebook " + notebookId);
    }

    private static JsonNode accepted(JsonNode response) throws IOException {
        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(202);
        return body(response);
    }

    private static JsonNode command(String route, String userId, Map<String, String> payload) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/notebooks/" + route + ".json")));
        ObjectNode body = JSON.createObjectNode();
        ObjectNode fields = body.putObject("payload");
        payload.forEach((k, v) -> put(fields, k, v));
        event.put("body", body.toString());
        return invoke(bean(route), withToken(event.toString(), userId));
    }

    /** The fixture of {@code route} with its payload's ids replaced by {@code ids}. */
    private static String fixture(String route, String userId, Map<String, String> ids) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/notebooks/" + route + ".json")));
        ObjectNode body = (ObjectNode) JSON.readTree(event.get("body").asText());
        ObjectNode payload = (ObjectNode) body.get("payload");
        if (ids != null) {
            ids.forEach((k, v) -> {
                if (payload.has(k) || k.equals("expectedVersion")) {
                    put(payload, k, v);
                }
            });
        }
        event.put("body", body.toString());
        return withToken(event.toString(), userId);
    }

    private static void put(ObjectNode node, String field, String value) {
        if (field.equals("expectedVersion") || field.equals("position")) {
            node.put(field, Long.parseLong(value));
        } else {
            node.put(field, value);
        }
    }

    private static JsonNode rest(String userId, String method, String path, String body) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/notebooks/api-create-cell.json")));
        event.put("rawPath", path);
        event.put("routeKey", method + " " + path.replaceAll("/[0-9]+", "/{id}"));
        ((ObjectNode) event.get("requestContext").get("http")).put("method", method);
        ((ObjectNode) event.get("requestContext").get("http")).put("path", path);
        event.put("body", body);
        return invoke("notebooksApi", withToken(event.toString(), userId));
    }

    private static JsonNode get(String bean, String userId, String path, String query) throws IOException {
        JsonNode response = invoke(bean, getEvent(userId, path, query));
        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        return body(response);
    }

    private static String getEvent(String userId, String path, String query) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve("http/notebooks/get-notebook.json")));
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ((ObjectNode) event.get("requestContext").get("http")).put("path", path);
        ObjectNode parameters = event.putObject("queryStringParameters");
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(pair.substring(0, eq), pair.substring(eq + 1).replace('+', ' '));
            }
        }
        String[] segments = path.split("/");
        ObjectNode pathParameters = event.putObject("pathParameters");
        if (segments.length > 3) {
            pathParameters.put("id", segments[3]);
        }
        return withToken(event.toString(), userId);
    }

    private static String bean(String route) {
        StringBuilder bean = new StringBuilder();
        for (String word : route.split("-")) {
            bean.append(bean.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return bean.toString();
    }

    private static String withToken(String event, String userId) {
        return event.replace(
                "${ACCESS_TOKEN}", tokens.issue(userId, Set.of("customer")).accessToken());
    }

    private static void project(String stream) {
        // Batches of 100, as the template's BatchSize delivers them.
        List<Map<String, AttributeValue>> all = events(stream);
        for (int i = 0; i < all.size(); i += 100) {
            try {
                JsonNode response = invoke(
                        "notebooksProcessor",
                        StreamRecords.insertEvent("NotebooksEvents", all.subList(i, Math.min(all.size(), i + 100))));
                assertThat(response.get("batchItemFailures"))
                        .as(response.toString())
                        .isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Map<String, AttributeValue>> events(String stream) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.queryPaginator(r -> r.tableName(NotebooksTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .consistentRead(true))
                .items()
                .forEach(items::add);
        return items;
    }

    private static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, NotebooksFunctionsIT::start);
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
