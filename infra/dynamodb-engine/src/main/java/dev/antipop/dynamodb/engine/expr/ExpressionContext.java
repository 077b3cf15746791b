package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;

/**
 * Parses the expressions of one request against its {@code ExpressionAttributeNames} and
 * {@code ExpressionAttributeValues}, and checks the placeholder rules across all of them (DynamoDB developer guide,
 * "Expression attribute names" and "Expression attribute values"): every placeholder used must be defined, and every
 * one defined must be used by some expression of the request.
 *
 * <p>One instance per request; not thread-safe. The parsed results are thread-safe.
 *
 * <p>STUB: the expression package fills this in; until then every parse answers a {@code ValidationException}.
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;

    /**
     * @param names {@code ExpressionAttributeNames} ({@code #n} to attribute name), or an empty map
     * @param values {@code ExpressionAttributeValues} ({@code :v} to value), or an empty map
     */
    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = Map.copyOf(names);
        this.values = Map.copyOf(values);
    }

    /** Parses a {@code ConditionExpression} or {@code FilterExpression}; {@code parameter} names it in errors. */
    public Condition condition(String parameter, String expression) {
        throw DynamoDbException.validation("Invalid " + parameter + ": not implemented yet");
    }

    /** Parses an {@code UpdateExpression}. */
    public Update update(String expression) {
        throw DynamoDbException.validation("Invalid UpdateExpression: not implemented yet");
    }

    /** Parses a {@code ProjectionExpression}. */
    public Projection projection(String expression) {
        throw DynamoDbException.validation("Invalid ProjectionExpression: not implemented yet");
    }

    /**
     * Parses a {@code KeyConditionExpression} for the table or index being queried.
     *
     * @param partitionKeyName the partition key attribute of that table or index
     * @param sortKeyName its sort key attribute, or {@code null}
     */
    public KeyCondition keyCondition(String expression, String partitionKeyName, String sortKeyName) {
        throw DynamoDbException.validation("Invalid KeyConditionExpression: not implemented yet");
    }

    /**
     * Checks, after every expression of the request was parsed, that each defined name and value was used.
     *
     * @throws DynamoDbException {@code ValidationException} "Value provided in ExpressionAttributeNames unused in
     *     expressions: keys: {#a}" (likewise for values)
     */
    public void checkAllUsed() {
        // STUB
    }
}
