package dev.antipop.dynamodb.engine.stream;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stream record's {@code SizeBytes}: its keys and images sized as DynamoDB sizes items (developer guide, "Item sizes
 * and formats"): names and strings by UTF-8 length, binaries by length, numbers about one byte per two significant
 * digits plus one, {@code BOOL} and {@code NULL} one byte, lists and maps three bytes plus one per element.
 */
final class RecordSize {

    private RecordSize() {}

    /** The size of one item or key, in bytes (0 for null). */
    static long of(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    private static long of(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> utf8(s.value());
            case AttributeValue.N n -> number(n.value());
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.Bool ignored -> 1;
            case AttributeValue.Null ignored -> 1;
            case AttributeValue.M m -> {
                long size = 3;
                for (Map.Entry<String, AttributeValue> e : m.value().entrySet()) {
                    size += 1 + utf8(e.getKey()) + of(e.getValue());
                }
                yield size;
            }
            case AttributeValue.L l -> {
                long size = 3;
                for (AttributeValue element : l.value()) {
                    size += 1 + of(element);
                }
                yield size;
            }
            case AttributeValue.SS ss ->
                ss.value().stream().mapToLong(RecordSize::utf8).sum();
            case AttributeValue.NS ns ->
                ns.value().stream().mapToLong(RecordSize::number).sum();
            case AttributeValue.BS bs ->
                bs.value().stream().mapToLong(AttributeValue.Bytes::length).sum();
        };
    }

    private static long number(BigDecimal value) {
        return (value.precision() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        // ASCII fast path: one byte per char.
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }
}
