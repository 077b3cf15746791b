package dev.antipop.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosTest {

    @Test
    void settingsParseTheSeedAndOverridesAndPrintThemBack() {
        ChaosSettings settings = ChaosSettings.parse("42,fail=0.2,poison=0,delay-ms=500");

        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.rate(Fault.FAILED_BATCH)).isEqualTo(0.2);
        assertThat(settings.rate(Fault.POISON_RECORD)).isZero();
        assertThat(settings.rate(Fault.DUPLICATE_BATCH))
                .isEqualTo(ChaosSettings.DEFAULT_RATES.get(Fault.DUPLICATE_BATCH));
        assertThat(settings.maxStreamDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(ChaosSettings.parse(settings.toOption())).isEqualTo(settings);
        assertThat(ChaosSettings.parse("7")).isEqualTo(ChaosSettings.defaults(7));
    }

    @Test
    void badSettingsAreRefusedNamingTheMistake() {
        assertThatThrownBy(() -> ChaosSettings.parse("x")).hasMessageContaining("seed");
        assertThatThrownBy(() -> ChaosSettings.parse("1,fail=2")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ChaosSettings.parse("1,nope=0.1")).hasMessageContaining("unknown fault nope");
        assertThatThrownBy(() -> ChaosSettings.parse("1,fail")).hasMessageContaining("key=value");
    }

    @Test
    void aDecisionDependsOnlyOnSeedFaultAndKey() {
        Chaos first = Chaos.of(ChaosSettings.defaults(5).with(Fault.FAILED_BATCH, 0.5));
        Chaos second = Chaos.of(ChaosSettings.defaults(5).with(Fault.FAILED_BATCH, 0.5));
        Chaos otherSeed = Chaos.of(ChaosSettings.defaults(6).with(Fault.FAILED_BATCH, 0.5));
        List<Boolean> a = new ArrayList<>();
        List<Boolean> b = new ArrayList<>();
        List<Boolean> c = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            a.add(first.hits(Fault.FAILED_BATCH, "f", "key" + i));
        }
        // The same keys asked in reverse order (as concurrent threads might) meet the same faults.
        for (int i = 199; i >= 0; i--) {
            b.add(0, second.hits(Fault.FAILED_BATCH, "f", "key" + i));
            c.add(0, otherSeed.hits(Fault.FAILED_BATCH, "f", "key" + i));
        }

        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        long hits = a.stream().filter(x -> x).count();
        assertThat(hits).isBetween(70L, 130L);
        assertThat(first.injected(Fault.FAILED_BATCH)).isEqualTo(hits);
    }

    @Test
    void ratesZeroAndOneAndOffAreExact() {
        Chaos always = Chaos.of(new ChaosSettings(1, Map.of(Fault.GONE_POST, 1.0), Duration.ZERO));
        for (int i = 0; i < 50; i++) {
            assertThat(always.hits(Fault.GONE_POST, "ws", "c#" + i)).isTrue();
            assertThat(always.hits(Fault.THROTTLED_POST, "ws", "c#" + i)).isFalse();
            assertThat(Chaos.off().hits(Fault.GONE_POST, "ws", "c#" + i)).isFalse();
        }
        assertThat(Chaos.off().report()).isNull();
        assertThat(always.report())
                .containsEntry("seed", 1L)
                .containsKey("option")
                .extractingByKey("injected")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("gone-post", 50L);
    }

    @Test
    void aStreamDelayIsWithinTheMaximum() {
        Chaos chaos = Chaos.of(new ChaosSettings(3, Map.of(Fault.STREAM_DELAY, 1.0), Duration.ofMillis(40)));
        for (int i = 0; i < 100; i++) {
            assertThat(chaos.streamDelay("f", "k" + i)).isBetween(Duration.ZERO, Duration.ofMillis(40));
        }
        assertThat(Chaos.of(ChaosSettings.defaults(3).with(Fault.STREAM_DELAY, 0))
                        .streamDelay("f", "k"))
                .isZero();
    }
}
