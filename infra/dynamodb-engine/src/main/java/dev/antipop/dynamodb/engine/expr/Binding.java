package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ValueOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a parsed expression to one request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}:
 * resolves every placeholder once (so evaluation never looks one up), records which were used, and applies the checks
 * that depend on the values (developer guide, "Comparison operator and function reference").
 */
final class Binding {

    private static final Set<String> TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames;
    private final Set<String> usedValues;
    private final String parameter;

    Binding(
            Map<String, String> names,
            Map<String, AttributeValue> values,
            Set<String> usedNames,
            Set<String> usedValues,
            String parameter) {
        this.names = names;
        this.values = values;
        this.usedNames = usedNames;
        this.usedValues = usedValues;
        this.parameter = parameter;
    }

    DynamoDbException invalid(String message) {
        return Parsing.invalid(parameter, message);
    }

    DocumentPath path(Ast.PathAst ast) {
        List<Ast.Segment> segments = ast.segments();
        Object[] elements = new Object[segments.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = switch (segments.get(i)) {
                case Ast.NameSegment n -> n.placeholder() ? name(n.text()) : n.text();
                case Ast.IndexSegment x -> x.index();
            };
        }
        return new DocumentPath(elements);
    }

    private String name(String placeholder) {
        String name = names.get(placeholder);
        if (name == null) {
            throw invalid("An expression attribute name used in the document path is not defined; attribute name: "
                    + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    AttributeValue value(String placeholder) {
        AttributeValue value = values.get(placeholder);
        if (value == null) {
            throw invalid(
                    "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    Operand operand(Ast.OperandAst ast) {
        return switch (ast) {
            case Ast.PathOperand p -> new Operand.PathOperand(path(p.path()));
            case Ast.ValueOperand v -> new Operand.Constant(value(v.placeholder()));
            case Ast.Arithmetic a -> {
                Operand left = operand(a.left());
                Operand right = operand(a.right());
                requireConstantType(left, a.plus() ? "+" : "-", AttributeValue.N.class);
                requireConstantType(right, a.plus() ? "+" : "-", AttributeValue.N.class);
                yield new Operand.Arithmetic(left, a.plus(), right);
            }
            case Ast.Call c -> call(c);
        };
    }

    private Operand call(Ast.Call call) {
        List<Ast.OperandAst> arguments = call.arguments();
        return switch (call.name()) {
            case Functions.SIZE -> new Operand.Size(path(((Ast.PathOperand) arguments.getFirst()).path()));
            case Functions.IF_NOT_EXISTS ->
                new Operand.IfNotExists(
                        path(((Ast.PathOperand) arguments.getFirst()).path()), operand(arguments.get(1)));
            case Functions.LIST_APPEND -> {
                Operand first = operand(arguments.get(0));
                Operand second = operand(arguments.get(1));
                requireConstantType(first, Functions.LIST_APPEND, AttributeValue.L.class);
                requireConstantType(second, Functions.LIST_APPEND, AttributeValue.L.class);
                yield new Operand.ListAppend(first, second);
            }
            default -> throw new IllegalStateException("not an operand function: " + call.name());
        };
    }

    private void requireConstantType(Operand operand, String function, Class<? extends AttributeValue> type) {
        if (operand instanceof Operand.Constant(AttributeValue value) && !type.isInstance(value)) {
            throw incorrectOperandType(function, value);
        }
    }

    DynamoDbException incorrectOperandType(String function, AttributeValue value) {
        return invalid("Incorrect operand type for operator or function; operator or function: " + function
                + ", operand type: " + value.type());
    }

    Condition condition(Ast.CondAst ast) {
        return switch (ast) {
            case Ast.Compare c -> new Conditions.Compare(c.comparator(), operand(c.left()), operand(c.right()));
            case Ast.Between b -> between(b);
            case Ast.In in -> {
                Operand operand = operand(in.operand());
                List<Operand> candidates = new ArrayList<>(in.candidates().size());
                for (Ast.OperandAst candidate : in.candidates()) {
                    candidates.add(operand(candidate));
                }
                yield new Conditions.In(operand, List.copyOf(candidates));
            }
            case Ast.FunctionCondition f -> function(f.call());
            case Ast.Not n -> new Conditions.Not(condition(n.operand()));
            case Ast.And a -> new Conditions.And(condition(a.left()), condition(a.right()));
            case Ast.Or o -> new Conditions.Or(condition(o.left()), condition(o.right()));
        };
    }

    private Condition between(Ast.Between b) {
        Operand operand = operand(b.operand());
        Operand low = operand(b.low());
        Operand high = operand(b.high());
        if (low instanceof Operand.Constant(AttributeValue lo) && high instanceof Operand.Constant(AttributeValue hi)) {
            checkBounds(lo, hi);
        }
        return new Conditions.Between(operand, low, high);
    }

    /** DynamoDB refuses constant bounds of different types, or a lower bound above the upper one. */
    void checkBounds(AttributeValue lo, AttributeValue hi) {
        if (!ValueOrder.comparable(lo, hi)) {
            throw invalid("The BETWEEN operator requires same data type for lower and upper bounds; lower bound"
                    + " operand: " + Values.describe(lo) + ", upper bound operand: " + Values.describe(hi));
        }
        if (ValueOrder.compare(lo, hi) > 0) {
            throw invalid("The BETWEEN operator requires upper bound to be greater than or equal to lower bound;"
                    + " lower bound operand: " + Values.describe(lo) + ", upper bound operand: "
                    + Values.describe(hi));
        }
    }

    private Condition function(Ast.Call call) {
        List<Ast.OperandAst> arguments = call.arguments();
        return switch (call.name()) {
            case Functions.ATTRIBUTE_EXISTS ->
                new Conditions.Exists(path(((Ast.PathOperand) arguments.getFirst()).path()));
            case Functions.ATTRIBUTE_NOT_EXISTS ->
                new Conditions.NotExists(path(((Ast.PathOperand) arguments.getFirst()).path()));
            case Functions.ATTRIBUTE_TYPE -> {
                DocumentPath path = path(((Ast.PathOperand) arguments.getFirst()).path());
                Operand type = operand(arguments.get(1));
                if (!(type instanceof Operand.Constant(AttributeValue value))) {
                    throw invalid("Incorrect operand type for operator or function; operator or function: "
                            + Functions.ATTRIBUTE_TYPE + ", operand type: PATH");
                }
                if (!(value instanceof AttributeValue.S s)) {
                    throw incorrectOperandType(Functions.ATTRIBUTE_TYPE, value);
                }
                if (!TYPES.contains(s.value())) {
                    throw invalid("Invalid attribute type name found; type: " + s.value()
                            + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
                }
                yield new Conditions.TypeIs(path, s.value());
            }
            case Functions.BEGINS_WITH -> {
                Operand operand = operand(arguments.get(0));
                Operand prefix = operand(arguments.get(1));
                for (Operand o : List.of(operand, prefix)) {
                    if (o instanceof Operand.Constant(AttributeValue value)
                            && !(value instanceof AttributeValue.S)
                            && !(value instanceof AttributeValue.B)) {
                        throw incorrectOperandType(Functions.BEGINS_WITH, value);
                    }
                }
                yield new Conditions.BeginsWith(operand, prefix);
            }
            case Functions.CONTAINS -> {
                Operand operand = operand(arguments.get(0));
                Operand part = operand(arguments.get(1));
                if (operand instanceof Operand.PathOperand p && operand.equals(part)) {
                    throw invalid("The first operand must be distinct from the remaining operands for this operator"
                            + " or function; operator: contains, first operand: " + p.path());
                }
                yield new Conditions.Contains(operand, part);
            }
            default -> throw new IllegalStateException("not a condition function: " + call.name());
        };
    }
}
