package dev.antipop.dynamodb.engine.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Item sizes per the developer guide's "DynamoDB item sizes and formats". */
class ItemSizeTest {

    @Test
    void stringsCountUtf8BytesOfNameAndValue() {
        assertThat(ItemSize.of(Map.of("ab", AttributeValue.s("xyz")))).isEqualTo(5);
        assertThat(ItemSize.of(Map.of("é", AttributeValue.s("\uD83D\uDE00")))).isEqualTo(2 + 4);
        assertThat(ItemSize.utf8Length("a\u0800\uD83D\uDE00")).isEqualTo(1 + 3 + 4);
    }

    @Test
    void numbersCountOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(ItemSize.valueSize(AttributeValue.n("1"))).isEqualTo(2);
        assertThat(ItemSize.valueSize(AttributeValue.n("12"))).isEqualTo(2);
        assertThat(ItemSize.valueSize(AttributeValue.n("123"))).isEqualTo(3);
        assertThat(ItemSize.valueSize(AttributeValue.n("1000")))
                .as("trailing zeros trimmed")
                .isEqualTo(2);
        assertThat(ItemSize.valueSize(AttributeValue.n("0.00123")))
                .as("leading zeros trimmed")
                .isEqualTo(3);
        assertThat(ItemSize.valueSize(AttributeValue.n("12345678901234567890123456789012345678")))
                .isEqualTo(20);
    }

    @Test
    void binariesBooleansAndNulls() {
        assertThat(ItemSize.valueSize(AttributeValue.b(new byte[] {1, 2, 3}))).isEqualTo(3);
        assertThat(ItemSize.valueSize(AttributeValue.Bool.TRUE)).isEqualTo(1);
        assertThat(ItemSize.valueSize(AttributeValue.Null.INSTANCE)).isEqualTo(1);
    }

    @Test
    void listsAndMapsHaveThreeBytesPlusOnePerElement() {
        assertThat(ItemSize.valueSize(new AttributeValue.L(List.of()))).isEqualTo(3);
        assertThat(ItemSize.valueSize(new AttributeValue.M(Map.of()))).isEqualTo(3);
        assertThat(ItemSize.valueSize(new AttributeValue.L(List.of(AttributeValue.s("ab"), AttributeValue.n("1")))))
                .isEqualTo(3 + (1 + 2) + (1 + 2));
        assertThat(ItemSize.valueSize(new AttributeValue.M(Map.of("k", AttributeValue.s("ab")))))
                .isEqualTo(3 + 1 + 1 + 2);
    }

    @Test
    void setsSumTheirMembers() {
        assertThat(ItemSize.valueSize(new AttributeValue.SS(new TreeSet<>(List.of("a", "bc")))))
                .isEqualTo(3);
        TreeSet<BigDecimal> numbers = new TreeSet<>(List.of(new BigDecimal("1"), new BigDecimal("123")));
        assertThat(ItemSize.valueSize(new AttributeValue.NS(numbers))).isEqualTo(2 + 3);
    }
}
