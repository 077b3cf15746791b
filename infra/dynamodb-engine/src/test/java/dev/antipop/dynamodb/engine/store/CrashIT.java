package dev.antipop.dynamodb.engine.store;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import dev.antipop.dynamodb.engine.conformance.Sdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The crash test: a child JVM serves a data directory under concurrent puts and transactions from this test, is
 * killed with {@code kill -9} ({@link Process#destroyForcibly()}) mid-load, and a server restarted on the directory
 * must hold every acknowledged write (with its stream record) and no half of any transaction.
 */
class CrashIT {

    private static final int THREADS = 6;
    private static final String TABLE = "crash";
    /** Acknowledged writes before the kill (more keep going while it happens). */
    private static final int ACKED_BEFORE_KILL = 150;

    @Test
    void everyAcknowledgedWriteSurvivesKillNine(@TempDir Path dir) throws Exception {
        Process child = startChild(dir);
        Set<String> ackedPuts = ConcurrentHashMap.newKeySet();
        Set<String> ackedTransactions = ConcurrentHashMap.newKeySet();
        Set<String> triedTransactions = ConcurrentHashMap.newKeySet();
        String streamArn;
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + readPort(child));
            assertThatThrownBy(() ->
                            DynamoDbServer.builder().port(0).dataDirectory(dir).start())
                    .as("a second process on the directory")
                    .hasMessageContaining("is in use by another process");
            try (DynamoDbClient client = client(endpoint)) {
                streamArn = client.createTable(b -> b.tableName(TABLE)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .attributeDefinitions(Sdk.definition("pk", ScalarAttributeType.S))
                                .keySchema(Sdk.key("pk", KeyType.HASH))
                                .streamSpecification(
                                        s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                        .tableDescription()
                        .latestStreamArn();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger acked = new AtomicInteger();
                CountDownLatch enough = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            try {
                                if (i % 2 == 0) {
                                    String key = "put-" + thread + "-" + i;
                                    long value = i;
                                    client.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s(key), "v", n(value))));
                                    ackedPuts.add(key);
                                } else {
                                    String tx = "tx-" + thread + "-" + i;
                                    triedTransactions.add(tx);
                                    client.transactWriteItems(b -> b.clientRequestToken(tx)
                                            .transactItems(put(tx + "-a", tx), put(tx + "-b", tx)));
                                    ackedTransactions.add(tx);
                                }
                                if (acked.incrementAndGet() >= ACKED_BEFORE_KILL) {
                                    enough.countDown();
                                }
                            } catch (RuntimeException e) {
                                if (!child.isAlive()) {
                                    return; // killed mid-request: the outcome of this one is unknown
                                }
                            }
                        }
                    }));
                }
                assertThat(enough.await(60, TimeUnit.SECONDS))
                        .as("the load reached enough acknowledged writes")
                        .isTrue();
                child.destroyForcibly(); // kill -9, with writers in flight
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                for (Thread thread : threads) {
                    thread.join(30_000);
                }
            }
        } finally {
            child.destroyForcibly();
        }

        try (DynamoDbServer server =
                        DynamoDbServer.builder().port(0).dataDirectory(dir).start();
                DynamoDbClient client = client(server.endpoint());
                DynamoDbStreamsClient streams = streams(server.endpoint())) {
            Set<String> found = new HashSet<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = client.scan(b -> b.tableName(TABLE).exclusiveStartKey(from));
                page.items().forEach(item -> found.add(item.get("pk").s()));
                start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } while (start != null);

            assertThat(found).as("every acknowledged put").containsAll(ackedPuts);
            for (String tx : ackedTransactions) {
                assertThat(found).as("acknowledged transaction " + tx).contains(tx + "-a", tx + "-b");
            }
            for (String tx : triedTransactions) {
                assertThat(found.contains(tx + "-a"))
                        .as("transaction " + tx + " is all or nothing")
                        .isEqualTo(found.contains(tx + "-b"));
            }
            Set<String> recorded = streamKeys(streams, streamArn);
            assertThat(recorded)
                    .as("a stream record for every acknowledged put")
                    .containsAll(ackedPuts);
            assertThat(recorded).as("no stream record without its item").isSubsetOf(found);

            // Tokens survive too: replaying an acknowledged transaction is idempotent.
            String replay = ackedTransactions.iterator().next();
            client.transactWriteItems(b ->
                    b.clientRequestToken(replay).transactItems(put(replay + "-a", replay), put(replay + "-b", replay)));
        }
    }

    private static TransactWriteItem put(String key, String tx) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(TABLE).item(Map.of("pk", s(key), "tx", s(tx))))
                .build();
    }

    private static Set<String> streamKeys(DynamoDbStreamsClient streams, String arn) {
        Set<String> keys = new HashSet<>();
        for (var shard : streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()) {
            String iterator = streams.getShardIterator(b ->
                            b.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current));
                page.records()
                        .forEach(r -> keys.add(r.dynamodb().keys().get("pk").s()));
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return keys;
    }

    private static Process startChild(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashTestServer.class.getName(),
                        dir.toString())
                .redirectError(
                        dir.resolveSibling(dir.getFileName() + "-child.log").toFile())
                .start();
    }

    private static int readPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> seen = new HashMap<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("PORT ")) {
                        synchronized (seen) {
                            seen.put("port", line.substring(5).trim());
                            seen.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child died
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        synchronized (seen) {
            while (!seen.containsKey("port")) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !child.isAlive()) {
                    throw new AssertionError("the child server did not print its port");
                }
                seen.wait(Math.min(left, 200));
            }
        }
        assertThat(reader).isNotNull();
        return Integer.parseInt(seen.get("port"));
    }

    private static DynamoDbClient client(URI endpoint) {
        return Sdk.client(endpoint);
    }

    private static DynamoDbStreamsClient streams(URI endpoint) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
