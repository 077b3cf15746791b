package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;
import java.util.Set;

/**
 * A parsed update expression ({@code SET}, {@code REMOVE}, {@code ADD}, {@code DELETE} clauses, or a legacy
 * {@code AttributeUpdates}), with placeholders resolved.
 */
public interface Update {

    /**
     * Applies the update to a copy of the item.
     *
     * @param item the current attributes (empty when the item does not exist yet; the key attributes are then already
     *     in it)
     * @return the new attributes
     * @throws dev.antipop.dynamodb.engine.DynamoDbException {@code ValidationException} as DynamoDB answers: an operand
     *     of the wrong type ("An operand in the update expression has an incorrect data type"), a path whose parent
     *     does not exist ("The document path provided in the update expression is invalid for update"), an empty set
     *     left by DELETE (the attribute is removed instead, as DynamoDB does), a number out of range
     */
    Map<String, AttributeValue> apply(Map<String, AttributeValue> item);

    /**
     * The top-level attribute names this update writes or removes, for {@code ReturnValues} {@code UPDATED_OLD} /
     * {@code UPDATED_NEW} and for refusing updates of key attributes.
     */
    Set<String> topLevelAttributes();
}
