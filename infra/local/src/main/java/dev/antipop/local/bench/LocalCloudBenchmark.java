package dev.antipop.local.bench;

import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.lambda.LocalFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@code run-local bench}: starts the local cloud on ephemeral ports with the bench template
 * ({@code bench/template.yaml}, ten no-op {@link BenchFunctions}) and prints figures; nothing is asserted.
 *
 * <ol>
 *   <li>start → every endpoint ready; each function's cold start; resident memory (VmRSS) with ten functions loaded;
 *   <li>HTTP route → no-op function → response: requests/s, p50, p99 with 16 concurrent clients for 10 s;
 *   <li>management API {@code POST @connections/{id}} with the AWS SDK client → frame received: p50, p99;
 *   <li>beside the two above, serverless-offline measured by the same clients ({@link ServerlessOfflinePeer});
 *   <li>the JVM's platform threads before, with {@value #SOCKETS} WebSockets open, and after they closed;
 *   <li>DynamoDB put → stream-mapped function invoked: p50, p99, with the raw put latency beside it (with and without
 *       the write notification); raw {@code TransactWriteItems} p50 single-threaded and throughput with 16 threads.
 * </ol>
 */
public final class LocalCloudBenchmark {

    private static final int CLIENTS = 16;
    private static final int SOCKETS = 300;

