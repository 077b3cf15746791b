package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Arrays;
import java.util.Map;

/**
 * A small reference model of DynamoDB's condition semantics (developer guide, "Comparison operator and function
 * reference"), written independently of the engine's evaluator.
 */
final class ConditionModel {

    private ConditionModel() {}

    static AttributeValue get(Map<String, AttributeValue> item, String[] path) {
        AttributeValue value = item.get(path[0]);
        for (int i = 1; i < path.length && value != null; i++) {
            if (path[i].startsWith("[")) {
                int index = Integer.parseInt(path[i].substring(1, path[i].length() - 1));
                value = value instanceof AttributeValue.L l && index < l.value().size()
                        ? l.value().get(index)
                        : null;
            } else {
                value = value instanceof AttributeValue.M m ? m.value().get(path[i]) : null;
            }
        }
        return value;
    }

    /** The order of two values of one scalar type, or null when DynamoDB does not order them. */
    static Integer order(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return x.value().compareTo(y.value()); // ASCII only here: UTF-16 order is byte order
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return Arrays.compareUnsigned(x.value().bytes(), y.value().bytes());
        }
        return null;
    }

    static AttributeValue size(AttributeValue value) {
        return switch (value) {
            case null -> null;
            case AttributeValue.S s -> AttributeValue.n(s.value().length());
            case AttributeValue.B b -> AttributeValue.n(b.value().bytes().length);
            case AttributeValue.SS s -> AttributeValue.n(s.value().size());
            case AttributeValue.NS s -> AttributeValue.n(s.value().size());
            case AttributeValue.BS s -> AttributeValue.n(s.value().size());
            case AttributeValue.L l -> AttributeValue.n(l.value().size());
            case AttributeValue.M m -> AttributeValue.n(m.value().size());
            default -> null;
        };
    }

    static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
        if (value instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (value instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            byte[] v = b.value().bytes();
            byte[] q = p.value().bytes();
            return v.length >= q.length && Arrays.equals(Arrays.copyOf(v, q.length), q);
        }
        return false;
    }

    static boolean contains(AttributeValue value, AttributeValue part) {
        return switch (value) {
            case null -> false;
            case AttributeValue.S s ->
                part instanceof AttributeValue.S p && s.value().contains(p.value());
            case AttributeValue.B b ->
                part instanceof AttributeValue.B p
                        && indexOf(b.value().bytes(), p.value().bytes());
            case AttributeValue.SS s ->
                part instanceof AttributeValue.S p && s.value().contains(p.value());
            case AttributeValue.NS s ->
                part instanceof AttributeValue.N p && s.value().stream().anyMatch(x -> x.compareTo(p.value()) == 0);
            case AttributeValue.BS s ->
                part instanceof AttributeValue.B p && s.value().contains(p.value());
            case AttributeValue.L l -> l.value().contains(part);
            default -> false;
        };
    }

    private static boolean indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return true;
            }
        }
        return false;
    }
}
