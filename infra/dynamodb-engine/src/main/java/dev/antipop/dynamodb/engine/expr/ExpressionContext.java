package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the expressions of one request against its {@code ExpressionAttributeNames} and
 * {@code ExpressionAttributeValues}, and checks the placeholder rules across all of them (DynamoDB developer guide,
 * "Expression attribute names" and "Expression attribute values"): every placeholder used must be defined, and every
 * one defined must be used by some expression of the request.
 *
 * <p>Parsing is cached per expression text (a bounded, shared cache); binding to this request's names and values
 * resolves every placeholder once, so evaluating the results never looks one up.
 *
 * <p>Errors are {@code ValidationException}s worded as DynamoDB's: for example {@code Invalid ConditionExpression:
 * Syntax error; token: "x", near: "a x b"}, {@code Invalid UpdateExpression: Attribute name is a reserved keyword;
 * reserved keyword: status}, {@code Invalid ProjectionExpression: Two document paths overlap with each other; …}.
 *
 * <p>One instance per request; not thread-safe. The parsed results are thread-safe.
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * @param names {@code ExpressionAttributeNames} ({@code #n} to attribute name), or an empty map
     * @param values {@code ExpressionAttributeValues} ({@code :v} to value), or an empty map
     * @throws DynamoDbException {@code ValidationException} "ExpressionAttributeNames contains invalid key: Syntax
     *     error; key: "n"" for a key not of the form {@code #name} (likewise {@code :value} for values)
     */
    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = Map.copyOf(names);
        this.values = Map.copyOf(values);
        for (String key : this.names.keySet()) {
            checkKey("ExpressionAttributeNames", key, '#');
        }
        for (String key : this.values.keySet()) {
            checkKey("ExpressionAttributeValues", key, ':');
        }
    }

    private static void checkKey(String parameter, String key, char prefix) {
        boolean valid = key.length() > 1 && key.charAt(0) == prefix;
        for (int i = 1; valid && i < key.length(); i++) {
            char c = key.charAt(i);
            valid = c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        if (!valid) {
            throw DynamoDbException.validation(parameter + " contains invalid key: Syntax error; key: \"" + key + "\"");
        }
    }

    private Binding binding(String parameter) {
        return new Binding(names, values, usedNames, usedValues, parameter);
    }

    /**
     * Parses a {@code ConditionExpression} or {@code FilterExpression}.
     *
     * @param parameter the request parameter, as it appears in error messages ({@code ConditionExpression} or
     *     {@code FilterExpression})
     */
    public Condition condition(String parameter, String expression) {
        return binding(parameter).condition(Parsing.condition(parameter, expression));
    }

    /** Parses an {@code UpdateExpression}. */
    public Update update(String expression) {
        String parameter = "UpdateExpression";
        List<Ast.Action> actions = Parsing.update(expression);
        Binding binding = binding(parameter);
        List<UpdateProgram.Step> steps = new ArrayList<>(actions.size());
        List<DocumentPath> paths = new ArrayList<>(actions.size());
        for (Ast.Action action : actions) {
            DocumentPath path = binding.path(action.path());
            paths.add(path);
            steps.add(
                    switch (action) {
                        case Ast.SetAction set -> new UpdateProgram.SetStep(path, binding.operand(set.value()));
                        case Ast.RemoveAction ignored -> new UpdateProgram.RemoveStep(path);
                        case Ast.AddAction add -> {
                            AttributeValue value = binding.value(add.valuePlaceholder());
                            if (!(value instanceof AttributeValue.N) && !isSet(value)) {
                                throw binding.invalid("Incorrect operand type for operator or function; operator: ADD,"
                                        + " operand type: " + Values.longTypeName(value)
                                        + ", typeSet: ALLOWED_FOR_ADD_OPERAND");
                            }
                            yield new UpdateProgram.AddStep(path, value);
                        }
                        case Ast.DeleteAction delete -> {
                            AttributeValue value = binding.value(delete.valuePlaceholder());
                            if (!isSet(value)) {
                                throw binding.invalid(
                                        "Incorrect operand type for operator or function; operator: DELETE,"
                                                + " operand type: " + Values.longTypeName(value)
                                                + ", typeSet: ALLOWED_FOR_DELETE_OPERAND");
                            }
                            yield new UpdateProgram.DeleteStep(path, value);
                        }
                    });
        }
        PathChecks.check(parameter, paths);
        return new UpdateProgram(steps);
    }

    private static boolean isSet(AttributeValue value) {
        return value instanceof AttributeValue.SS
                || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS;
    }

    /** Parses a {@code ProjectionExpression}. */
    public Projection projection(String expression) {
        String parameter = "ProjectionExpression";
        List<Ast.PathAst> parsed = Parsing.projection(expression);
        Binding binding = binding(parameter);
        List<DocumentPath> paths = new ArrayList<>(parsed.size());
        for (Ast.PathAst path : parsed) {
            paths.add(binding.path(path));
        }
        PathChecks.check(parameter, paths);
        return new ProjectionProgram(paths);
    }

    /**
     * Parses a {@code KeyConditionExpression} for the table or index being queried.
     *
     * <p>Checks what the expression alone decides ("Query condition missed key schema element: pk", "Query key
     * condition not supported", "Invalid operator used in KeyConditionExpression: OR", "Invalid
     * KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"). The caller checks the
     * operand types against the key schema's attribute types.
     *
     * @param partitionKeyName the partition key attribute of that table or index
     * @param sortKeyName its sort key attribute, or {@code null}
     */
    public KeyCondition keyCondition(String expression, String partitionKeyName, String sortKeyName) {
        String parameter = "KeyConditionExpression";
        return KeyConditions.build(
                Parsing.condition(parameter, expression), binding(parameter), partitionKeyName, sortKeyName);
    }

    /**
     * Checks, after every expression of the request was parsed, that each defined name and value was used.
     *
     * @throws DynamoDbException {@code ValidationException} "Value provided in ExpressionAttributeNames unused in
     *     expressions: keys: {#a}" (likewise for values); names are checked first
     */
    public void checkAllUsed() {
        unused("ExpressionAttributeNames", names.keySet(), usedNames);
        unused("ExpressionAttributeValues", values.keySet(), usedValues);
    }

    private static void unused(String parameter, Set<String> defined, Set<String> used) {
        if (used.size() == defined.size()) {
            return;
        }
        TreeSet<String> unused = new TreeSet<>(defined);
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw DynamoDbException.validation("Value provided in " + parameter + " unused in expressions: keys: {"
                    + String.join(", ", unused) + "}");
        }
    }
}
