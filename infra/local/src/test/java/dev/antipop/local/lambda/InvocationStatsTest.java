package dev.antipop.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvocationStatsTest {

    @Test
    void nothingRecordedHasNoPercentiles() {
        InvocationStats.Snapshot snapshot = new InvocationStats().snapshot();

        assertThat(snapshot.invocations()).isZero();
        assertThat(snapshot.p50()).isNull();
        assertThat(snapshot.p99()).isNull();
        assertThat(snapshot.lastErrors()).isEmpty();
    }

    @Test
    void percentilesAreNearestRankOverTheInvocations() {
        InvocationStats stats = new InvocationStats();
        // 1..100 ms, recorded out of order.
        for (int i = 100; i >= 1; i--) {
            stats.succeeded(Duration.ofMillis(i).toNanos());
        }

        InvocationStats.Snapshot snapshot = stats.snapshot();

        assertThat(snapshot.invocations()).isEqualTo(100);
        assertThat(snapshot.errors()).isZero();
        assertThat(snapshot.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(snapshot.p99()).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void percentilesCoverOnlyTheLatestWindow() {
        InvocationStats stats = new InvocationStats();
        for (int i = 0; i < InvocationStats.WINDOW; i++) {
            stats.succeeded(Duration.ofSeconds(10).toNanos());
        }
        for (int i = 0; i < InvocationStats.WINDOW; i++) {
            stats.succeeded(Duration.ofMillis(2).toNanos());
        }

        InvocationStats.Snapshot snapshot = stats.snapshot();

        assertThat(snapshot.invocations()).isEqualTo(2L * InvocationStats.WINDOW);
        assertThat(snapshot.p99()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void errorsAreCountedAndTheLastOnesKeptNewestFirstWithTheirRequestIds() {
        InvocationStats stats = new InvocationStats();
        for (int i = 0; i < InvocationStats.LAST_ERRORS + 5; i++) {
            stats.failed(1_000, "req-" + i, "java.lang.IllegalStateException", "failure " + i + "\n\tat somewhere");
        }
        stats.succeeded(1_000);

        InvocationStats.Snapshot snapshot = stats.snapshot();

        assertThat(snapshot.invocations()).isEqualTo(InvocationStats.LAST_ERRORS + 6);
        assertThat(snapshot.errors()).isEqualTo(InvocationStats.LAST_ERRORS + 5);
        assertThat(snapshot.lastErrors()).hasSize(InvocationStats.LAST_ERRORS);
        InvocationStats.Failure newest = snapshot.lastErrors().get(0);
        assertThat(newest.requestId()).isEqualTo("req-" + (InvocationStats.LAST_ERRORS + 4));
        assertThat(newest.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(newest.message()).isEqualTo("failure " + (InvocationStats.LAST_ERRORS + 4));
        assertThat(snapshot.lastErrors().get(InvocationStats.LAST_ERRORS - 1).requestId())
                .isEqualTo("req-5");
    }
}
