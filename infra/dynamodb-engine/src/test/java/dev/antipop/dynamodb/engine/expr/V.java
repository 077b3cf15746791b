package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.Numbers;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Short constructors of attribute values for the expression tests. */
final class V {

    private V() {}

    static AttributeValue s(String s) {
        return AttributeValue.s(s);
    }

    static AttributeValue n(String n) {
        return AttributeValue.n(n);
    }

    static AttributeValue n(long n) {
        return AttributeValue.n(n);
    }

    static AttributeValue b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return AttributeValue.b(out);
    }

    static AttributeValue bool(boolean b) {
        return new AttributeValue.Bool(b);
    }

    static AttributeValue nul() {
        return AttributeValue.Null.INSTANCE;
    }

    static AttributeValue l(AttributeValue... values) {
        return new AttributeValue.L(List.of(values));
    }

    static AttributeValue ss(String... values) {
        return new AttributeValue.SS(new TreeSet<>(Arrays.asList(values)));
    }

    static AttributeValue ns(String... values) {
        TreeSet<BigDecimal> set = new TreeSet<>(BigDecimal::compareTo);
        for (String v : values) {
            set.add(Numbers.parse(v));
        }
        return new AttributeValue.NS(set);
    }

    static AttributeValue bs(byte[]... values) {
        return new AttributeValue.BS(
                Arrays.stream(values).map(AttributeValue.Bytes::new).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** A map value from alternating names and values. */
    static AttributeValue m(Object... pairs) {
        return new AttributeValue.M(item(pairs));
    }

    /** An item from alternating names and values. */
    static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return out;
    }

    /** Names from alternating placeholders and names. */
    static Map<String, String> names(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
