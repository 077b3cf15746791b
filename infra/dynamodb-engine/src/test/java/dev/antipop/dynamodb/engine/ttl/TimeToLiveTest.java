package dev.antipop.dynamodb.engine.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeToLiveTest {

    private static final long NOW = 1_800_000_000L;

    @ParameterizedTest(name = "ttl {0} at now → expired {1}")
    @CsvSource({
        "1799999999, true", // one second ago
        "1799999999.5, true",
        "1800000000, false", // now: not less than now
        "1800000001, false", // future
        "1642320000, true", // about five years ago, within the window
        "1600000000, false", // more than five years ago: never deleted
    })
    void expiresWhenTheNumberIsBeforeNow(String ttl, boolean expired) {
        assertThat(TimeToLive.isExpired(Map.of("ttl", AttributeValue.n(ttl)), "ttl", NOW))
                .isEqualTo(expired);
    }

    @Test
    void onlyATopLevelNumberCounts() {
        assertThat(TimeToLive.isExpired(Map.of("ttl", AttributeValue.s("1")), "ttl", NOW))
                .isFalse();
        assertThat(TimeToLive.isExpired(Map.of("other", AttributeValue.n(1L)), "ttl", NOW))
                .isFalse();
        assertThat(TimeToLive.isExpired(
                        Map.of("ttl", new AttributeValue.M(Map.of("ttl", AttributeValue.n(NOW - 1)))), "ttl", NOW))
                .isFalse();
    }
}
