package dev.antipop.dynamodb.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import dev.antipop.dynamodb.engine.value.ValueOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The legacy {@code Condition} ({@code ComparisonOperator} and {@code AttributeValueList}, DynamoDB API reference,
 * "Condition") and {@code ConditionalOperator}, as the engine's {@link Condition}s: EQ, NE, LE, LT, GE, GT, NOT_NULL,
 * NULL, CONTAINS, NOT_CONTAINS, BEGINS_WITH, IN, BETWEEN with their operand counts and types.
 */
final class LegacyConditions {

    private LegacyConditions() {}

    static Condition comparison(DocumentPath path, JsonNode operatorNode, JsonNode list) {
        String operator = operatorName(operatorNode);
        List<AttributeValue> operands = operands(operator, list);
        Operand attribute = new Operand.PathOperand(path);
        return switch (operator) {
            case "EQ" -> new Conditions.Compare(Ast.Comparator.EQ, attribute, constant(operands, 0));
            case "NE" -> new Conditions.Compare(Ast.Comparator.NE, attribute, constant(operands, 0));
            case "LE" -> new Conditions.Compare(Ast.Comparator.LE, attribute, constant(operands, 0));
            case "LT" -> new Conditions.Compare(Ast.Comparator.LT, attribute, constant(operands, 0));
            case "GE" -> new Conditions.Compare(Ast.Comparator.GE, attribute, constant(operands, 0));
            case "GT" -> new Conditions.Compare(Ast.Comparator.GT, attribute, constant(operands, 0));
            case "NOT_NULL" -> new Conditions.Exists(path);
            case "NULL" -> new Conditions.NotExists(path);
            case "CONTAINS" -> new Conditions.Contains(attribute, constant(operands, 0));
            case "NOT_CONTAINS" ->
                new Conditions.And(
                        new Conditions.Exists(path),
                        new Conditions.Not(new Conditions.Contains(attribute, constant(operands, 0))));
            case "BEGINS_WITH" -> new Conditions.BeginsWith(attribute, constant(operands, 0));
            case "IN" -> {
                List<Operand> candidates = new ArrayList<>(operands.size());
                for (AttributeValue operand : operands) {
                    candidates.add(new Operand.Constant(operand));
                }
                yield new Conditions.In(attribute, List.copyOf(candidates));
            }
            case "BETWEEN" -> new Conditions.Between(attribute, constant(operands, 0), constant(operands, 1));
            default -> throw new IllegalStateException(operator);
        };
    }

    static Operand constant(List<AttributeValue> operands, int i) {
        return new Operand.Constant(operands.get(i));
    }

    static final Set<String> OPERATORS = Set.of(
            "EQ",
            "NE",
            "LE",
            "LT",
            "GE",
            "GT",
            "NOT_NULL",
            "NULL",
            "CONTAINS",
            "NOT_CONTAINS",
            "BEGINS_WITH",
            "IN",
            "BETWEEN");

    static String operatorName(JsonNode node) {
        if (LegacyParameters.absent(node)) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'comparisonOperator' failed"
                    + " to satisfy constraint: Member must not be null");
        }
        String operator = node.asText();
        if (!OPERATORS.contains(operator)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + operator
                    + "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        }
        return operator;
    }

    /** Reads and checks the {@code AttributeValueList} for an operator (API reference, {@code Condition}). */
    static List<AttributeValue> operands(String operator, JsonNode list) {
        List<AttributeValue> operands = new ArrayList<>();
        if (!LegacyParameters.absent(list)) {
            if (!list.isArray()) {
                throw DynamoDbException.serialization(
                        "Unexpected value type in payload: AttributeValueList must be a list");
            }
            for (JsonNode element : list) {
                operands.add(AttributeValueJson.read(element));
            }
        }
        boolean countOk = switch (operator) {
            case "NULL", "NOT_NULL" -> operands.isEmpty();
            case "BETWEEN" -> operands.size() == 2;
            case "IN" -> !operands.isEmpty();
            default -> operands.size() == 1;
        };
        if (!countOk) {
            throw LegacyParameters.invalidParameter(
                    "Invalid number of argument(s) for the " + operator + " ComparisonOperator");
        }
        for (AttributeValue operand : operands) {
            boolean scalar = operand instanceof AttributeValue.S
                    || operand instanceof AttributeValue.N
                    || operand instanceof AttributeValue.B;
            boolean typeOk = switch (operator) {
                case "EQ", "NE" -> true;
                case "BEGINS_WITH" -> operand instanceof AttributeValue.S || operand instanceof AttributeValue.B;
                case "CONTAINS", "NOT_CONTAINS" ->
                    scalar || operand instanceof AttributeValue.Bool || operand instanceof AttributeValue.Null;
                default -> scalar;
            };
            if (!typeOk) {
                throw LegacyParameters.invalidParameter("ComparisonOperator " + operator + " is not valid for "
                        + operand.type() + " AttributeValue type");
            }
        }
        if (operator.equals("BETWEEN")) {
            AttributeValue lo = operands.get(0);
            AttributeValue hi = operands.get(1);
            if (!lo.type().equals(hi.type())) {
                throw LegacyParameters.invalidParameter(
                        "AttributeValues inside AttributeValueList must be of same type");
            }
            if (ValueOrder.compare(lo, hi) > 0) {
                throw LegacyParameters.invalidParameter(
                        "The BETWEEN condition was provided a range where the lower bound is greater"
                                + " than the upper bound");
            }
        }
        return List.copyOf(operands);
    }

    static Condition join(List<Condition> parts, JsonNode conditionalOperator) {
        boolean or = checkOperator(conditionalOperator);
        if (parts.isEmpty()) {
            return Condition.ALWAYS;
        }
        Condition result = parts.getFirst();
        for (int i = 1; i < parts.size(); i++) {
            result = or ? new Conditions.Or(result, parts.get(i)) : new Conditions.And(result, parts.get(i));
        }
        return result;
    }

    /** Whether the operator is OR (AND when absent). */
    static boolean checkOperator(JsonNode conditionalOperator) {
        if (LegacyParameters.absent(conditionalOperator)) {
            return false;
        }
        String operator = conditionalOperator.asText();
        if (!operator.equals("AND") && !operator.equals("OR")) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + operator
                    + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [AND, OR]");
        }
        return operator.equals("OR");
    }
}
