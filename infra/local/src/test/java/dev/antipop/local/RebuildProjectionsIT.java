package dev.antipop.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.check.ConsistencyChecker;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.demo.Demo;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.projection.Projector;
import dev.antipop.runtime.projection.ViewProjection;
import dev.antipop.runtime.rebuild.ProjectionRebuild;
import dev.antipop.runtime.rebuild.RebuildPlan;
import dev.antipop.runtime.rebuild.RebuildRequest;
import dev.antipop.runtime.rebuild.RebuildResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code rebuild-projections} on the local cloud running the root {@code template.yaml}: views that the pipeline built
 * for five contexts (identity, catalog, articles, notifications, notebooks) are corrupted, rebuilt from the events tables, and
 * equal, table for table, what the pipeline built; the identity processor's notification policy is not re-run; a
 * rebuild killed mid-page, then stopped after a few pages, resumes from its checkpoints and ends with the same views;
 * the {@code rebuildProjections} function, invoked by hand through the Lambda Invoke API, does the same.
 */
class RebuildProjectionsIT {

    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private static final List<String> VIEWS = List.of(
            "UsersTable",
            "BrandsTable",
            "MembershipsTable",
            "ArticlesTable",
            "NotificationsTable",
            "NotebooksTable",
            "NotebookSearchTable");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalCloud cloud;
    private static DynamoDbClient dynamoDb;
    private static Map<String, Set<Map<String, AttributeValue>>> built;
    private static long events;

