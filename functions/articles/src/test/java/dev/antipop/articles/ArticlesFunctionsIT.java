package dev.antipop.articles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The articles functions through the entry point Lambda uses ({@link FunctionInvoker}), fed the fixtures in {@code
 * events/}, against Antipop's DynamoDB engine in-process: REST writes are the commands (202 with the position), the
 * processor keeps the view, authors edit their own and moderators any, and the stream fixtures project idempotently.
 */
class ArticlesFunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("../../events");
    private static final String KEYS =
            "k1:" + Base64.getUrlEncoder().encodeToString(new byte[32]).replace("=", "");
    private static final String AUTHOR = "382968476983128064";

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
        ArticlesTables.create(dynamoDb);
        Map<String, String> env = new HashMap<>(ArticlesTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", ArticlesFunctions.class.getName());
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
    void restWritesAreCommandsAndTheViewFollows() throws IOException {
        JsonNode created = invoke("restCreateArticle", fixture("http/articles/rest-create-article.json", AUTHOR));
        assertThat(created.get("statusCode").asInt()).as(created.toString()).isEqualTo(202);
        String stream = body(created).at("/position/stream").asText();
        String articleId = stream.substring("article-".length());
        project(stream);

        JsonNode got = invoke("getArticle", withId("http/articles/get-article.json", articleId, AUTHOR));
        assertThat(got.get("statusCode").asInt()).as(got.toString()).isEqualTo(200);
        assertThat(body(got).at("/article/title").asText()).isEqualTo("Hello");
        assertThat(body(got).at("/article/authorId").asText()).isEqualTo(AUTHOR);

        // Someone else may not edit it; a moderator may.
        JsonNode refused = invoke(
                "restUpdateArticle", withId("http/articles/rest-update-article.json", articleId, "1", "customer"));
        assertThat(refused.get("statusCode").asInt()).isEqualTo(403);
        JsonNode moderated = invoke(
                "restUpdateArticle", withId("http/articles/rest-update-article.json", articleId, "2", "moderator"));
        assertThat(moderated.get("statusCode").asInt()).as(moderated.toString()).isEqualTo(202);
        assertThat(events(stream)).hasSize(2);
        Map<String, AttributeValue> updated = events(stream).get(1);
        assertThat(updated.get("type").s()).isEqualTo("articles.article_updated");
        assertThat(updated.get("topic").s()).isEqualTo("articles." + articleId);

        // A body naming the article, or a path id that is no id.
        JsonNode named = invoke(
                "restUpdateArticle",
                withId("http/articles/rest-update-article.json", articleId, AUTHOR)
                        .replace("{\\\"body\\\"", "{\\\"articleId\\\":\\\"1\\\",\\\"body\\\""));
        assertThat(named.get("statusCode").asInt()).as(named.toString()).isEqualTo(400);
        JsonNode bogus = invoke("restDeleteArticle", withId("http/articles/rest-delete-article.json", "abc", AUTHOR));
        assertThat(bogus.get("statusCode").asInt()).isEqualTo(404);

        JsonNode deleted =
                invoke("restDeleteArticle", withId("http/articles/rest-delete-article.json", articleId, AUTHOR));
        assertThat(deleted.get("statusCode").asInt()).as(deleted.toString()).isEqualTo(202);
        project(stream);
        JsonNode gone = invoke("getArticle", withId("http/articles/get-article.json", articleId, AUTHOR));
        assertThat(gone.get("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void theStreamFixturesProjectAndTheListPagesNewestFirst() throws IOException {
        for (String fixture : List.of("article_created", "article_created", "article_updated")) {
            JsonNode response = invoke(
                    "articlesProcessor", Files.readString(EVENTS.resolve("streams/articles/" + fixture + ".json")));
            assertThat(response.get("batchItemFailures")).as(fixture).isEmpty();
        }
        for (int i = 0; i < 3; i++) {
            JsonNode created = invoke("restCreateArticle", fixture("http/articles/rest-create-article.json", AUTHOR));
            project(body(created).at("/position/stream").asText());
        }
        JsonNode first = invoke("listArticles", list("limit=2", AUTHOR));
        assertThat(first.get("statusCode").asInt()).as(first.toString()).isEqualTo(200);
        JsonNode page = body(first);
        assertThat(page.get("articles")).hasSize(2);
        long newest = page.at("/articles/0/articleId").asLong();
        long next = page.at("/articles/1/articleId").asLong();
        assertThat(newest).isGreaterThan(next);
        String cursor = page.get("cursor").asText();
        JsonNode second = body(invoke("listArticles", list("limit=2&cursor=" + cursor, AUTHOR)));
        assertThat(second.at("/articles/0/articleId").asLong()).isLessThan(next);
        JsonNode forged = invoke("listArticles", list("limit=2&cursor=" + cursor.replace('.', 'x'), AUTHOR));
        assertThat(forged.get("statusCode").asInt()).isEqualTo(400);
        JsonNode fromFixture =
                invoke("getArticle", withId("http/articles/get-article.json", "383000000000000201", AUTHOR));
        assertThat(body(fromFixture).at("/article/body").asText()).isEqualTo("Second words");
    }

    private static String fixture(String path, String userId, String... roles) throws IOException {
        return Files.readString(EVENTS.resolve(path))
                .replace(
                        "${ACCESS_TOKEN}",
                        tokens.issue(userId, roles.length == 0 ? Set.of("customer") : Set.of(roles))
                                .accessToken());
    }

    private static String withId(String path, String articleId, String userId, String... roles) throws IOException {
        return fixture(path, userId, roles).replace("383000000000000201", articleId);
    }

    private static String list(String query, String userId) throws IOException {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(fixture("http/articles/list-articles.json", userId));
        event.put("rawQueryString", query);
        var parameters = event.putObject("queryStringParameters");
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return event.toString();
    }

    private static void project(String stream) throws IOException {
        JsonNode response = invoke("articlesProcessor", StreamRecords.insertEvent("ArticlesEvents", events(stream)));
        assertThat(response.get("batchItemFailures")).as(response.toString()).isEmpty();
    }

    private static List<Map<String, AttributeValue>> events(String stream) {
        return dynamoDb.query(r -> r.tableName(ArticlesTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .consistentRead(true))
                .items();
    }

    private static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, ArticlesFunctionsIT::start);
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
