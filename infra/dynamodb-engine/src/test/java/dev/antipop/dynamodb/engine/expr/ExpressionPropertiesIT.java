package dev.antipop.dynamodb.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.Numbers;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Query and Scan with random items, random key conditions and random filter expressions, through the real SDK v2
 * client against a running engine, compared with a plain in-memory model (a Java list, filtered and sorted): the
 * items returned, their order (sort key numerically, forwards or backwards), and pagination with {@code Limit} and
 * {@code ExclusiveStartKey}/{@code LastEvaluatedKey} (DynamoDB API reference, "Query" and "Scan").
 */
class ExpressionPropertiesIT {

    private static DynamoDbServer server;
    private static DynamoDbClient client;
    private static final AtomicInteger TABLES = new AtomicInteger();

    @BeforeContainer
    static void start() {
        server = DynamoDbServer.builder().port(0).start();
        client = client(server.endpoint());
    }

    @AfterContainer
    static void stop() {
        client.close();
        server.close();
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static String createTable() {
        String name = "expr-props-" + TABLES.incrementAndGet();
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        d -> d.attributeName("pk").attributeType(ScalarAttributeType.S),
                        d -> d.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        return name;
    }

    @Property(tries = 40)
    void queryAndScanWithFiltersAgreeWithTheModel(@ForAll long seed) {
        Random random = new Random(seed);
        ConditionGenerator.Generator generator = new ConditionGenerator.Generator(random);
        String table = createTable();
        try {
            List<Map<String, AttributeValue>> model = new ArrayList<>();
            int count = random.nextInt(25);
            for (int i = 0; i < count; i++) {
                Map<String, AttributeValue> item = generator.randomItem();
                item.put("pk", AttributeValue.s("p" + random.nextInt(3)));
                item.put("sk", AttributeValue.n(random.nextInt(41) - 20));
                model.removeIf(
                        m -> m.get("pk").equals(item.get("pk")) && m.get("sk").equals(item.get("sk")));
                model.add(item);
                client.putItem(b -> b.tableName(table).item(toSdk(item)));
            }
            ConditionGenerator.Gen filter = generator.condition(1);
            query(table, model, random, generator, filter);
            scan(table, model, random, generator, filter);
        } finally {
            client.deleteTable(b -> b.tableName(table));
        }
    }

    private static void query(
            String table,
            List<Map<String, AttributeValue>> model,
            Random random,
            ConditionGenerator.Generator generator,
            ConditionGenerator.Gen filter) {
        AttributeValue pk = AttributeValue.s("p" + random.nextInt(3));
        Map<String, AttributeValue> values = new LinkedHashMap<>(generator.values);
        values.put(":kp", pk);
        BigDecimal a = BigDecimal.valueOf(random.nextInt(41) - 20);
        BigDecimal b = a.add(BigDecimal.valueOf(random.nextInt(15)));
        String keyCondition = "pk = :kp";
        Predicate<BigDecimal> sortKey = x -> true;
        switch (random.nextInt(7)) {
            case 0 -> {}
            case 1 -> {
                keyCondition += " AND sk = :k1";
                sortKey = x -> x.compareTo(a) == 0;
            }
            case 2 -> {
                keyCondition += " AND sk < :k1";
                sortKey = x -> x.compareTo(a) < 0;
            }
            case 3 -> {
                keyCondition += " AND sk <= :k1";
                sortKey = x -> x.compareTo(a) <= 0;
            }
            case 4 -> {
                keyCondition += " AND sk > :k1";
                sortKey = x -> x.compareTo(a) > 0;
            }
            case 5 -> {
                keyCondition += " AND sk >= :k1";
                sortKey = x -> x.compareTo(a) >= 0;
            }
            default -> {
                keyCondition += " AND sk BETWEEN :k1 AND :k2";
                sortKey = x -> x.compareTo(a) >= 0 && x.compareTo(b) <= 0;
                values.put(":k2", new AttributeValue.N(b));
            }
        }
        if (keyCondition.contains(":k1")) {
            values.put(":k1", new AttributeValue.N(a));
        }
        boolean forward = random.nextBoolean();
        Integer limit = random.nextBoolean() ? null : 1 + random.nextInt(6);
        List<Object[]> projection = random.nextInt(3) == 0 ? randomProjection(random) : null;

        Predicate<BigDecimal> sortCondition = sortKey;
        Comparator<Map<String, AttributeValue>> order =
                Comparator.comparing(item -> ((AttributeValue.N) item.get("sk")).value());
        List<Map<String, AttributeValue>> expected = model.stream()
                .filter(item -> item.get("pk").equals(pk))
                .filter(item -> sortCondition.test(((AttributeValue.N) item.get("sk")).value()))
                .sorted(forward ? order : order.reversed())
                .filter(filter.reference())
                .map(item -> projection == null ? item : project(item, projection))
                .toList();

        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression(keyCondition)
                .filterExpression(filter.text())
                .expressionAttributeValues(toSdk(values))
                .scanIndexForward(forward)
                .limit(limit);
        if (projection != null) {
            request.projectionExpression(projection.stream()
                    .map(ExpressionPropertiesIT::pathText)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        if (!generator.names.isEmpty()) {
            request.expressionAttributeNames(generator.names);
        }
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> actual = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        int pages = 0;
        do {
            QueryResponse page = client.query(request.exclusiveStartKey(start).build());
            if (limit != null) {
                assertThat(page.scannedCount()).isLessThanOrEqualTo(limit);
            }
            assertThat(page.count()).isEqualTo(page.items().size()).isLessThanOrEqualTo(page.scannedCount());
            actual.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            assertThat(++pages).as("pages").isLessThan(100);
        } while (start != null);
        assertThat(actual)
                .as(
                        "Query %s / %s / %s with %s",
                        keyCondition,
                        filter.text(),
                        projection == null
                                ? "-"
                                : projection.stream()
                                        .map(ExpressionPropertiesIT::pathText)
                                        .toList(),
                        values)
                .isEqualTo(expected.stream().map(ExpressionPropertiesIT::toSdk).toList());
    }

    private static void scan(
            String table,
            List<Map<String, AttributeValue>> model,
            Random random,
            ConditionGenerator.Generator generator,
            ConditionGenerator.Gen filter) {
        Integer limit = random.nextBoolean() ? null : 1 + random.nextInt(6);
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table)
                .filterExpression(filter.text())
                .limit(limit);
        if (!generator.values.isEmpty()) {
            request.expressionAttributeValues(toSdk(generator.values));
        }
        if (!generator.names.isEmpty()) {
            request.expressionAttributeNames(generator.names);
        }
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> actual = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        int scanned = 0;
        do {
            ScanResponse page = client.scan(request.exclusiveStartKey(start).build());
            if (limit != null) {
                assertThat(page.scannedCount()).isLessThanOrEqualTo(limit);
            }
            scanned += page.scannedCount();
            actual.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(scanned).as("every item scanned once").isEqualTo(model.size());
        assertThat(actual)
                .as("Scan %s with %s", filter.text(), generator.values)
                .containsExactlyInAnyOrderElementsOf(model.stream()
                        .filter(filter.reference())
                        .map(ExpressionPropertiesIT::toSdk)
                        .toList());
    }

    /** One to four paths that neither overlap nor conflict (DynamoDB refuses those; tested elsewhere). */
    private static List<Object[]> randomProjection(Random random) {
        List<Object[]> candidates = new ArrayList<>(List.of(
                new Object[] {"pk"},
                new Object[] {"sk"},
                new Object[] {"a"},
                new Object[] {"b"},
                new Object[] {"c"},
                new Object[] {"m", "a"},
                new Object[] {"m", "x"},
                new Object[] {"m", "l", 1},
                new Object[] {"l", 0},
                new Object[] {"l", 2},
                new Object[] {"m"},
                new Object[] {"l"}));
        java.util.Collections.shuffle(candidates, random);
        List<Object[]> chosen = new ArrayList<>();
        for (Object[] candidate : candidates) {
            boolean clash = chosen.stream()
                    .anyMatch(other -> candidate[0].equals(other[0])
                            && (candidate.length == 1
                                    || other.length == 1
                                    || candidate[1].getClass() != other[1].getClass()));
            if (!clash) {
                chosen.add(candidate);
            }
            if (chosen.size() == 1 + random.nextInt(4)) {
                break;
            }
        }
        return chosen;
    }

    private static String pathText(Object[] path) {
        StringBuilder out = new StringBuilder((String) path[0]);
        for (int i = 1; i < path.length; i++) {
            out.append(path[i] instanceof Integer index ? "[" + index + "]" : "." + path[i]);
        }
        return out.toString();
    }

    /**
     * The model of a projection (developer guide, "Projection expressions"): the chosen parts of each path, nested maps
     * keeping only chosen keys, lists keeping only chosen elements in index order; missing parts are left out.
     */
    static Map<String, AttributeValue> project(Map<String, AttributeValue> item, List<Object[]> paths) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        // Chosen list elements come back in index order: visit the paths sorted (indexes here are single digits).
        List<Object[]> sorted = paths.stream()
                .sorted(Comparator.comparing(ExpressionPropertiesIT::pathText))
                .toList();
        for (Object[] path : sorted) {
            AttributeValue value = item.get((String) path[0]);
            AttributeValue projected = value == null ? null : projectPart(value, path, 1);
            if (projected != null) {
                out.merge((String) path[0], projected, ExpressionPropertiesIT::mergeParts);
            }
        }
        return out;
    }

    private static AttributeValue projectPart(AttributeValue value, Object[] path, int i) {
        if (i == path.length) {
            return value;
        }
        if (path[i] instanceof Integer index) {
            if (!(value instanceof AttributeValue.L l) || index >= l.value().size()) {
                return null;
            }
            AttributeValue inner = projectPart(l.value().get(index), path, i + 1);
            return inner == null ? null : new AttributeValue.L(List.of(inner));
        }
        if (!(value instanceof AttributeValue.M m) || !m.value().containsKey((String) path[i])) {
            return null;
        }
        AttributeValue inner = projectPart(m.value().get((String) path[i]), path, i + 1);
        return inner == null ? null : new AttributeValue.M(Map.of((String) path[i], inner));
    }

    private static AttributeValue mergeParts(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.M x && b instanceof AttributeValue.M y) {
            Map<String, AttributeValue> merged = new LinkedHashMap<>(x.value());
            y.value().forEach((k, v) -> merged.merge(k, v, ExpressionPropertiesIT::mergeParts));
            return new AttributeValue.M(merged);
        }
        if (a instanceof AttributeValue.L x && b instanceof AttributeValue.L y) {
            List<AttributeValue> merged = new ArrayList<>(x.value());
            merged.addAll(y.value());
            return new AttributeValue.L(merged);
        }
        throw new IllegalStateException("overlapping projection paths");
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
            Map<String, AttributeValue> item) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, toSdk(value)));
        return out;
    }

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s.value());
            case AttributeValue.N n -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(n.text());
            case AttributeValue.B b ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(
                        SdkBytes.fromByteArray(b.value().bytes()));
            case AttributeValue.Bool b ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(b.value());
            case AttributeValue.Null ignored ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true);
            case AttributeValue.M m ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(toSdk(m.value()));
            case AttributeValue.L l ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
                        l.value().stream().map(ExpressionPropertiesIT::toSdk).toList());
            case AttributeValue.SS ss ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.copyOf(ss.value()));
            case AttributeValue.NS ns ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(
                        ns.value().stream().map(Numbers::format).toList());
            case AttributeValue.BS bs ->
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBs(bs.value().stream()
                        .map(x -> SdkBytes.fromByteArray(x.bytes()))
                        .toList());
        };
    }
}
