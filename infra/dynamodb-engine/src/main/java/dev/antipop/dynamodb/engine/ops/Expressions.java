package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Condition;
import dev.antipop.dynamodb.engine.expr.ExpressionContext;
import dev.antipop.dynamodb.engine.expr.Projection;
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
        for (String parameter : usedLegacy) {
            if (!parameter.equals("ConditionalOperator")) {
                throw DynamoDbException.validation("The legacy parameter " + parameter + " is not supported by this"
                        + " engine yet; use the expression parameters instead");
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

    /** A condition or filter expression member, or {@link Condition#ALWAYS} when absent. */
    Condition condition(String member) {
        String text = Requests.string(request, member);
        if (text == null) {
            return Condition.ALWAYS;
        }
        checkNotEmpty(member, text);
        return context.condition(member, text);
    }

    /** The projection expression, or null when absent. */
    Projection projection() {
        String text = Requests.string(request, "ProjectionExpression");
        if (text == null) {
            return null;
        }
        checkNotEmpty("ProjectionExpression", text);
        return context.projection(text);
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
