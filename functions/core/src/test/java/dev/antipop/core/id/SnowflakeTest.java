package dev.antipop.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnowflakeTest {

    private static final long T0 = Instant.parse("2026-11-22T19:00:00.123Z").toEpochMilli();

    @Test
    void encodesTimestampNodeAndSequence() {
        Snowflake ids = new Snowflake(517, () -> T0);

        long first = ids.nextId();
        long second = ids.nextId();

        assertThat(Snowflake.timestampOf(first)).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(Snowflake.nodeIdOf(first)).isEqualTo(517);
        assertThat(Snowflake.sequenceOf(first)).isZero();
        assertThat(Snowflake.sequenceOf(second)).isEqualTo(1);
        assertThat(first).isEqualTo(((T0 - Snowflake.EPOCH.toEpochMilli()) << 22) | (517L << 12));
        assertThat(ids.nextIdString()).isEqualTo(Long.toString(first + 2));
    }

    @Test
    void idsAtTheEpochAndForExtremeNodesArePositive() {
        long epoch = Snowflake.EPOCH.toEpochMilli();
        assertThat(new Snowflake(0, () -> epoch).nextId()).isZero();
        long late = new Snowflake(1023, () -> epoch + (1L << 41) - 1).nextId();
        assertThat(late).isPositive();
        assertThat(Snowflake.nodeIdOf(late)).isEqualTo(1023);
    }

    @Test
    void staysMonotonicWhenTheClockStepsBack() {
        AtomicLong clock = new AtomicLong(T0);
        Snowflake ids = new Snowflake(3, clock::get);
        long beforeStep = ids.nextId();

        clock.set(T0 - 5_000); // NTP steps the clock back 5 s
        long afterStep1 = ids.nextId();
        long afterStep2 = ids.nextId();

        assertThat(afterStep1).isGreaterThan(beforeStep);
        assertThat(afterStep2).isGreaterThan(afterStep1);
        assertThat(Snowflake.timestampOf(afterStep1))
                .as("keeps the last timestamp")
                .isEqualTo(Instant.ofEpochMilli(T0));

        clock.set(T0 + 1);
        long caughtUp = ids.nextId();
        assertThat(caughtUp).isGreaterThan(afterStep2);
        assertThat(Snowflake.timestampOf(caughtUp)).isEqualTo(Instant.ofEpochMilli(T0 + 1));
    }

    @Test
    void spillsIntoTheNextMillisecondWhenTheSequenceIsExhausted() {
        Snowflake ids = new Snowflake(9, () -> T0);
        long previous = -1;
        for (int i = 0; i < 4096; i++) {
            long id = ids.nextId();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        assertThat(Snowflake.sequenceOf(previous)).isEqualTo(4095);

        long spilled = ids.nextId();

        assertThat(spilled).isGreaterThan(previous);
        assertThat(Snowflake.sequenceOf(spilled)).isZero();
        assertThat(Snowflake.timestampOf(spilled)).isEqualTo(Instant.ofEpochMilli(T0 + 1));
        assertThat(Snowflake.nodeIdOf(spilled)).isEqualTo(9);
    }

    @Test
    void isUniqueAndPerThreadIncreasingAcrossThreads() throws Exception {
        Snowflake ids = new Snowflake(1); // the real clock
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<long[]> task = () -> {
                    start.await();
                    long[] out = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        out[i] = ids.nextId();
                    }
                    return out;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            Set<Long> all = new HashSet<>();
            for (Future<long[]> future : futures) {
                long[] out = future.get();
                for (int i = 0; i < out.length; i++) {
                    if (i > 0) {
                        assertThat(out[i]).isGreaterThan(out[i - 1]);
                    }
                    all.add(out[i]);
                }
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsInvalidNodeIdsAndClocksBeforeTheEpoch() {
        assertThatThrownBy(() -> new Snowflake(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Snowflake(1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1023");
        Snowflake early = new Snowflake(0, () -> Snowflake.EPOCH.toEpochMilli() - 1);
        assertThatThrownBy(early::nextId).isInstanceOf(IllegalStateException.class);
    }
}
