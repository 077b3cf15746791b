package dev.antipop.dynamodb.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.AttributeValueJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's legacy conditional parameters (developer guide, "Legacy conditional parameters"; API reference
 * {@code Condition}, {@code ExpectedAttributeValue}, {@code AttributeValueUpdate}), turned into the same
 * {@link Condition}, {@link KeyCondition}, {@link Update} and {@link Projection} the expressions give.
 *
 * <p>How to call: pass the request field's JSON exactly as received ({@code request.get("Expected")},
 * {@code request.get("ConditionalOperator")}, …; {@code null} or JSON null where the field is absent). Before that,
 * call {@link #checkNotMixed} with the legacy and expression parameters present in the request, since DynamoDB refuses
 * a mix. Malformed parameters answer a {@code ValidationException}.
 *
 * <ul>
 *   <li>PutItem/UpdateItem/DeleteItem (and transaction ConditionCheck have no legacy form): {@link #expected}.
 *   <li>Query {@code QueryFilter}, Scan {@code ScanFilter}: {@link #filter}.
 *   <li>Query {@code KeyConditions}: {@link #keyConditions}.
 *   <li>UpdateItem {@code AttributeUpdates}: {@link #attributeUpdates}.
 *   <li>GetItem/BatchGetItem/Query/Scan {@code AttributesToGet}: {@link #attributesToGet}.
 * </ul>
 */
public final class LegacyParameters {

    private LegacyParameters() {}

    /**
     * Refuses a request that mixes legacy and expression parameters, as DynamoDB does: "Can not use both expression
     * and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters:
     * {ConditionExpression}".
     *
     * @param legacy the legacy parameters present ({@code Expected}, {@code AttributesToGet}, …), in request order
     * @param expressions the expression parameters present ({@code ConditionExpression}, …)
     */
    public static void checkNotMixed(Set<String> legacy, Set<String> expressions) {
        if (!legacy.isEmpty() && !expressions.isEmpty()) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same"
                    + " request: Non-expression parameters: {" + String.join(", ", legacy)
                    + "} Expression parameters: {" + String.join(", ", expressions) + "}");
        }
    }

    /**
     * {@code Expected} with {@code ConditionalOperator}: each entry is either {@code Value}/{@code Exists} or
     * {@code ComparisonOperator}/{@code AttributeValueList}; the entries are joined by AND (default) or OR.
     *
     * @return {@link Condition#ALWAYS} when {@code expected} is absent or empty
     */
    public static Condition expected(JsonNode expected, JsonNode conditionalOperator) {
        if (absent(expected)) {
            LegacyConditions.checkOperator(conditionalOperator);
            return Condition.ALWAYS;
        }
        List<Condition> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        object(expected, "Expected").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            parts.add(expectedEntry(entry.getKey(), entry.getValue()));
        }
        return LegacyConditions.join(parts, conditionalOperator);
    }

    private static Condition expectedEntry(String name, JsonNode node) {
        object(node, "Expected." + name);
        DocumentPath path = DocumentPath.of(name);
        JsonNode value = node.get("Value");
        JsonNode exists = node.get("Exists");
        JsonNode operator = node.get("ComparisonOperator");
        JsonNode list = node.get("AttributeValueList");
        // Checked in DynamoDB's order (as observed against the service): AttributeValueList needs a ComparisonOperator,
        // Exists excludes a ComparisonOperator; Value beside a ComparisonOperator is accepted (and ignored).
        if (!absent(list) && absent(operator)) {
            throw expectedInvalid(
                    "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
        }
        if (!absent(operator)) {
            if (!absent(exists)) {
                throw expectedInvalid("Exists and ComparisonOperator cannot be used together for Attribute: " + name);
            }
            return LegacyConditions.comparison(path, operator, list);
        }
        if (!absent(exists) && !exists.isBoolean()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: Exists must be a boolean");
        }
        boolean mustExist = absent(exists) || exists.booleanValue();
        if (mustExist) {
            if (absent(value)) {
                throw expectedInvalid("Value must be provided when Exists is " + (absent(exists) ? "null" : "true")
                        + " for Attribute: " + name);
            }
            return new Conditions.Compare(
                    Ast.Comparator.EQ,
                    new Operand.PathOperand(path),
                    new Operand.Constant(AttributeValueJson.read(value)));
        }
        if (!absent(value)) {
            throw expectedInvalid("Value cannot be used when Exists is false for Attribute: " + name);
        }
        return new Conditions.NotExists(path);
    }

    /**
     * {@code QueryFilter} or {@code ScanFilter} with {@code ConditionalOperator}: each entry is a {@code Condition}
     * ({@code ComparisonOperator}, {@code AttributeValueList}).
     *
     * @param parameter {@code QueryFilter} or {@code ScanFilter}, for error messages
     * @return {@link Condition#ALWAYS} when the filter is absent or empty
     */
    public static Condition filter(String parameter, JsonNode filter, JsonNode conditionalOperator) {
        if (absent(filter)) {
            LegacyConditions.checkOperator(conditionalOperator);
            return Condition.ALWAYS;
        }
        List<Condition> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        object(filter, parameter).fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode condition = object(entry.getValue(), parameter + "." + entry.getKey());
            parts.add(LegacyConditions.comparison(
                    DocumentPath.of(entry.getKey()),
                    condition.get("ComparisonOperator"),
                    condition.get("AttributeValueList")));
        }
        return LegacyConditions.join(parts, conditionalOperator);
    }

    /**
     * {@code KeyConditions}: EQ on the partition key, optionally one of EQ, LE, LT, GE, GT, BEGINS_WITH, BETWEEN on the
     * sort key.
     *
     * @throws DynamoDbException "Either the KeyConditions or KeyConditionExpression parameter must be specified in the
     *     request." when absent; "Query condition missed key schema element: pk"; "Attempted conditional constraint is
     *     not an indexable operation" for another operator; "Query key condition not supported" for other attributes
     */
    public static KeyCondition keyConditions(JsonNode keyConditions, String partitionKeyName, String sortKeyName) {
        if (absent(keyConditions)) {
            throw DynamoDbException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        AttributeValue partitionValue = null;
        KeyCondition.SortKeyCondition sort = null;
        boolean other = false;
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        object(keyConditions, "KeyConditions").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode condition = object(entry.getValue(), "KeyConditions." + entry.getKey());
            String operator = LegacyConditions.operatorName(condition.get("ComparisonOperator"));
            List<AttributeValue> operands = LegacyConditions.operands(operator, condition.get("AttributeValueList"));
            if (entry.getKey().equals(partitionKeyName)) {
                if (!operator.equals("EQ")) {
                    throw DynamoDbException.validation("Query key condition not supported");
                }
                partitionValue = operands.getFirst();
            } else if (entry.getKey().equals(sortKeyName)) {
                KeyCondition.Operator op = switch (operator) {
                    case "EQ" -> KeyCondition.Operator.EQ;
                    case "LE" -> KeyCondition.Operator.LE;
                    case "LT" -> KeyCondition.Operator.LT;
                    case "GE" -> KeyCondition.Operator.GE;
                    case "GT" -> KeyCondition.Operator.GT;
                    case "BEGINS_WITH" -> KeyCondition.Operator.BEGINS_WITH;
                    case "BETWEEN" -> KeyCondition.Operator.BETWEEN;
                    default ->
                        throw DynamoDbException.validation(
                                "Attempted conditional constraint is not an indexable operation");
                };
                sort = new KeyCondition.SortKeyCondition(sortKeyName, op, operands);
            } else {
                other = true;
            }
        }
        if (partitionValue == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + partitionKeyName);
        }
        if (other) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        return new KeyCondition(partitionKeyName, partitionValue, sort);
    }

    /**
     * {@code AttributeUpdates}: per attribute an {@code Action} (PUT by default, ADD, DELETE) and a {@code Value}. PUT
     * sets the value; DELETE without a value removes the attribute, with a set value removes those members; ADD adds a
     * number, unites a set, or appends a list (creating the attribute when missing).
     *
     * @return an update that changes nothing when {@code attributeUpdates} is absent
     */
    public static Update attributeUpdates(JsonNode attributeUpdates) {
        List<UpdateProgram.Step> steps = new ArrayList<>();
        if (!absent(attributeUpdates)) {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            object(attributeUpdates, "AttributeUpdates").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                steps.add(attributeUpdate(
                        entry.getKey(), object(entry.getValue(), "AttributeUpdates." + entry.getKey())));
            }
        }
        return new UpdateProgram(steps);
    }

    private static UpdateProgram.Step attributeUpdate(String name, JsonNode node) {
        DocumentPath path = DocumentPath.of(name);
        JsonNode actionNode = node.get("Action");
        String action = absent(actionNode) ? "PUT" : actionNode.asText();
        JsonNode valueNode = node.get("Value");
        AttributeValue value = absent(valueNode) ? null : AttributeValueJson.read(valueNode);
        return switch (action) {
            case "PUT" -> {
                if (value == null) {
                    throw invalidParameter("Only DELETE action is allowed when no attribute value is specified");
                }
                yield new UpdateProgram.SetStep(path, new Operand.Constant(value));
            }
            case "DELETE" -> {
                if (value == null) {
                    yield new UpdateProgram.RemoveStep(path);
                }
                if (!(value instanceof AttributeValue.SS
                        || value instanceof AttributeValue.NS
                        || value instanceof AttributeValue.BS)) {
                    throw invalidParameter("DELETE action with value is not supported for the type " + value.type());
                }
                yield new UpdateProgram.DeleteStep(path, value);
            }
            case "ADD" -> {
                if (value == null) {
                    throw invalidParameter("Only DELETE action is allowed when no attribute value is specified");
                }
                if (!(value instanceof AttributeValue.N
                        || value instanceof AttributeValue.L
                        || value instanceof AttributeValue.SS
                        || value instanceof AttributeValue.NS
                        || value instanceof AttributeValue.BS)) {
                    throw invalidParameter("ADD action is not supported for the type " + value.type());
                }
                yield new UpdateProgram.AddStep(path, value);
            }
            default ->
                throw DynamoDbException.validation("1 validation error detected: Value '" + action
                        + "' at 'attributeUpdates." + name + ".member.action' failed to satisfy constraint: Member"
                        + " must satisfy enum value set: [ADD, PUT, DELETE]");
        };
    }

    /**
     * {@code AttributesToGet}: top-level attribute names.
     *
     * @return {@link Projection#ALL} when absent
     * @throws DynamoDbException for an empty list or a repeated name
     */
    public static Projection attributesToGet(JsonNode attributesToGet) {
        if (absent(attributesToGet)) {
            return Projection.ALL;
        }
        if (!attributesToGet.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: AttributesToGet must be a list");
        }
        if (attributesToGet.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to"
                    + " satisfy constraint: Member must have length greater than or equal to 1");
        }
        Set<String> names = new LinkedHashSet<>();
        List<DocumentPath> paths = new ArrayList<>();
        for (JsonNode name : attributesToGet) {
            if (!name.isTextual()) {
                throw DynamoDbException.serialization(
                        "Unexpected value type in payload: AttributesToGet must be a list of strings");
            }
            if (!names.add(name.textValue())) {
                throw invalidParameter("Duplicate value in attribute name: " + name.textValue());
            }
            paths.add(DocumentPath.of(name.textValue()));
        }
        return new ProjectionProgram(paths);
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static JsonNode object(JsonNode node, String parameter) {
        if (node == null || !node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + parameter + " must be a map");
        }
        return node;
    }

    /** The {@code Expected} rules, worded as DynamoDB answers them (with its "1 validation error detected" prefix). */
    private static DynamoDbException expectedInvalid(String message) {
        return DynamoDbException.validation(
                "1 validation error detected: One or more parameter values were invalid: " + message);
    }

    static DynamoDbException invalidParameter(String message) {
        return DynamoDbException.validation("One or more parameter values were invalid: " + message);
    }
}
