package dev.antipop.dynamodb.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Random items written, overwritten and deleted, then read through a sparse GSI (paginated with random {@code Limit}s,
 * both directions) and a parallel Scan (random segment count), compared with a plain in-memory model: the index holds
 * exactly the live items that carry its key, in index-key order, and the segments partition the table.
 */
class IndexPropertiesIT {

    private static DynamoDbServer server;
    private static DynamoDbClient client;
    private static final AtomicInteger TABLES = new AtomicInteger();

    @BeforeContainer
    static void start() {
        server = DynamoDbServer.builder().port(0).start();
        client = Sdk.client(server.endpoint());
    }

    @AfterContainer
    static void stop() {
        client.close();
        server.close();
    }

    private static String createTable() {
        String name = "index-props-" + TABLES.incrementAndGet();
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        Sdk.definition("pk", ScalarAttributeType.S),
                        Sdk.definition("g", ScalarAttributeType.S),
                        Sdk.definition("gs", ScalarAttributeType.N))
                .keySchema(Sdk.key("pk", KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("byG")
                        .keySchema(Sdk.key("g", KeyType.HASH), Sdk.key("gs", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
        return name;
    }

    @Property(tries = 10)
    void indexAndSegmentsMatchTheModel(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 7) int limit,
            @ForAll @IntRange(min = 1, max = 5) int segments) {
        Random random = new Random(seed);
        String table = createTable();
        Map<String, Map<String, AttributeValue>> model = new HashMap<>();
        List<Integer> sortValues = new ArrayList<>();
        for (int i = -40; i < 40; i++) {
            sortValues.add(i);
        }
        java.util.Collections.shuffle(sortValues, random);
        int nextSort = 0;
        for (int step = 0; step < 60; step++) {
            String pk = "k" + random.nextInt(30);
            if (random.nextInt(5) == 0) {
                client.deleteItem(b -> b.tableName(table).key(Map.of("pk", Sdk.s(pk))));
                model.remove(pk);
                continue;
            }
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", Sdk.s(pk));
            item.put("other", Sdk.n(random.nextInt(100)));
            if (random.nextBoolean()) {
                item.put("g", Sdk.s(random.nextBoolean() ? "red" : "blue"));
                item.put("gs", Sdk.n(sortValues.get(nextSort++ % sortValues.size())));
            }
            client.putItem(b -> b.tableName(table).item(item));
            model.put(pk, item);
        }
        for (String colour : List.of("red", "blue")) {
            for (boolean forward : List.of(true, false)) {
                List<String> expected = model.values().stream()
                        .filter(i -> i.containsKey("g") && i.get("g").s().equals(colour))
                        .sorted(Comparator.comparingInt((Map<String, AttributeValue> i) ->
                                Integer.parseInt(i.get("gs").n())))
                        .map(i -> i.get("pk").s())
                        .toList();
                if (!forward) {
                    expected = expected.reversed();
                }
                List<String> actual = new ArrayList<>();
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    QueryResponse page = client.query(QueryRequest.builder()
                            .tableName(table)
                            .indexName("byG")
                            .keyConditionExpression("g = :g")
                            .expressionAttributeValues(Map.of(":g", Sdk.s(colour)))
                            .scanIndexForward(forward)
                            .limit(limit)
                            .exclusiveStartKey(from)
                            .build());
                    assertThat(page.count()).isLessThanOrEqualTo(limit);
                    page.items().forEach(i -> {
                        assertThat(i.keySet()).containsExactlyInAnyOrder("pk", "g", "gs");
                        actual.add(i.get("pk").s());
                    });
                    start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
                } while (start != null);
                assertThat(actual).as("%s forward=%s", colour, forward).isEqualTo(expected);
            }
        }
        Set<String> seen = new HashSet<>();
        for (int segment = 0; segment < segments; segment++) {
            int s = segment;
            client.scanPaginator(b -> b.tableName(table)
                            .segment(s)
                            .totalSegments(segments)
                            .limit(limit))
                    .items()
                    .forEach(i -> assertThat(seen.add(i.get("pk").s())).isTrue());
        }
        assertThat(seen).isEqualTo(model.keySet());
    }
}
