package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;

/**
 * A parsed condition or filter expression (or a legacy {@code Expected}/{@code QueryFilter}/{@code ScanFilter}),
 * with its placeholders resolved. Thread-safe; evaluates against one item.
 */
@FunctionalInterface
public interface Condition {

    /** The condition that always holds (no expression given). */
    Condition ALWAYS = item -> true;

    /**
     * Evaluates the condition.
     *
     * @param item the item's attributes; an empty map when the item does not exist
     * @return whether the condition holds
     * @throws dev.antipop.dynamodb.engine.DynamoDbException {@code ValidationException} where DynamoDB fails at
     *     evaluation time (for example an operand of the wrong type to {@code size} is simply false, as DynamoDB
     *     documents, but an invalid list index in a path is not)
     */
    boolean test(Map<String, AttributeValue> item);
}
