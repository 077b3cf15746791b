package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.articles.article.ArticleEvents;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.dynamodb.EventItems;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.dynamodb.TableProvisioner;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.runtime.rebuild.ProjectionRebuild;
import dev.antipop.runtime.rebuild.RebuildPlan;
import dev.antipop.runtime.rebuild.RebuildRequest;
import dev.antipop.runtime.rebuild.RebuildResult;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code ./run-local bench-rebuild}: {@code rebuild-projections} of the articles view from {@value #EVENTS} events
 * ({@value #ARTICLES} articles, each created then updated {@value #UPDATES} times) written straight into the
 * articles events table of Antipop's DynamoDB engine (the template's tables, no functions), through the AWS SDK over
 * loopback as the command runs it: events/s with 1 and with 4 Scan segments, the view emptied before each run. Figures
 * are printed, never asserted.
 */
public final class RebuildBenchmark {

    static final int ARTICLES = 5_000;
    static final int UPDATES = 3;
    static final int EVENTS = ARTICLES * (1 + UPDATES);

    private RebuildBenchmark() {}

    /**
     * @param tables the template's tables, named as the local cloud names them
     * @param variables the rebuild function's environment, resolved the same way
     * @return the exit status (0)
     */
    public static int run(String host, List<TableDefinition> tables, Map<String, String> variables, PrintStream out) {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(host, 0, null, "us-east-1", false);
                DynamoDbClient client = DynamoDbClient.builder()
                        .endpointOverride(engine.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            new TableProvisioner(client).provision(tables);
            long writing = System.nanoTime();
            write(client, variables.get(RebuildPlan.eventsVariable("articles")));
            out.printf(
                    Locale.ROOT,
                    "bench-rebuild: %,d article events written in %.1f s (BatchWriteItem)%n",
                    EVENTS,
                    (System.nanoTime() - writing) / 1e9);
            for (int segments : new int[] {1, 4}) {
                String view = variables.get("ARTICLES_TABLE");
                client.scanPaginator(r -> r.tableName(view))
                        .items()
                        .forEach(item -> client.deleteItem(r -> r.tableName(view)
                                .key(Map.of("list", item.get("list"), "articleId", item.get("articleId")))));
                RebuildRequest request =
                        new RebuildRequest("articles", null, segments, RebuildRequest.DEFAULT_PAGE_SIZE, true);
                RebuildPlan plan = RebuildPlan.resolve(RebuildPlan.viewsOnClasspath(), request, variables::get);
                RebuildResult result = new ProjectionRebuild(client, variables.get("REBUILD_TABLE"), null, false)
                        .run(plan, request, () -> false);
                RebuildResult.Swap swap = result.swaps().get("ARTICLES_TABLE");
                out.printf(
                        Locale.ROOT,
                        "  %d segment(s): %,d events in %.1f s, %,.0f events/s scanning and projecting;"
                                + " swap put %,d items%n",
                        segments,
                        result.events(),
                        result.seconds(),
                        result.eventsPerSecond(),
                        swap.put());
            }
        }
        return 0;
    }

    private static void write(DynamoDbClient client, String table) {
        List<WriteRequest> writes = new ArrayList<>();
        Instant now = Instant.now();
        for (int a = 0; a < ARTICLES; a++) {
            String articleId = Long.toString(1_000_000_000L + a);
            for (int v = 1; v <= 1 + UPDATES; v++) {
                ObjectNode data = JsonNodeFactory.instance.objectNode();
                data.put("articleId", articleId);
                data.put("authorId", "42");
                data.put("title", "Article " + a + " v" + v);
                data.put("body", "Body of article " + a + ", version " + v);
                EventEnvelope event = new EventEnvelope(
                        articleId + "-" + v,
                        v == 1 ? ArticleEvents.ARTICLE_CREATED : ArticleEvents.ARTICLE_UPDATED,
                        "article-" + articleId,
                        v,
                        "articles." + articleId,
                        now,
                        data,
                        new EventMeta("1", "bench", null, null));
                writes.add(WriteRequest.builder()
                        .putRequest(p -> p.item(EventItems.toItem(event)))
                        .build());
            }
        }
        for (int i = 0; i < writes.size(); i += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, writes.subList(i, Math.min(writes.size(), i + 25)));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var response = client.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }
}