    private LocalCloudBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param options the command line's options; the template and ports are replaced (bench template, ephemeral)
     * @param out where the figures go
     * @return the exit status (0)
     */
    public static int run(LocalCloud.Options options, PrintStream out) {
        Path template = benchTemplate();
        LocalCloud.Options benchOptions = options.toBuilder()
                .template(template)
                .parameterOverrides(Map.of())
                .ephemeralPorts()
                .dbPath(null)
                .stackName("bench")
                .build();
        out.printf(
                "run-local bench: JVM %s, %d processors%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (LocalCloud cloud = LocalCloud.start(benchOptions)) {
            out.printf(
                    "(d) start -> all endpoints ready: %d ms%n",
                    cloud.startDuration().toMillis());
            coldStarts(cloud, out);
            out.printf(
                    "(d) resident memory with %d functions loaded: %s%n",
                    cloud.functions().size(), rss());
            httpThroughput(cloud, out);
            againstPeer(cloud, out);
            socketThreads(cloud, out);
            streamLatency(cloud, out);
            transactions(cloud, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("bench interrupted", e);
        } catch (Exception e) {
            throw new LocalCloudException("bench failed: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(template);
            } catch (IOException e) {
                out.println("could not delete " + template + ": " + e.getMessage());
            }
        }
        return 0;
    }

    private static void coldStarts(LocalCloud cloud, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (LocalFunction function : cloud.functions().values()) {
            function.warm();
            line.append(line.length() == 0 ? "" : ", ")
                    .append(function.functionName())
                    .append(' ')
                    .append(function.coldStart().map(Duration::toMillis).orElse(-1L))
                    .append(" ms");
        }
        out.println("(d) cold starts in start order (the first pays for Spring and class loading): " + line);
    }

    private static void httpThroughput(LocalCloud cloud, PrintStream out) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(CLIENTS))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud.httpEndpoint() + "/noop"))
                .build();
        // Warm-up long enough for the JIT to compile the request path (C2 is busy for seconds after start).
        runFor(Duration.ofSeconds(5), () -> client.send(request, HttpResponse.BodyHandlers.discarding()));
        Sampled result =
                runFor(Duration.ofSeconds(10), () -> client.send(request, HttpResponse.BodyHandlers.discarding()));
        out.printf(
                "(a) HTTP GET /noop -> no-op function, %d clients, 10 s: %.0f req/s, p50 %.2f ms, p99 %.2f ms (%d"
                        + " requests, %d errors)%n",
                CLIENTS,
                result.count / result.seconds,
                result.percentile(50),
                result.percentile(99),
                result.count,
                result.errors);
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<Void> call() throws Exception;
    }

    private static Sampled runFor(Duration duration, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        long begin = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(pool.submit(() -> {
                long[] samples = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = call.call();
                    if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = System.nanoTime() - start;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            all.add(future.get());
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();
        return new Sampled(concat(all), seconds, errors.get());
    }

    /**
     * (a) with autocannon and (b), each followed by the same measure against serverless-offline started beside the
     * local cloud ({@link ServerlessOfflinePeer}; skipped, in one line, where node or npm is missing).
     */
    private static void againstPeer(LocalCloud cloud, PrintStream out) throws Exception {
        Optional<NodeLoad> load = NodeLoad.prepare(out);
        URI noop = cloud.httpEndpoint().resolve("/noop");
        if (load.isPresent()) {
            ExternalHttpLoad.run(load.get(), "(a) HTTP GET " + noop.getPath() + " -> no-op function", noop, out);
        }
        Optional<ServerlessOfflinePeer> peer = ServerlessOfflinePeer.start(out);
        try {
            if (load.isPresent() && peer.isPresent()) {
                ExternalHttpLoad.run(
                        load.get(),
                        "(a') " + peer.get().label() + " GET /noop -> no-op handler",
                        peer.get().noopUrl(),
                        out);
            }
            Region region = Region.of(cloud.stack().region());
            Sampled ours = ManagementPostLoop.measure(
                    cloud.httpEndpoint(), cloud.webSocketEndpoint(), cloud.webSocketManagementEndpoint(), region);
            printManagement("(b) management API POST @connections -> frame received", ours, out);
            if (peer.isPresent()) {
                Sampled theirs = ManagementPostLoop.measure(
                        peer.get().noopUrl().resolve("/"),
                        peer.get().webSocket(),
                        peer.get().managementEndpoint(),
                        region);
                printManagement("(b') " + peer.get().label() + " POST @connections -> frame received", theirs, out);
            }
        } finally {
            peer.ifPresent(ServerlessOfflinePeer::close);
        }
    }

    private static void printManagement(String target, Sampled result, PrintStream out) {
        out.printf(
                "%s (%d sequential, SDK client on Apache5HttpClient): p50 %.2f ms, p99 %.2f ms%n",
                target, ManagementPostLoop.ROUNDS, result.percentile(50), result.percentile(99));
    }

    private static void socketThreads(LocalCloud cloud, PrintStream out) throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        HttpClient client = HttpClient.newHttpClient();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(SOCKETS);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            sockets.add(client.newWebSocketBuilder()
                    .buildAsync(cloud.webSocketEndpoint(), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.countDown();
                            return null;
                        }
                    })
                    .get(30, TimeUnit.SECONDS));
        }
        int open = threads.getThreadCount();
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
        if (!closed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(closed.getCount() + " sockets never saw the server's close frame");
        }
        // Let pools retire idle workers: sample until the count has not dropped for one second (10 s at most).
        int after = threads.getThreadCount();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(1)) {
            Thread.sleep(100);
            int now = threads.getThreadCount();
            if (now < after) {
                after = now;
                stableSince = System.nanoTime();
            }
        }
        out.printf(
                "(e) JVM platform threads: %d before, %d with %d WebSockets open, %d after they closed%n",
                before, open, SOCKETS, after);
    }

    private static void streamLatency(LocalCloud cloud, PrintStream out) throws Exception {
        DynamoDbClient dynamo = cloud.dynamoDb().client();
        int rounds = 300;
        long[] putToInvoke = new long[rounds];
        long[] put = new long[rounds];
        for (int i = -30; i < rounds; i++) {
            String id = "latency-" + i;
            long start = System.nanoTime();
            dynamo.putItem(b -> b.tableName("bench-events").item(Map.of("id", AttributeValue.fromS(id))));
            long putDone = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(10);
            Long seen;
            while ((seen = BenchFunctions.STREAM_ARRIVALS.get(id)) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("record " + id + " never reached the stream function");
                }
                Thread.onSpinWait();
            }
            if (i >= 0) {
                put[i] = putDone - start;
                putToInvoke[i] = seen - start;
            }
        }
        Sampled invoke = new Sampled(putToInvoke, 0, 0);
        Sampled raw = new Sampled(put, 0, 0);
        out.printf(
                "(c) DynamoDB put -> stream-mapped function invoked (%d sequential): p50 %.2f ms, p99 %.2f ms; raw put"
                        + " p50 %.2f ms, p99 %.2f ms%n",
                rounds, invoke.percentile(50), invoke.percentile(99), raw.percentile(50), raw.percentile(99));
        // What the write notification costs a put: the same puts against an engine without the listener.
        try (EmbeddedDynamoDb plain = EmbeddedDynamoDb.start(
                cloud.options().bindHost(), 0, null, cloud.stack().region(), false)) {
            plain.client()
                    .createTable(b -> b.tableName("plain")
                            .billingMode("PAY_PER_REQUEST")
                            .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                            .keySchema(k -> k.attributeName("id").keyType("HASH"))
                            .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE")));
            Sampled without = timePuts(plain.client(), "plain", rounds);
            Sampled with = timePuts(dynamo, "bench-events", rounds);
            out.printf(
                    "(c) raw put p50 with write notification %.3f ms, without (engine, no listener) %.3f ms%n",
                    with.percentile(50), without.percentile(50));
        }
    }

    private static Sampled timePuts(DynamoDbClient client, String table, int rounds) {
        long[] samples = new long[rounds];
        for (int i = -50; i < rounds; i++) {
            String id = "raw-" + table + "-" + i;
            long start = System.nanoTime();
            client.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id))));
            if (i >= 0) {
                samples[i] = System.nanoTime() - start;
            }
        }
        return new Sampled(samples, 0, 0);
    }

    private static void transactions(LocalCloud cloud, PrintStream out) throws Exception {
        DynamoDbClient dynamo = cloud.dynamoDb().client();
        AtomicLong sequence = new AtomicLong();
        Runnable append = () -> {
            long n = sequence.incrementAndGet();
            dynamo.transactWriteItems(b ->
                    b.transactItems(conditionalPut("tx-" + n + "-event"), conditionalPut("tx-" + n + "-idempotency")));
        };
        int rounds = 300;
        long[] samples = new long[rounds];
        for (int i = -30; i < rounds; i++) {
            long start = System.nanoTime();
            append.run();
            if (i >= 0) {
                samples[i] = System.nanoTime() - start;
            }
        }
        Sampled single = new Sampled(samples, 0, 0);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        AtomicLong done = new AtomicLong();
        long begin = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    append.run();
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();
        out.printf(
                "(c) TransactWriteItems (2 conditional puts, as an event append): p50 %.2f ms single-threaded; %.0f"
                        + " tx/s with %d threads%n",
                single.percentile(50), done.get() / seconds, CLIENTS);
    }

    private static TransactWriteItem conditionalPut(String id) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName("bench-events")
                        .item(Map.of("id", AttributeValue.fromS(id)))
                        .conditionExpression("attribute_not_exists(id)"))
                .build();
    }

    /** VmRSS from /proc/self/status (Linux), or a note when it cannot be read. */
    static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f MB", kb / 1024.0);
                }
            }
            return "VmRSS not in /proc/self/status";
        } catch (IOException | RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private static Path benchTemplate() {
        try (InputStream in = LocalCloudBenchmark.class.getResourceAsStream("/bench/template.yaml")) {
            if (in == null) {
                throw new LocalCloudException(
                        "bench/template.yaml is missing from the classpath (rebuild infra/local)");
            }
            Path file = Files.createTempFile("antipop-bench-", ".yaml");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new LocalCloudException("cannot write the bench template: " + e.getMessage(), e);
        }
    }

    private static long[] concat(List<long[]> parts) {
        long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
