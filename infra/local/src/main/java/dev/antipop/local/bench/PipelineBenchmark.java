package dev.antipop.local.bench;

import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The command pipeline end to end on the local cloud running the given template (the root one): 16 senders, each
 * with its own user and WebSocket, send {@code UPDATE_PROFILE} commands in a closed loop for 15 s; for every command
 * the time from sending it to its event arriving on the sender's socket (matched by correlation id) is recorded.
 * Also: login latency with the argon2id parameters in use, and the DynamoDB engine's raw {@code TransactWriteItems}
 * latency and throughput measured in the same run (the store's ceiling). Prints figures; asserts nothing.
 */
public final class PipelineBenchmark {

    private static final int SENDERS = 16;
    private static final Duration RUN = Duration.ofSeconds(15);

    private PipelineBenchmark() {}

    /**
     * @param options the command line's options; ports become ephemeral
     * @return the exit status (0)
     */
    public static int run(LocalCloud.Options options, PrintStream out) {
        out.printf(
                "run-local bench-pipeline: JVM %s, %d processors, template %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.template());
        try (LocalCloud cloud = LocalCloud.start(options.withEphemeralPorts())) {
            out.printf("local cloud ready in %d ms%n", cloud.startDuration().toMillis());
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            rawTransactions(cloud.dynamoDb().client(), out);
            List<Session> users = new ArrayList<>();
            String password = "bench password " + UUID.randomUUID();
            for (int i = 0; i < SENDERS; i++) {
                users.add(client.signIn("bench-" + i + "-" + UUID.randomUUID() + "@example.com", password, "B" + i));
            }
            logins(client, users.get(0), password, out);
            commandToEvent(cloud, client, users, out);
            rawTransactions(cloud.dynamoDb().client(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("bench interrupted", e);
        } catch (Exception e) {
            throw new LocalCloudException("bench failed: " + e, e);
        }
        return 0;
    }

    private static void logins(AntipopClient client, Session user, String password, PrintStream out) {
        String email = client.me(user.accessToken()).body().path("email").asText();
        long[] samples = new long[15];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            Response response = client.login(email, password);
            samples[i] = System.nanoTime() - start;
            if (response.status() != 200) {
                out.println("login answered " + response.status() + " " + response.text());
            }
        }
        out.printf(
                "login (argon2id m=19456 KiB, t=2, p=1), %d sequential: p50 %.1f ms, max %.1f ms%n",
                samples.length, percentile(samples, 50), percentile(samples, 100));
    }

    private static void commandToEvent(LocalCloud cloud, AntipopClient client, List<Session> users, PrintStream out)
            throws Exception {
        List<EventSocket> sockets = new ArrayList<>();
        for (Session user : users) {
            sockets.add(client.connect(user.accessToken()));
        }
        Map<String, Long> sent = new ConcurrentHashMap<>();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        // Warm-up: a few commands per sender, not measured.
        send(
                client,
                users,
                pool,
                Duration.ofSeconds(3),
                new ConcurrentHashMap<>(),
                new AtomicLong(),
                new AtomicLong(),
                "warm");
        for (EventSocket socket : sockets) {
            socket.seen();
        }
        RequestTally requests = RequestTally.start(cloud);
        long begin = System.nanoTime();
        send(client, users, pool, RUN, sent, accepted, rejected, "run");
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();

        // Wait (bounded) for the stragglers, then match frames to commands by correlation id.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Long> received = new HashMap<>();
        while (System.nanoTime() < deadline) {
            received.clear();
            for (EventSocket socket : sockets) {
                for (EventSocket.Frame frame : socket.seen()) {
                    String correlationId = frame.json()
                            .path("data")
                            .path("meta")
                            .path("correlationId")
                            .asText("");
                    if (sent.containsKey(correlationId)) {
                        received.putIfAbsent(correlationId, frame.receivedNanos());
                    }
                }
            }
            if (received.size() >= sent.size()) {
                break;
            }
            Thread.onSpinWait();
        }
        long[] latencies = received.entrySet().stream()
                .mapToLong(e -> e.getValue() - sent.get(e.getKey()))
                .toArray();
        out.printf(
                "command -> event on the sender's WebSocket, %d senders, %d s: %.0f commands/s accepted, p50 %.1f ms,"
                        + " p99 %.1f ms (%d sent, %d 202, %d rejected, %d events matched)%n",
                SENDERS,
                RUN.toSeconds(),
                accepted.get() / seconds,
                percentile(latencies, 50),
                percentile(latencies, 99),
                sent.size(),
                accepted.get(),
                rejected.get(),
                received.size());
        out.printf(
                "DynamoDB requests per command (every function of the pipeline): %s%n", requests.per(accepted.get()));
        sockets.forEach(EventSocket::close);
    }

    private static void send(
            AntipopClient client,
            List<Session> users,
            ExecutorService pool,
            Duration duration,
            Map<String, Long> sent,
            AtomicLong accepted,
            AtomicLong rejected,
            String phase)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (Session user : users) {
            futures.add(pool.submit(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    String correlationId = phase + "-" + user.userId() + "-" + n++;
                    sent.put(correlationId, System.nanoTime());
                    Response response = client.command(
                            user.accessToken(),
                            "update-profile",
                            Map.of("displayName", correlationId),
                            correlationId,
                            null);
                    (response.status() == 202 ? accepted : rejected).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }

    /** The DynamoDB engine's own ceiling: TransactWriteItems of two conditional puts, single-threaded and 16 threads. */
    private static void rawTransactions(DynamoDbClient dynamoDb, PrintStream out) throws Exception {
        String table = dynamoDb.listTables().tableNames().stream()
                .filter(name -> name.endsWith("IdempotencyTable"))
                .findFirst()
                .orElseThrow();
        long[] single = new long[200];
        for (int i = 0; i < single.length; i++) {
            long start = System.nanoTime();
            transaction(dynamoDb, table);
            single[i] = System.nanoTime() - start;
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long begin = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    transaction(dynamoDb, table);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        out.printf(
                "raw DynamoDB engine TransactWriteItems (2 conditional puts): single-threaded p50 %.1f ms, p99 %.1f"
                        + " ms; 16 threads %.0f tx/s%n",
                percentile(single, 50), percentile(single, 99), done.get() / ((System.nanoTime() - begin) / 1e9));
    }

    private static void transaction(DynamoDbClient dynamoDb, String table) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            items.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table)
                            .item(Map.of("key", AttributeValue.fromS("bench#" + UUID.randomUUID())))
                            .conditionExpression("attribute_not_exists(#k)")
                            .expressionAttributeNames(Map.of("#k", "key"))
                            .build())
                    .build());
        }
        dynamoDb.transactWriteItems(b -> b.transactItems(items));
    }

    private static double percentile(long[] nanos, int p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
