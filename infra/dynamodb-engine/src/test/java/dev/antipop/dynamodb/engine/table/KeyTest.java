package dev.antipop.dynamodb.engine.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

/** Key order: values as DynamoDB orders them; prefix bounds bracket every key that extends them. */
class KeyTest {

    private static final AttributeValue P = AttributeValue.s("p");

    @Test
    void numbersOrderNumericallyAndStringsByBytes() {
        assertThat(Key.of(P, AttributeValue.n("-10"))).isLessThan(Key.of(P, AttributeValue.n("2")));
        assertThat(Key.of(P, AttributeValue.n("2"))).isLessThan(Key.of(P, AttributeValue.n("10")));
        assertThat(Key.of(AttributeValue.s("Z"))).isLessThan(Key.of(AttributeValue.s("a")));
        assertThat(Key.of(AttributeValue.s("\uFFFD"))).isLessThan(Key.of(AttributeValue.s("\uD83D\uDE00")));
    }

    @Test
    void boundsBracketAPartition() {
        ConcurrentSkipListMap<Key, String> map = new ConcurrentSkipListMap<>();
        for (String p : List.of("a", "p", "z")) {
            for (int s = 0; s < 3; s++) {
                map.put(Key.of(AttributeValue.s(p), AttributeValue.n(s)), p + s);
            }
        }
        assertThat(map.subMap(Key.below(P), true, Key.above(P), true).values()).containsExactly("p0", "p1", "p2");
        assertThat(map.subMap(Key.below(P, AttributeValue.n(1)), true, Key.above(P), true)
                        .values())
                .containsExactly("p1", "p2");
        assertThat(map.subMap(Key.below(P), true, Key.below(P, AttributeValue.n(1)), true)
                        .values())
                .containsExactly("p0");
        assertThat(map.subMap(Key.above(P, AttributeValue.n(1)), true, Key.above(P), true)
                        .values())
                .containsExactly("p2");
    }
}
