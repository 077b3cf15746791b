package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.core.subject.Subject;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicLogIT {

    private static final Instant T0 = Instant.parse("2026-11-30T14:00:00.000Z");

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static AntipopTables dynamo;
    private static int tables;

    @BeforeAll
    static void openTables() {
        dynamo = AntipopTables.on(engine.endpoint());
    }

    @AfterAll
    static void closeClient() {
        dynamo.close();
    }

    private static String newTable() {
        String table = "topic-log-" + (++tables);
        dynamo.createTopicLogTable(table);
        return table;
    }

    private static List<Long> seqs(TopicLog log, String partition) {
        return log.read(partition, 0, 1000).stream().map(TopicLog.Entry::seq).toList();
    }

    private static long queries() {
        return requests("Query");
    }

    private static long requests(String operation) {
        return engine.engine().requestCounts().getOrDefault(operation, 0L);
    }

    @Test
    void oneWriterAppendsADenseSequenceWithOneQueryPerPartition() {
        String table = newTable();
        TopicLog log = new TopicLog(dynamo.client(), table, new MutableClock(T0));

        long before = queries();
        long transactionsBefore = requests("TransactWriteItems");
        long putsBefore = requests("PutItem");
        for (int i = 1; i <= 5; i++) {
            log.append(Subject.parse("user.u1.events"), "s#" + i, "{}");
        }
        long spent = queries() - before;
        // Both partitions of each event in one transaction.
        assertThat(requests("TransactWriteItems") - transactionsBefore).isEqualTo(5);
        assertThat(requests("PutItem") - putsBefore).isZero();

        long first = T0.toEpochMilli() * 1000;
        List<Long> dense = LongStream.range(first, first + 5).boxed().toList();
        assertThat(seqs(log, "user.u1")).isEqualTo(dense);
        assertThat(seqs(log, "user.u1.events")).isEqualTo(dense);
        // Each of the two partitions read its head once; later appends used the head this writer wrote.
        assertThat(spent).isEqualTo(2);
        assertThat(log.read("user.u1.events", first + 2, 10))
                .extracting(TopicLog.Entry::eventKey)
                .containsExactly("s#4", "s#5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"articles.all", "articles.all.comments"})
    void aWriterWhoseHeadIsStaleRereadsItAndLeavesNoGap(String target) {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);
        TopicLog first = new TopicLog(dynamo.client(), table, clock);
        TopicLog second = new TopicLog(dynamo.client(), table, clock);
        Subject topic = Subject.parse(target);

        first.append(topic, "a#1", "{}");
        second.append(topic, "a#2", "{}");
        second.append(topic, "a#3", "{}");
        first.append(topic, "a#4", "{}"); // its head (a#1's) is stale: the put fails, it re-reads, writes after a#3

        long start = T0.toEpochMilli() * 1000;
        assertThat(first.read("articles.all", 0, 10))
                .extracting(TopicLog.Entry::seq, TopicLog.Entry::eventKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(start, "a#1"),
                        org.assertj.core.groups.Tuple.tuple(start + 1, "a#2"),
                        org.assertj.core.groups.Tuple.tuple(start + 2, "a#3"),
                        org.assertj.core.groups.Tuple.tuple(start + 3, "a#4"));
    }

    @Test
    void aHeadRememberedLongerThanTheCacheAgeIsReadAgain() {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);
        TopicLog log = new TopicLog(dynamo.client(), table, clock);
        Subject topic = Subject.parse("kv.bucket");
        log.append(topic, "k#1", "{}");

        clock.advance(TopicLog.HEAD_CACHE_AGE.plus(Duration.ofSeconds(1)));
        long before = queries();
        log.append(topic, "k#2", "{}");

        assertThat(queries() - before).isEqualTo(1);
        assertThat(seqs(log, "kv.bucket")).containsExactly(T0.toEpochMilli() * 1000, T0.toEpochMilli() * 1000 + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat.room", "chat.room.7"})
    void concurrentWritersOnOnePartitionNeverDuplicateOrSkipASequenceNumber(String target) throws Exception {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);
        List<TopicLog> writers = List.of(
                new TopicLog(dynamo.client(), table, clock),
                new TopicLog(dynamo.client(), table, clock),
                new TopicLog(dynamo.client(), table, clock));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                TopicLog writer = writers.get(t % writers.size());
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        writer.append(Subject.parse(target), "t" + thread + "#" + i, "{}");
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<TopicLog.Entry> entries = writers.get(0).read("chat.room", 0, 1000);
        long start = T0.toEpochMilli() * 1000;
        assertThat(entries)
                .extracting(TopicLog.Entry::seq)
                .isEqualTo(LongStream.range(start, start + 90).boxed().toList());
        assertThat(entries).extracting(TopicLog.Entry::eventKey).doesNotHaveDuplicates();
    }
}
