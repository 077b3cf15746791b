package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ValueOrder;
import java.util.List;
import java.util.Map;

/**
 * The evaluators of condition and filter expressions, with DynamoDB's semantics (developer guide, "Comparison
 * operator and function reference"): a comparison with a missing operand or between different types is false, not an
 * error ({@code <>} is the negation of {@code =}); {@code =} compares any two values deeply; ordering comparisons and
 * BETWEEN apply to S, N and B of one type.
 */
final class Conditions {

    private Conditions() {}

    record Compare(Ast.Comparator comparator, Operand left, Operand right) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue a = left.evaluate(item);
            AttributeValue b = right.evaluate(item);
            return switch (comparator) {
                case EQ -> a != null && a.equals(b);
                case NE -> a == null || !a.equals(b);
                case LT -> Values.ordered(a, b) && ValueOrder.compare(a, b) < 0;
                case LE -> Values.ordered(a, b) && ValueOrder.compare(a, b) <= 0;
                case GT -> Values.ordered(a, b) && ValueOrder.compare(a, b) > 0;
                case GE -> Values.ordered(a, b) && ValueOrder.compare(a, b) >= 0;
            };
        }
    }

    record Between(Operand operand, Operand low, Operand high) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue value = operand.evaluate(item);
            AttributeValue lo = low.evaluate(item);
            AttributeValue hi = high.evaluate(item);
            return Values.ordered(value, lo)
                    && Values.ordered(value, hi)
                    && ValueOrder.compare(value, lo) >= 0
                    && ValueOrder.compare(value, hi) <= 0;
        }
    }

    record In(Operand operand, List<Operand> candidates) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue value = operand.evaluate(item);
            if (value == null) {
                return false;
            }
            for (Operand candidate : candidates) {
                if (value.equals(candidate.evaluate(item))) {
                    return true;
                }
            }
            return false;
        }
    }

    record Exists(DocumentPath path) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return path.get(item) != null;
        }
    }

    record NotExists(DocumentPath path) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return path.get(item) == null;
        }
    }

    record TypeIs(DocumentPath path, String type) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue value = path.get(item);
            return value != null && value.type().equals(type);
        }
    }

    /** {@code begins_with(path, prefix)}: S with an S prefix, or B with a B prefix. */
    record BeginsWith(Operand operand, Operand prefix) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue value = operand.evaluate(item);
            AttributeValue p = prefix.evaluate(item);
            if (value instanceof AttributeValue.S s && p instanceof AttributeValue.S t) {
                return s.value().startsWith(t.value());
            }
            if (value instanceof AttributeValue.B b && p instanceof AttributeValue.B c) {
                return b.value().startsWith(c.value());
            }
            return false;
        }
    }

    /** {@code contains(path, operand)}: a substring of S, a subsequence of B, a member of a set, an element of L. */
    record Contains(Operand operand, Operand part) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue value = operand.evaluate(item);
            AttributeValue p = part.evaluate(item);
            if (value == null || p == null) {
                return false;
            }
            return switch (value) {
                case AttributeValue.S s ->
                    p instanceof AttributeValue.S t && s.value().contains(t.value());
                case AttributeValue.B b ->
                    p instanceof AttributeValue.B c && b.value().contains(c.value());
                case AttributeValue.SS ss ->
                    p instanceof AttributeValue.S t && ss.value().contains(t.value());
                case AttributeValue.NS ns ->
                    p instanceof AttributeValue.N n && ns.value().contains(n.value());
                case AttributeValue.BS bs ->
                    p instanceof AttributeValue.B c && bs.value().contains(c.value());
                case AttributeValue.L l -> l.value().contains(p);
                case AttributeValue.N ignored -> false;
                case AttributeValue.Bool ignored -> false;
                case AttributeValue.Null ignored -> false;
                case AttributeValue.M ignored -> false;
            };
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return !operand.test(item);
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) || right.test(item);
        }
    }
}
