package dev.antipop.runtime.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    @Test
    void theLineShowsEventsDoneOfTheTotalTheRateAndTheTimeLeft() {
        Progress progress = new Progress(null, false, 1_000, 0, nanos::get);
        progress.add(250);
        nanos.addAndGet(1_000_000_000L);

        assertThat(progress.line()).isEqualTo("[######..................] 250/1,000 events  250 events/s  ETA 0:00:03");
    }

    @Test
    void eventsOfAnInterruptedRunCountAsDoneButNotInTheRate() {
        Progress progress = new Progress(null, false, 1_000, 500, nanos::get);
        progress.add(100);
        nanos.addAndGet(2_000_000_000L);

        assertThat(progress.done()).isEqualTo(600);
        assertThat(progress.rate()).isEqualTo(50.0);
        assertThat(progress.line()).contains("600/1,000 events", "50 events/s", "ETA 0:00:08");
    }

    @Test
    void aStaleTotalNeverShowsMoreThanAllAndNoRateHasNoEta() {
        Progress progress = new Progress(null, false, 10, 0, nanos::get);
        assertThat(progress.line()).endsWith("ETA --:--:--");
        progress.add(12);
        nanos.addAndGet(1_000_000_000L);
        assertThat(progress.line()).startsWith("[########################] 12/12 events");
    }

    @Test
    void withoutATerminalTheLastLineIsAPlainLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), false, 4, 0, nanos::get);
        progress.add(4);
        nanos.addAndGet(1_000_000_000L);
        progress.close();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("rebuild-projections [########################] 4/4 events  4 events/s  ETA 0:00:00"
                        + System.lineSeparator());
    }
}
