package dev.antipop.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.limit.TokenBucket.Decision;
import dev.antipop.core.limit.TokenBucket.State;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final TokenBucket bucket = new TokenBucket(20, 40);

    @Test
    void aFreshBucketAdmitsTheBurstAtOnceThenRefuses() {
        State state = null;
        for (int i = 0; i < 40; i++) {
            Decision decision = bucket.take(state, 1_000);
            assertThat(decision.admitted()).as("message %d", i + 1).isTrue();
            state = decision.next();
        }

        Decision refused = bucket.take(state, 1_000);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.next()).isEqualTo(state);
        assertThat(refused.retryAfterMillis()).isEqualTo(50); // one token per 1/20 s
    }

    @Test
    void tokensFlowBackAtTheRateAndNeverBeyondTheBurst() {
        State empty = new State(0, 1_000);

        assertThat(bucket.take(empty, 1_049).admitted()).isFalse();
        Decision afterOneTick = bucket.take(empty, 1_050);
        assertThat(afterOneTick.admitted()).isTrue();
        assertThat(afterOneTick.next().tokens()).isEqualTo(0.0);

        Decision afterAnHour = bucket.take(empty, 1_000 + 3_600_000);
        assertThat(afterAnHour.next().tokens()).isEqualTo(39.0);
    }

    @Test
    void aClockGoingBackwardsRefillsNothing() {
        assertThat(bucket.take(new State(0.5, 10_000), 5_000).admitted()).isFalse();
    }

    @Test
    void rejectsNonsenseParameters() {
        assertThatThrownBy(() -> new TokenBucket(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
