package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Condition;
import dev.antipop.dynamodb.engine.expr.ExpressionContext;
import dev.antipop.dynamodb.engine.expr.KeyCondition;
import dev.antipop.dynamodb.engine.expr.LegacyParameters;
import dev.antipop.dynamodb.engine.expr.Projection;
import dev.antipop.dynamodb.engine.expr.Update;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The expression parameters of one request: placeholders, the refusal to mix expression and legacy parameters, and
 * the parsed expressions (developer guide, "Using expressions in DynamoDB"; "Legacy conditional parameters").
 */
final class Expressions {

    private final JsonNode request;
    private final ExpressionContext context;

    private Expressions(JsonNode request, ExpressionContext context) {
        this.request = request;
        this.context = context;
    }

    /**
     * Reads the placeholders of a request and checks the parameter rules.
     *
     * @param legacy the legacy parameters this operation takes ({@code Expected}, {@code AttributesToGet}, …)
     * @param expressions the expression parameters it takes ({@code ConditionExpression}, …)
     */
    static Expressions of(JsonNode request, List<String> legacy, List<String> expressions) {
        List<String> usedLegacy = present(request, legacy);
        List<String> usedExpressions = present(request, expressions);
        if (!usedLegacy.isEmpty() && !usedExpressions.isEmpty()) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same"
                    + " request: Non-expression parameters: {" + String.join(", ", usedLegacy)
                    + "} Expression parameters: {" + String.join(", ", usedExpressions) + "}");
        }
        Map<String, String> names = Requests.names(request);
        Map<String, AttributeValue> values = Requests.values(request);
        if (request.has("ExpressionAttributeNames")
                && !request.get("ExpressionAttributeNames").isNull()) {
            if (names.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
            }
            if (usedExpressions.isEmpty()) {
                throw DynamoDbException.validation(
                        "ExpressionAttributeNames can only be specified when using expressions");
            }
        }
        if (request.has("ExpressionAttributeValues")
                && !request.get("ExpressionAttributeValues").isNull()) {
            if (values.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
            }
            if (usedExpressions.isEmpty()) {
                throw DynamoDbException.validation(
                        "ExpressionAttributeValues can only be specified when using expressions");
            }
        }
        return new Expressions(request, new ExpressionContext(names, values));
    }

    private static List<String> present(JsonNode request, List<String> members) {
        List<String> found = new ArrayList<>();
        for (String member : members) {
            JsonNode node = request.get(member);
            if (node != null && !node.isNull()) {
                found.add(member);
            }
        }
        return found;
    }

    /** The expression context (placeholders). */
    ExpressionContext context() {
        return context;
    }

    /**
     * A condition or filter expression member, or its legacy form ({@code Expected} for {@code ConditionExpression},
     * {@code QueryFilter}/{@code ScanFilter} for {@code FilterExpression}, with {@code ConditionalOperator}), or
     * {@link Condition#ALWAYS} when neither is given.
     */
    Condition condition(String member) {
        String text = Requests.string(request, member);
        if (text != null) {
            checkNotEmpty(member, text);
            return context.condition(member, text);
        }
        JsonNode operator = request.get("ConditionalOperator");
        if (member.equals("ConditionExpression") && given("Expected")) {
            return LegacyParameters.expected(request.get("Expected"), operator);
        }
        if (member.equals("FilterExpression")) {
            for (String legacy : List.of("QueryFilter", "ScanFilter")) {
                if (given(legacy)) {
                    return LegacyParameters.filter(legacy, request.get(legacy), operator);
                }
            }
        }
        return Condition.ALWAYS;
    }

    /** The projection expression or legacy {@code AttributesToGet}, or null when neither is given. */
    Projection projection() {
        String text = Requests.string(request, "ProjectionExpression");
        if (text != null) {
            checkNotEmpty("ProjectionExpression", text);
            return context.projection(text);
        }
        if (given("AttributesToGet")) {
            return LegacyParameters.attributesToGet(request.get("AttributesToGet"));
        }
        return null;
    }

    /** The update expression or legacy {@code AttributeUpdates}, or null when neither is given. */
    Update update() {
        String text = Requests.string(request, "UpdateExpression");
        if (text != null) {
            checkNotEmpty("UpdateExpression", text);
            return context.update(text);
        }
        if (given("AttributeUpdates")) {
            return LegacyParameters.attributeUpdates(request.get("AttributeUpdates"));
        }
        return null;
    }

    /**
     * The key condition expression or legacy {@code KeyConditions} for the table or index queried.
     *
     * @throws DynamoDbException when neither is given
     */
    KeyCondition keyCondition(String partitionKeyName, String sortKeyName) {
        String text = Requests.string(request, "KeyConditionExpression");
        if (text != null) {
            checkNotEmpty("KeyConditionExpression", text);
            return context.keyCondition(text, partitionKeyName, sortKeyName);
        }
        if (given("KeyConditions")) {
            return LegacyParameters.keyConditions(request.get("KeyConditions"), partitionKeyName, sortKeyName);
        }
        throw DynamoDbException.validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }

    private boolean given(String member) {
        JsonNode node = request.get(member);
        return node != null && !node.isNull();
    }

    /** Checks every placeholder was used; call after parsing every expression. */
    void checkAllUsed() {
        context.checkAllUsed();
    }

    /** DynamoDB refuses an empty expression string, and one over 4 KB. */
    static void checkNotEmpty(String member, String text) {
        if (text.isEmpty()) {
            throw DynamoDbException.validation("Invalid " + member + ": The expression can not be empty;");
        }
        if (text.length() > 4096) {
            throw DynamoDbException.validation("Invalid " + member + ": Expression size has exceeded the maximum"
                    + " allowed size; expression size: " + text.length());
        }
    }
}
