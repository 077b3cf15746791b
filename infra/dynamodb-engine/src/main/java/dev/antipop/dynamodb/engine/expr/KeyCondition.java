package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ValueOrder;
import java.util.List;

/**
 * A Query's key condition ({@code KeyConditionExpression} or legacy {@code KeyConditions}): equality on the partition
 * key, and optionally one condition on the sort key (DynamoDB developer guide, "Key condition expressions for query").
 *
 * @param partitionKeyName the partition key attribute of the table or index queried
 * @param partitionKey the value it must equal
 * @param sortKey the sort key condition, or {@code null} for none
 */
public record KeyCondition(String partitionKeyName, AttributeValue partitionKey, SortKeyCondition sortKey) {

    /** The sort key comparators DynamoDB allows in a key condition. */
    public enum Operator {
        EQ,
        LT,
        LE,
        GT,
        GE,
        BETWEEN,
        BEGINS_WITH
    }

    /**
     * A condition on the sort key.
     *
     * @param sortKeyName the sort key attribute
     * @param operator the comparator
     * @param operands one operand, or two for {@code BETWEEN} (low, high)
     */
    public record SortKeyCondition(String sortKeyName, Operator operator, List<AttributeValue> operands) {

        /** Whether a sort key value satisfies the condition (values of another type never do). */
        public boolean matches(AttributeValue value) {
            AttributeValue first = operands.getFirst();
            if (!ValueOrder.comparable(value, first)) {
                return false;
            }
            int c = ValueOrder.compare(value, first);
            return switch (operator) {
                case EQ -> c == 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case BETWEEN -> c >= 0 && ValueOrder.compare(value, operands.get(1)) <= 0;
                case BEGINS_WITH ->
                    switch (value) {
                        case AttributeValue.S s -> s.value().startsWith(((AttributeValue.S) first).value());
                        case AttributeValue.B b -> b.value().startsWith(((AttributeValue.B) first).value());
                        default -> false;
                    };
            };
        }
    }
}