    @BeforeAll
    static void buildViewsThroughThePipeline() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults(TEMPLATE).withEphemeralPorts());
        dynamoDb = cloud.dynamoDb().client();
        AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        Session admin = client.signIn(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD, "Admin");
        Session ann = client.signIn(email("ann"), "a long enough password", "Ann");
        Session bob = client.signIn(email("bob"), "a long enough password", "Bob");
        // identity: a role grant, whose policy notifies Ann (notifications context).
        accepted(client.command(
                admin.accessToken(), "add-user-role", Map.of("userId", ann.userId(), "role", "moderator"), null, null));
        accepted(client.command(bob.accessToken(), "update-profile", Map.of("displayName", "Robert"), null, null));
        // catalog: a brand (brands view, and the owner's membership).
        accepted(client.command(bob.accessToken(), "create-brand", Map.of("name", "Acme"), null, null));
        // notebooks: one (the list view and search index, refreshed per stream; the owner's membership).
        accepted(client.command(ann.accessToken(), "create-notebook", Map.of("title", "Rebuild notes"), null, null));
        // articles: three, one changed, one deleted.
        String first = articleId(client.post("/api/articles", ann.accessToken(), Map.of("title", "One", "body", "1")));
        String second = articleId(client.post("/api/articles", ann.accessToken(), Map.of("title", "Two", "body", "2")));
        client.post("/api/articles", bob.accessToken(), Map.of("title", "Three", "body", "3"));
        accepted(client.request("PUT", "/api/articles/" + first, ann.accessToken(), Map.of("title", "One!"), Map.of()));
        accepted(client.request("DELETE", "/api/articles/" + second, ann.accessToken(), null, Map.of()));

        ConsistencyChecker checker = new ConsistencyChecker(
                dynamoDb, Contexts.onClasspath(), cloud.options().stackName());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> checker.check(true).settled()
                        && !items("NotificationsTable").isEmpty());
        built = snapshot();
        events = eventCount();
        assertThat(built.get("ArticlesTable")).hasSize(3);
        assertThat(built.get("BrandsTable")).hasSize(1);
        assertThat(built.get("NotificationsTable")).isNotEmpty();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void theCommandRebuildsCorruptedViewsAsThePipelineBuiltThemWithoutRerunningPolicies() {
        corrupt();
        assertThat(snapshot()).isNotEqualTo(built);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(
                new String[] {
                    "rebuild-projections",
                    "--endpoint",
                    cloud.dynamoDbEndpoint().toString(),
                    "--template",
                    TEMPLATE.toString(),
                    "--stack-name",
                    cloud.options().stackName()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(snapshot()).isEqualTo(built);
        assertThat(eventCount())
                .as("no policy ran again: no new event anywhere")
                .isEqualTo(events);
        assertThat(printed).contains("ARTICLES_TABLE", "events/s");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("events/s", "ETA", "/" + events + " events");
        assertThat(tableNames()).noneMatch(name -> name.endsWith(RebuildPlan.FRESH_SUFFIX));
    }

    @Test
    void aKilledThenStoppedRebuildResumesFromItsCheckpointsAndEndsWithTheSameViews() {
        corrupt();
        Map<String, String> variables = RebuildCommand.variables(CommandLine.parse(new String[] {
            "rebuild-projections",
            "--template",
            TEMPLATE.toString(),
            "--stack-name",
            cloud.options().stackName()
        }));
        RebuildRequest request = new RebuildRequest(null, null, 2, 2, false);
        ProjectionRebuild rebuild = new ProjectionRebuild(dynamoDb, variables.get("REBUILD_TABLE"), null, false);
        Map<String, List<ViewProjection>> views = RebuildPlan.viewsOnClasspath();

        // Killed in the middle of a page: the fifth event applied throws, as a process kill would stop it.
        AtomicInteger applied = new AtomicInteger();
        RebuildPlan killing = RebuildPlan.resolve(killedAfter(views, 5, applied), request, variables::get);
        assertThatThrownBy(() -> rebuild.run(killing, request, () -> false)).hasMessageContaining("killed");
        // Resumed, then stopped cleanly after three more pages (the Lambda function's time running short).
        AtomicInteger pages = new AtomicInteger();
        RebuildPlan plan = RebuildPlan.resolve(views, request, variables::get);
        RebuildResult stopped = rebuild.run(plan, request, () -> pages.incrementAndGet() > 3);
        assertThat(stopped.done()).isFalse();
        assertThat(snapshot()).as("nothing is swapped before the end").isNotEqualTo(built);
        RebuildResult finished = rebuild.run(plan, request, () -> false);

        assertThat(finished.done()).isTrue();
        assertThat(stopped.events() + finished.events())
                .as("the resumed runs applied only what the killed one had not checkpointed")
                .isLessThan(events);
        assertThat(snapshot()).isEqualTo(built);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(tableNames()).noneMatch(name -> name.endsWith(RebuildPlan.FRESH_SUFFIX));
    }

    @Test
    void theRebuildFunctionRunsTheSameRebuildWhenInvokedByHand() throws Exception {
        corrupt();
        LocalFunction function = cloud.functions().values().stream()
                .filter(f -> f.spec().logicalId().equals(RebuildCommand.FUNCTION))
                .findFirst()
                .orElseThrow();
        try (LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(URI.create(function.spec().environment().get("AWS_ENDPOINT_URL_LAMBDA")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            InvokeResponse refused =
                    lambda.invoke(r -> r.functionName(function.spec().functionName())
                            .payload(SdkBytes.fromUtf8String("{\"view\":\"nothing\"}")));
            InvokeResponse invoked = lambda.invoke(
                    r -> r.functionName(function.spec().functionName()).payload(SdkBytes.fromUtf8String("{}")));

            JsonNode error = JSON.readTree(refused.payload().asUtf8String());
            assertThat(error.at("/error/code").asText()).as(error.toString()).isEqualTo("validation_failed");
            JsonNode answer = JSON.readTree(invoked.payload().asUtf8String());
            assertThat(invoked.functionError()).as(answer.toString()).isNull();
            assertThat(answer.get("done").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.get("events").asLong()).isEqualTo(events);
            assertThat(answer.at("/swaps/ARTICLES_TABLE/deleted").asLong()).isEqualTo(1);
        }
        assertThat(snapshot()).isEqualTo(built);
        assertThat(eventCount()).isEqualTo(events);
    }

    /** Deletes, changes and adds items in every view table the test reads. */
    private static void corrupt() {
        for (String view : VIEWS) {
            List<Map<String, AttributeValue>> items = List.copyOf(items(view));
            List<String> key = dynamoDb.describeTable(r -> r.tableName(table(view))).table().keySchema().stream()
                    .map(k -> k.attributeName())
                    .toList();
            Map<String, AttributeValue> first = new HashMap<>(items.get(0));
            first.keySet().retainAll(key);
            dynamoDb.deleteItem(r -> r.tableName(table(view)).key(first));
            if (items.size() > 1) {
                Map<String, AttributeValue> changed = new HashMap<>(items.get(1));
                changed.put("corrupted", AttributeValue.fromBool(true));
                dynamoDb.putItem(r -> r.tableName(table(view)).item(changed));
            }
            Map<String, AttributeValue> ghost = new HashMap<>(items.get(0));
            key.forEach(name -> ghost.put(
                    name, ghost.get(name).s() != null ? AttributeValue.fromS("ghost") : AttributeValue.fromN("1")));
            dynamoDb.putItem(r -> r.tableName(table(view)).item(ghost));
        }
    }

    private static Map<String, List<ViewProjection>> killedAfter(
            Map<String, List<ViewProjection>> views, int events, AtomicInteger applied) {
        Map<String, List<ViewProjection>> killing = new LinkedHashMap<>();
        views.forEach((context, list) -> killing.put(
                context,
                list.stream()
                        .map(view -> new ViewProjection(view.name(), view.tables(), (client, tables) -> {
                            Projector real = view.factory().open(client, tables);
                            return event -> {
                                if (applied.incrementAndGet() == events) {
                                    throw new IllegalStateException("killed");
                                }
                                real.apply(event);
                            };
                        }))
                        .toList()));
        return killing;
    }

    private static Map<String, Set<Map<String, AttributeValue>>> snapshot() {
        Map<String, Set<Map<String, AttributeValue>>> tables = new LinkedHashMap<>();
        VIEWS.forEach(view -> tables.put(view, new HashSet<>(items(view))));
        return tables;
    }

    private static List<Map<String, AttributeValue>> items(String logicalId) {
        return dynamoDb.scanPaginator(r -> r.tableName(table(logicalId)).consistentRead(true)).items().stream()
                .toList();
    }

    private static long eventCount() {
        return tableNames().stream()
                .filter(name -> name.endsWith("EventsTable"))
                .mapToLong(name ->
                        dynamoDb
                                .scanPaginator(r ->
                                        r.tableName(name).consistentRead(true).select("COUNT"))
                                .stream()
                                .mapToLong(page -> page.count())
                                .sum())
                .sum();
    }

    private static List<String> tableNames() {
        return dynamoDb.listTablesPaginator().tableNames().stream().toList();
    }

    private static String table(String logicalId) {
        return cloud.options().stackName() + "-" + logicalId;
    }

    private static void accepted(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(202);
    }

    private static String articleId(Response created) {
        accepted(created);
        return created.body().at("/position/stream").asText().substring("article-".length());
    }

    private static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
