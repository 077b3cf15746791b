package dev.antipop.dynamodb.engine.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * DynamoDB's order for scalar values (developer guide, "Query": sort key ordering; "Comparison operator and function
 * reference"): numbers numerically, strings by the unsigned bytes of their UTF-8 encoding, binaries by unsigned bytes.
 * Values of different types are not ordered against each other.
 */
public final class ValueOrder {

    /** Orders two scalars of the same type (S, N or B); see {@link #compare}. */
    public static final Comparator<AttributeValue> SCALARS = ValueOrder::compare;

    private ValueOrder() {}

    /**
     * Compares two scalars of the same type.
     *
     * @throws IllegalArgumentException when the types differ or are not S, N or B (callers decide what that means:
     *     a comparison between types is simply false in a condition)
     */
    public static int compare(AttributeValue a, AttributeValue b) {
        return switch (a) {
            case AttributeValue.N n
            when b instanceof AttributeValue.N m -> n.value().compareTo(m.value());
            case AttributeValue.S s when b instanceof AttributeValue.S t -> compareUtf8(s.value(), t.value());
            case AttributeValue.B x
            when b instanceof AttributeValue.B y -> x.value().compareTo(y.value());
            default -> throw new IllegalArgumentException("not comparable: " + a.type() + " and " + b.type());
        };
    }

    /** Whether {@link #compare} accepts the pair. */
    public static boolean comparable(AttributeValue a, AttributeValue b) {
        return a.type().equals(b.type())
                && (a instanceof AttributeValue.S || a instanceof AttributeValue.N || a instanceof AttributeValue.B);
    }

    /** Compares strings by the unsigned bytes of their UTF-8 encoding (not by UTF-16 code units). */
    public static int compareUtf8(String a, String b) {
        // Code point order equals UTF-8 byte order; compare code points without encoding when both are BMP-only.
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Arrays.compareUnsigned(
                            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
