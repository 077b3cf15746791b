package dev.antipop.dynamodb.engine.value;

import java.util.Map;

/**
 * An item's size as DynamoDB counts it (developer guide, "DynamoDB item sizes and formats"): the sum of the UTF-8
 * lengths of attribute names plus the sizes of their values, where a string is its UTF-8 length, a number is
 * approximately one byte per two significant digits plus one byte, a binary is its raw length, a BOOL or NULL is one
 * byte, a list or map is three bytes of overhead plus its elements with one byte of overhead each (map elements also
 * count their names), and a set is the sum of its members.
 *
 * <p>This size drives the 400 KB item limit, the 1 MB Query/Scan page, the 16 MB BatchGetItem response, and capacity
 * units.
 */
public final class ItemSize {

    private ItemSize() {}

    /** The size in bytes of an item (or key). */
    public static int of(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += utf8Length(e.getKey()) + valueSize(e.getValue());
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** The size in bytes of one value, without its name. */
    public static long valueSize(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> utf8Length(s.value());
            case AttributeValue.N n -> numberSize(n.value());
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.Bool ignored -> 1;
            case AttributeValue.Null ignored -> 1;
            case AttributeValue.M m -> {
                long total = 3;
                for (Map.Entry<String, AttributeValue> e : m.value().entrySet()) {
                    total += 1 + utf8Length(e.getKey()) + valueSize(e.getValue());
                }
                yield total;
            }
            case AttributeValue.L l -> {
                long total = 3;
                for (AttributeValue element : l.value()) {
                    total += 1 + valueSize(element);
                }
                yield total;
            }
            case AttributeValue.SS ss -> {
                long total = 0;
                for (String member : ss.value()) {
                    total += utf8Length(member);
                }
                yield total;
            }
            case AttributeValue.NS ns -> {
                long total = 0;
                for (java.math.BigDecimal member : ns.value()) {
                    total += numberSize(member);
                }
                yield total;
            }
            case AttributeValue.BS bs -> {
                long total = 0;
                for (AttributeValue.Bytes member : bs.value()) {
                    total += member.length();
                }
                yield total;
            }
        };
    }

    /** One byte per two significant digits (rounded up) plus one byte; leading and trailing zeros do not count. */
    static int numberSize(java.math.BigDecimal value) {
        int digits = value.signum() == 0 ? 1 : value.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    /** The UTF-8 length of a string, computed without encoding it. */
    public static int utf8Length(String s) {
        int length = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
