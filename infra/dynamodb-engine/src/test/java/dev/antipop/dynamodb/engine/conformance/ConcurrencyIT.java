package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** 32 threads of conditional writes and transactions on hot items break no invariant. */
class ConcurrencyIT {

    private static final int THREADS = 32;

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);

    private long read(String table, String pk, String attribute) {
        return Long.parseLong(client.getItem(
                        b -> b.tableName(table).key(Map.of("pk", s(pk))).consistentRead(true))
                .item()
                .get(attribute)
                .n());
    }

    private <T> List<T> race(java.util.concurrent.Callable<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGuardedCounterIsNeverSpentTwice() throws Exception {
        String table = Sdk.table(client, "counter", false);
        int stock = 800;
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("c"), "n", n(stock))));
        List<Integer> taken = race(() -> {
            int mine = 0;
            while (true) {
                try {
                    client.updateItem(b -> b.tableName(table)
                            .key(Map.of("pk", s("c")))
                            .updateExpression("SET n = n - :one")
                            .conditionExpression("n > :zero")
                            .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0))));
                    mine++;
                } catch (ConditionalCheckFailedException e) {
                    return mine;
                }
            }
        });
        assertThat(taken.stream().mapToInt(Integer::intValue).sum()).isEqualTo(stock);
        assertThat(read(table, "c", "n")).isZero();
    }

    @Test
    void transfersInTransactionsPreserveTheSum() throws Exception {
        String table = Sdk.table(client, "transfer", false);
        List<String> accounts = List.of("a", "b", "c");
        for (String account : accounts) {
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s(account), "balance", n(100))));
        }
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        race(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 40; i++) {
                int from = random.nextInt(3);
                int to = (from + 1 + random.nextInt(2)) % 3;
                long amount = 1 + random.nextInt(30);
                try {
                    client.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder()
                                    .update(u -> u.tableName(table)
                                            .key(Map.of("pk", s(accounts.get(from))))
                                            .updateExpression("SET balance = balance - :amount")
                                            .conditionExpression("balance >= :amount")
                                            .expressionAttributeValues(Map.of(":amount", n(amount))))
                                    .build(),
                            TransactWriteItem.builder()
                                    .update(u -> u.tableName(table)
                                            .key(Map.of("pk", s(accounts.get(to))))
                                            .updateExpression("SET balance = balance + :amount")
                                            .expressionAttributeValues(Map.of(":amount", n(amount))))
                                    .build()));
                    committed.incrementAndGet();
                } catch (TransactionCanceledException e) {
                    cancelled.incrementAndGet();
                }
            }
            return null;
        });
        long sum = 0;
        for (String account : accounts) {
            long balance = read(table, account, "balance");
            assertThat(balance).isNotNegative();
            sum += balance;
        }
        assertThat(sum).isEqualTo(300);
        assertThat(committed.get() + cancelled.get()).isEqualTo(THREADS * 40);
        assertThat(committed.get()).isPositive();
    }
}
