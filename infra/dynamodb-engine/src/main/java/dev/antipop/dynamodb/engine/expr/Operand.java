package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A resolved operand: a document path, a constant ({@code :v}), {@code size(path)}, or, in SET actions,
 * {@code if_not_exists}, {@code list_append} and {@code +}/{@code -}. Evaluates to {@code null} when the value does
 * not exist (a missing attribute, or {@code size} of a type without a size).
 */
sealed interface Operand {

    AttributeValue evaluate(Map<String, AttributeValue> item);

    /** A document path. */
    record PathOperand(DocumentPath path) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return path.get(item);
        }
    }

    /** An expression attribute value. */
    record Constant(AttributeValue value) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return value;
        }
    }

    /**
     * {@code size(path)} (developer guide, "size"): the length of a String (in UTF-16 code units, as DynamoDB counts
     * it: "é𝄞" has size 3), the bytes of a Binary, the elements of a set, list or map; other types have no size.
     */
    record Size(DocumentPath path) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue value = path.get(item);
            if (value == null) {
                return null;
            }
            long size = switch (value) {
                case AttributeValue.S s -> s.value().length();
                case AttributeValue.B b -> b.value().length();
                case AttributeValue.SS ss -> ss.value().size();
                case AttributeValue.NS ns -> ns.value().size();
                case AttributeValue.BS bs -> bs.value().size();
                case AttributeValue.L l -> l.value().size();
                case AttributeValue.M m -> m.value().size();
                case AttributeValue.N ignored -> -1;
                case AttributeValue.Bool ignored -> -1;
                case AttributeValue.Null ignored -> -1;
            };
            return size < 0 ? null : AttributeValue.n(size);
        }
    }

    /** {@code if_not_exists(path, operand)}: the value at the path, or the operand when the path does not exist. */
    record IfNotExists(DocumentPath path, Operand fallback) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue value = path.get(item);
            return value != null ? value : required(fallback, item);
        }
    }

    /** {@code list_append(a, b)}: the elements of list a, then those of list b. */
    record ListAppend(Operand first, Operand second) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue a = required(first, item);
            AttributeValue b = required(second, item);
            if (!(a instanceof AttributeValue.L x) || !(b instanceof AttributeValue.L y)) {
                throw incorrectType();
            }
            List<AttributeValue> out =
                    new ArrayList<>(x.value().size() + y.value().size());
            out.addAll(x.value());
            out.addAll(y.value());
            return new AttributeValue.L(out);
        }
    }

    /** {@code a + b} or {@code a - b}, on numbers only (developer guide, "Incrementing and decrementing"). */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue a = required(left, item);
            AttributeValue b = required(right, item);
            if (!(a instanceof AttributeValue.N x) || !(b instanceof AttributeValue.N y)) {
                throw incorrectType();
            }
            return new AttributeValue.N(Numbers.normalize(
                    plus ? x.value().add(y.value()) : x.value().subtract(y.value())));
        }
    }

    /** An operand of a SET action must exist: DynamoDB refuses to compute from a missing attribute. */
    static AttributeValue required(Operand operand, Map<String, AttributeValue> item) {
        AttributeValue value = operand.evaluate(item);
        if (value == null) {
            throw DynamoDbException.validation(
                    "The provided expression refers to an attribute that does not exist in the item");
        }
        return value;
    }

    static DynamoDbException incorrectType() {
        return DynamoDbException.validation("An operand in the update expression has an incorrect data type");
    }
}
