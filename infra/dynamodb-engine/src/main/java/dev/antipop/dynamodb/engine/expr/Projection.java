package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;

/**
 * A parsed projection expression (or legacy {@code AttributesToGet}): the paths to keep, nested paths and list indexes
 * included, as DynamoDB's {@code ProjectionExpression} returns them.
 */
@FunctionalInterface
public interface Projection {

    /** Keeps every attribute. */
    Projection ALL = item -> item;

    /** The projected copy of {@code item} (attributes missing from the item are simply absent). */
    Map<String, AttributeValue> apply(Map<String, AttributeValue> item);
}
