package dev.antipop.local.bench;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code run-local bench-dynamodb}: Antipop's DynamoDB engine through the real AWS SDK v2 client over HTTP, each figure
 * printed beside the same figure for {@link MapFloorServer} (the same protocol and Jetty set-up over a plain map)
 * measured in the same run. Nothing is asserted. The latency figures are taken twice: with
 * {@code UrlConnectionHttpClient} (what the functions use; it sends a request's headers and body in two writes, which
 * costs about a millisecond per call on loopback) and with {@code Apache5HttpClient}.
 *
 * <ol>
 *   <li>start: a server built and listening (the first engine start in the JVM, and a second one);
 *   <li>PutItem p50 single-threaded (200-byte items, the table's stream on);
 *   <li>TransactWriteItems of 2 conditional puts: p50 single-threaded, and transactions/s with 16 threads;
 *   <li>Query of one partition of 100 items: p50;
 *   <li>write → stream listener notified: p50 from the SDK call to the listener call;
 *   <li>memory with 1 M items of 200 B: heap after a full GC, and the process's RSS.
 * </ol>
 */
public final class DynamoDbBenchmark {

    private static final int THREADS = 16;
    private static final int ROUNDS = 5_000;
    private static final String TABLE = "bench";
    private static final String PAYLOAD = "x".repeat(160);

    private DynamoDbBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param host the interface the servers listen on
     * @param out where the figures go
     * @return the exit status (0)
     * @throws dev.antipop.local.LocalCloudException when a server cannot start or an operation fails
     */
    public static int run(String host, PrintStream out) {
        try {
            return measure(host, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.antipop.local.LocalCloudException("bench-dynamodb interrupted", e);
        } catch (Exception e) {
            throw new dev.antipop.local.LocalCloudException("bench-dynamodb failed: " + e, e);
        }
    }

    private static int measure(String host, PrintStream out) throws Exception {
        out.printf(
                "run-local bench-dynamodb: JVM %s, %d processors; engine beside the in-memory map floor (same wire"
                        + " protocol, same Jetty), SDK v2 over loopback with two of its HTTP clients%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        long begin = System.nanoTime();
        DynamoDbServer engine = DynamoDbServer.builder().host(host).port(0).start();
        double engineFirstStart = (System.nanoTime() - begin) / 1e6;
        begin = System.nanoTime();
        MapFloorServer floor = new MapFloorServer(host);
        double floorStart = (System.nanoTime() - begin) / 1e6;
        begin = System.nanoTime();
        DynamoDbServer.builder().host(host).port(0).start().close();
        double engineSecondStart = (System.nanoTime() - begin) / 1e6;
        out.printf(
                "start: engine %.1f ms (first in this JVM), %.1f ms (second); floor %.1f ms (after the engine loaded"
                        + " Jetty)%n",
                engineFirstStart, engineSecondStart, floorStart);

        AtomicLong engineNotified = new AtomicLong();
        engine.engine().streams().addListener((arn, shard, sequence) -> engineNotified.set(System.nanoTime()));
        AtomicLong floorNotified = new AtomicLong();
        floor.onWrite(() -> floorNotified.set(System.nanoTime()));

        SdkHttpClient urlConnection = UrlConnectionHttpClient.builder().build();
        SdkHttpClient apache5 = Apache5HttpClient.builder().build();
        try (DynamoDbClient engineClient = client(engine.endpoint(), urlConnection);
                DynamoDbClient floorClient = client(floor.endpoint(), urlConnection);
                DynamoDbClient engineApache = client(engine.endpoint(), apache5);
                DynamoDbClient floorApache = client(floor.endpoint(), apache5)) {
            createTable(engineClient);
            out.printf("-- SDK HTTP client: UrlConnectionHttpClient (what the functions use)%n");
            latencies("url", engineClient, floorClient, engineNotified, floorNotified, out);
            out.printf("-- SDK HTTP client: Apache5HttpClient%n");
            latencies("apache5", engineApache, floorApache, engineNotified, floorNotified, out);

            out.printf("memory with 1,000,000 items of 200 B (heap after full GC, process RSS):%n");
            long heapBefore = heapAfterGc();
            load(floorApache);
            long floorHeap = heapAfterGc() - heapBefore;
            out.printf(
                    "  floor:  heap +%d MB (%d items), RSS %s%n",
                    floorHeap >> 20, floor.size(), LocalCloudBenchmark.rss());
            floor.close();
            heapBefore = heapAfterGc();
            load(engineApache);
            long engineHeap = heapAfterGc() - heapBefore;
            out.printf(
                    "  engine: heap +%d MB, RSS %s (stream records of the 1 M writes included)%n",
                    engineHeap >> 20, LocalCloudBenchmark.rss());
        } finally {
            urlConnection.close();
            apache5.close();
            engine.close();
        }
        return 0;
    }

    /** The latency and throughput figures through one SDK HTTP client, engine beside floor; keys start with {@code tag}. */
    private static void latencies(
            String tag,
            DynamoDbClient engineClient,
            DynamoDbClient floorClient,
            AtomicLong engineNotified,
            AtomicLong floorNotified,
            PrintStream out)
            throws Exception {
        for (DynamoDbClient client : List.of(engineClient, floorClient)) {
            // Warm-up: the JIT compiles the SDK, Jetty and engine paths before anything is timed.
            time(ROUNDS, i -> put(client, tag + "-warm", "w" + i));
            time(ROUNDS / 2, i -> transact(client, tag + "-warm-tx-" + i));
        }
        Sampled enginePut = time(ROUNDS, i -> put(engineClient, tag + "-put", "p" + i));
        Sampled floorPut = time(ROUNDS, i -> put(floorClient, tag + "-put", "p" + i));
        line(out, "PutItem p50, single-threaded", enginePut, floorPut);

        Sampled engineTx = time(ROUNDS, i -> transact(engineClient, tag + "-tx-" + i));
        Sampled floorTx = time(ROUNDS, i -> transact(floorClient, tag + "-tx-" + i));
        line(out, "TransactWriteItems (2 conditional puts) p50, single-threaded", engineTx, floorTx);

        double engineRate = throughput(engineClient, tag + "-mt-engine");
        double floorRate = throughput(floorClient, tag + "-mt-floor");
        out.printf(
                "TransactWriteItems with %d threads: engine %.0f tx/s, floor %.0f tx/s (%.0f%% of the floor)%n",
                THREADS, engineRate, floorRate, 100 * engineRate / floorRate);

        String partition = tag + "-q";
        for (int i = 0; i < 100; i++) {
            put(engineClient, partition, String.format("%03d", i));
            put(floorClient, partition, String.format("%03d", i));
        }
        Sampled engineQuery = time(ROUNDS / 2, i -> query(engineClient, partition));
        Sampled floorQuery = time(ROUNDS / 2, i -> query(floorClient, partition));
        line(out, "Query of 100 items p50", engineQuery, floorQuery);

        Sampled engineWake = notified(engineClient, tag, engineNotified);
        Sampled floorWake = notified(floorClient, tag, floorNotified);
        line(out, "write -> stream listener notified p50", engineWake, floorWake);
    }

    private static void line(PrintStream out, String what, Sampled engine, Sampled floor) {
        out.printf(
                "%s: engine %.3f ms (p99 %.3f), floor %.3f ms (p99 %.3f); engine's own cost %.3f ms%n",
                what,
                engine.percentile(50),
                engine.percentile(99),
                floor.percentile(50),
                floor.percentile(99),
                engine.percentile(50) - floor.percentile(50));
    }

    private static DynamoDbClient client(URI endpoint, SdkHttpClient http) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(http)
                .build();
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName(TABLE)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType("S"),
                        a -> a.attributeName("sk").attributeType("S"))
                .keySchema(
                        k -> k.attributeName("pk").keyType("HASH"),
                        k -> k.attributeName("sk").keyType("RANGE"))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE")));
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of(
                "pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromS(sk),
                "data", AttributeValue.fromS(PAYLOAD));
    }

    private static void put(DynamoDbClient client, String pk, String sk) {
        client.putItem(b -> b.tableName(TABLE).item(item(pk, sk)));
    }

    /** Two conditional puts in one transaction, as an event append with its idempotency item. */
    private static void transact(DynamoDbClient client, String id) {
        client.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder()
                        .put(p ->
                                p.tableName(TABLE).item(item(id, "1")).conditionExpression("attribute_not_exists(pk)"))
                        .build(),
                TransactWriteItem.builder()
                        .put(p -> p.tableName(TABLE)
                                .item(item("idem-" + id, "0"))
                                .conditionExpression("attribute_not_exists(pk)"))
                        .build()));
    }

    private static void query(DynamoDbClient client, String partition) {
        int count = client.query(b -> b.tableName(TABLE)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition))))
                .count();
        if (count != 100) {
            throw new IllegalStateException("Query returned " + count + " items, not 100");
        }
    }

    private static Sampled time(int rounds, IntConsumer operation) {
        long[] samples = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            operation.accept(i);
            samples[i] = System.nanoTime() - start;
        }
        return new Sampled(samples, 0, 0);
    }

    private static Sampled notified(DynamoDbClient client, String tag, AtomicLong notifiedAt) {
        long[] samples = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            put(client, tag + "-wake", "n" + i);
            long at = notifiedAt.get();
            if (at < start) {
                throw new IllegalStateException("the listener was not called for write " + i);
            }
            samples[i] = at - start;
        }
        return new Sampled(samples, 0, 0);
    }

    private static double throughput(DynamoDbClient client, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicLong done = new AtomicLong();
        long seconds = 5;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    transact(client, prefix + "-" + thread + "-" + i);
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return done.get() / (double) seconds;
    }

    /** 1 M items of about 200 B (names plus values, as DynamoDB sizes them) with BatchWriteItem, 4 threads. */
    private static void load(DynamoDbClient client) throws Exception {
        int batches = 40_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong next = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    List<WriteRequest> writes = new ArrayList<>(25);
                    for (int i = 0; i < 25; i++) {
                        Map<String, AttributeValue> item = item("load-" + b, String.format("%02d", i));
                        writes.add(WriteRequest.builder()
                                .putRequest(p -> p.item(item))
                                .build());
                    }
                    client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, writes)));
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
