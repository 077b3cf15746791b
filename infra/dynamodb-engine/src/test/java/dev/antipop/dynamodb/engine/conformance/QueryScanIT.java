package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.definition;
import static dev.antipop.dynamodb.engine.conformance.Sdk.key;
import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan: order, key conditions, filters, Select, Limit, pagination, indexes, segments, 1 MB pages. */
class QueryScanIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    static DynamoDbClient client;
    static String numbers;

    @BeforeAll
    static void data() {
        client = Sdk.client(engine);
        numbers = DynamoDbEngineExtension.uniqueTableName("qs");
        client.createTable(b -> b.tableName(numbers)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        definition("pk", ScalarAttributeType.S),
                        definition("sk", ScalarAttributeType.N),
                        definition("g", ScalarAttributeType.S),
                        definition("gs", ScalarAttributeType.N),
                        definition("l", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(
                        g -> g.indexName("byG")
                                .keySchema(key("g", KeyType.HASH), key("gs", KeyType.RANGE))
                                .projection(p ->
                                        p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("odd")),
                        g -> g.indexName("allG")
                                .keySchema(key("g", KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.ALL)))
                .localSecondaryIndexes(l -> l.indexName("byL")
                        .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
        // sort keys -10, -1.5, 0, 2, 10, 100 (numeric order differs from text order)
        String[] sorts = {"100", "-10", "2", "0", "10", "-1.5"};
        for (int i = 0; i < sorts.length; i++) {
            int v = i;
            Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                    "pk", s("p"), "sk", n(sorts[v]), "odd", AttributeValue.fromBool(v % 2 == 1), "payload", s("x")));
            if (v < 4) {
                item.put("g", s("group"));
                item.put("gs", n(v));
                item.put("l", s("l" + (9 - v)));
            }
            client.putItem(b -> b.tableName(numbers).item(item));
        }
        client.putItem(b -> b.tableName(numbers).item(Map.of("pk", s("other"), "sk", n(1))));
    }

    private static List<String> sortKeys(QueryResponse response) {
        return response.items().stream().map(i -> i.get("sk").n()).toList();
    }

    private static QueryResponse query(String condition, Map<String, AttributeValue> values) {
        return client.query(
                b -> b.tableName(numbers).keyConditionExpression(condition).expressionAttributeValues(values));
    }

    @Test
    void numbersSortNumericallyBothWays() {
        assertThat(sortKeys(query("pk = :p", Map.of(":p", s("p")))))
                .containsExactly("-10", "-1.5", "0", "2", "10", "100");
        var backwards = client.query(b -> b.tableName(numbers)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))
                .scanIndexForward(false));
        assertThat(sortKeys(backwards)).containsExactly("100", "10", "2", "0", "-1.5", "-10");
    }

    @Test
    void sortKeyConditions() {
        assertThat(sortKeys(query("pk = :p AND sk < :v", Map.of(":p", s("p"), ":v", n(0)))))
                .containsExactly("-10", "-1.5");
        assertThat(sortKeys(query("pk = :p AND sk <= :v", Map.of(":p", s("p"), ":v", n(0)))))
                .containsExactly("-10", "-1.5", "0");
        assertThat(sortKeys(query("pk = :p AND sk > :v", Map.of(":p", s("p"), ":v", n(2)))))
                .containsExactly("10", "100");
        assertThat(sortKeys(query("pk = :p AND sk >= :v", Map.of(":p", s("p"), ":v", n(2)))))
                .containsExactly("2", "10", "100");
        assertThat(sortKeys(query("pk = :p AND sk = :v", Map.of(":p", s("p"), ":v", n(10)))))
                .containsExactly("10");
        assertThat(sortKeys(query("pk = :p AND sk BETWEEN :a AND :b", Map.of(":p", s("p"), ":a", n(-2), ":b", n(10)))))
                .containsExactly("-1.5", "0", "2", "10");
        assertThat(query("pk = :p", Map.of(":p", s("nobody"))).count()).isZero();
    }

    @Test
    void stringsAndBinariesSortByUnsignedBytes() {
        String table = Sdk.table(client, "bytes", true);
        for (String sk : List.of("b", "a", "é", "Z", "ab", "\uD83D\uDE00", "\uFFFD")) {
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", s(sk))));
        }
        var items = client.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("p"))))
                .items();
        assertThat(items.stream().map(i -> i.get("sk").s()).toList())
                .containsExactly("Z", "a", "ab", "b", "é", "\uFFFD", "\uD83D\uDE00");
        var prefixed = client.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a"))));
        assertThat(prefixed.items().stream().map(i -> i.get("sk").s())).containsExactly("a", "ab");

        String binary = DynamoDbEngineExtension.uniqueTableName("bin");
        client.createTable(b -> b.tableName(binary)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(definition("pk", ScalarAttributeType.S), definition("sk", ScalarAttributeType.B))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)));
        for (byte[] sk :
                List.of(new byte[] {(byte) 0x80}, new byte[] {0x7f}, new byte[] {0x00, 0x01}, new byte[] {0})) {
            client.putItem(b -> b.tableName(binary)
                    .item(Map.of("pk", s("p"), "sk", AttributeValue.fromB(SdkBytes.fromByteArray(sk)))));
        }
        var bins = client.query(b -> b.tableName(binary)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("p"))))
                .items();
        assertThat(bins.stream()
                        .map(i -> i.get("sk").b().asByteArray()[0] & 0xff)
                        .toList())
                .containsExactly(0, 0, 0x7f, 0x80);
    }

    @Test
    void limitCountsItemsBeforeTheFilterAndPagesResume() {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        int scanned = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = client.query(QueryRequest.builder()
                    .tableName(numbers)
                    .keyConditionExpression("pk = :p")
                    .filterExpression("odd = :t")
                    .expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true)))
                    .limit(2)
                    .exclusiveStartKey(from)
                    .build());
            assertThat(page.scannedCount()).isLessThanOrEqualTo(2);
            scanned += page.scannedCount();
            page.items().forEach(i -> seen.add(i.get("sk").n()));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly("-10", "-1.5", "0");
        assertThat(scanned).isEqualTo(6);
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void selectCountAndSpecificAttributes() {
        var count = client.query(b -> b.tableName(numbers)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))
                .select(Select.COUNT));
        assertThat(count.count()).isEqualTo(6);
        assertThat(count.hasItems()).isFalse();
        var specific = client.query(b -> b.tableName(numbers)
                .keyConditionExpression("pk = :p AND sk = :z")
                .projectionExpression("odd")
                .expressionAttributeValues(Map.of(":p", s("p"), ":z", n(0))));
        assertThat(specific.items()).containsExactly(Map.of("odd", AttributeValue.fromBool(true)));
    }

    @Test
    void globalIndexQueriesAreSparseAndProjected() {
        var page = client.query(b -> b.tableName(numbers)
                .indexName("byG")
                .keyConditionExpression("g = :g AND gs >= :one")
                .expressionAttributeValues(Map.of(":g", s("group"), ":one", n(1))));
        assertThat(page.items()).extracting(i -> i.get("gs").n()).containsExactly("1", "2", "3");
        assertThat(page.items().getFirst().keySet()).containsExactlyInAnyOrder("pk", "sk", "g", "gs", "odd");
        assertThat(page.items().getFirst().keySet()).doesNotContain("payload", "l");

        var all = client.query(b -> b.tableName(numbers)
                .indexName("allG")
                .keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("group")))
                .limit(3));
        assertThat(all.items()).hasSize(3);
        assertThat(all.items().getFirst()).containsKey("payload");
        assertThat(all.lastEvaluatedKey().keySet()).containsExactlyInAnyOrder("pk", "sk", "g");
        var rest = client.query(b -> b.tableName(numbers)
                .indexName("allG")
                .keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("group")))
                .exclusiveStartKey(all.lastEvaluatedKey()));
        assertThat(rest.items()).hasSize(1);
        Set<String> keys = new HashSet<>();
        all.items().forEach(i -> keys.add(i.get("sk").n()));
        rest.items().forEach(i -> keys.add(i.get("sk").n()));
        assertThat(keys).hasSize(4);
    }

    @Test
    void localIndexQueriesOrderByTheIndexSortKey() {
        var page = client.query(b -> b.tableName(numbers)
                .indexName("byL")
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))
                .consistentRead(true));
        assertThat(page.items()).extracting(i -> i.get("l").s()).containsExactly("l6", "l7", "l8", "l9");
        assertThat(page.items().getFirst().keySet()).containsExactlyInAnyOrder("pk", "sk", "l");
        var fetched = client.query(b -> b.tableName(numbers)
                .indexName("byL")
                .select(Select.ALL_ATTRIBUTES)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(fetched.items().getFirst()).containsKey("payload");
    }

    @Test
    void scanFiltersAndSegmentsCoverEveryItemOnce() {
        var all = client.scan(b -> b.tableName(numbers));
        assertThat(all.count()).isEqualTo(7);
        var filtered = client.scan(b -> b.tableName(numbers)
                .filterExpression("odd = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
        assertThat(filtered.count()).isEqualTo(3);
        assertThat(filtered.scannedCount()).isEqualTo(7);
        List<Map<String, AttributeValue>> union = new ArrayList<>();
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            union.addAll(
                    client
                            .scanPaginator(b -> b.tableName(numbers)
                                    .segment(seg)
                                    .totalSegments(3)
                                    .limit(1))
                            .items()
                            .stream()
                            .toList());
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(all.items());
        var index = client.scan(b -> b.tableName(numbers).indexName("byG"));
        assertThat(index.count()).isEqualTo(4);
    }

    @Test
    void pagesStopAtOneMegabyteAndCapacitySumsSizes() {
        String table = Sdk.table(client, "mb", true);
        String payload = "z".repeat(100 * 1024);
        for (int i = 0; i < 25; i++) {
            int v = i;
            client.putItem(b ->
                    b.tableName(table).item(Map.of("pk", s("p"), "sk", s("%03d".formatted(v)), "v", s(payload))));
        }
        var first = client.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(first.count()).isEqualTo(11);
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", s("010"));
        // 11 items of 102,409 bytes: 1,126,499 bytes, 276 units of 4 KB, halved for eventual consistency.
        assertThat(first.consumedCapacity().capacityUnits()).isEqualTo(138.0);
        int total = client
                .queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("p"))))
                .items()
                .stream()
                .mapToInt(i -> 1)
                .sum();
        assertThat(total).isEqualTo(25);
    }
}
