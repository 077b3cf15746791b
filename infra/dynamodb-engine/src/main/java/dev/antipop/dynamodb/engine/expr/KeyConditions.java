package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parsed {@code KeyConditionExpression} into a {@link KeyCondition} (developer guide, "Key condition
 * expressions for query"): an equality on the partition key, optionally AND one condition on the sort key
 * ({@code = < <= > >=}, {@code BETWEEN}, {@code begins_with}); operands are values, names are top-level key attributes.
 */
final class KeyConditions {

    private static final String PARAMETER = "KeyConditionExpression";

    private KeyConditions() {}

    static KeyCondition build(Ast.CondAst ast, Binding binding, String partitionKeyName, String sortKeyName) {
        List<Ast.CondAst> parts = new ArrayList<>();
        flatten(ast, parts);
        AttributeValue partitionValue = null;
        KeyCondition.SortKeyCondition sortCondition = null;
        boolean otherAttribute = false;
        for (Ast.CondAst part : parts) {
            Term term = term(part, binding);
            if (term.name.equals(partitionKeyName)) {
                if (partitionValue != null) {
                    throw onePerKey();
                }
                if (term.operator != KeyCondition.Operator.EQ) {
                    throw DynamoDbException.validation("Query key condition not supported");
                }
                partitionValue = term.operands.getFirst();
            } else if (term.name.equals(sortKeyName)) {
                if (sortCondition != null) {
                    throw onePerKey();
                }
                sortCondition = new KeyCondition.SortKeyCondition(sortKeyName, term.operator, term.operands);
            } else {
                otherAttribute = true;
            }
        }
        if (partitionValue == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + partitionKeyName);
        }
        if (otherAttribute) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        return new KeyCondition(partitionKeyName, partitionValue, sortCondition);
    }

    private static DynamoDbException onePerKey() {
        return Parsing.invalid(PARAMETER, "KeyConditionExpressions must only contain one condition per key");
    }

    private static void flatten(Ast.CondAst ast, List<Ast.CondAst> out) {
        switch (ast) {
            case Ast.And and -> {
                flatten(and.left(), out);
                flatten(and.right(), out);
            }
            case Ast.Or ignored -> throw invalidOperator("OR");
            case Ast.Not ignored -> throw invalidOperator("NOT");
            case Ast.In ignored -> throw invalidOperator("IN");
            case Ast.Compare c when c.comparator() == Ast.Comparator.NE -> throw invalidOperator("<>");
            case Ast.Compare c -> out.add(c);
            case Ast.Between b -> out.add(b);
            case Ast.FunctionCondition f -> out.add(f);
        }
    }

    private static DynamoDbException invalidOperator(String operator) {
        return DynamoDbException.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private record Term(String name, KeyCondition.Operator operator, List<AttributeValue> operands) {}

    private static Term term(Ast.CondAst ast, Binding binding) {
        return switch (ast) {
            case Ast.Compare c -> {
                boolean pathLeft = c.left() instanceof Ast.PathOperand;
                Ast.OperandAst path = pathLeft ? c.left() : c.right();
                Ast.OperandAst value = pathLeft ? c.right() : c.left();
                KeyCondition.Operator operator = switch (c.comparator()) {
                    case EQ -> KeyCondition.Operator.EQ;
                    case LT -> pathLeft ? KeyCondition.Operator.LT : KeyCondition.Operator.GT;
                    case LE -> pathLeft ? KeyCondition.Operator.LE : KeyCondition.Operator.GE;
                    case GT -> pathLeft ? KeyCondition.Operator.GT : KeyCondition.Operator.LT;
                    case GE -> pathLeft ? KeyCondition.Operator.GE : KeyCondition.Operator.LE;
                    case NE -> throw invalidOperator("<>");
                };
                yield new Term(keyName(path, binding), operator, List.of(constant(value, binding)));
            }
            case Ast.Between b -> {
                String name = keyName(b.operand(), binding);
                AttributeValue lo = constant(b.low(), binding);
                AttributeValue hi = constant(b.high(), binding);
                binding.checkBounds(lo, hi);
                yield new Term(name, KeyCondition.Operator.BETWEEN, List.of(lo, hi));
            }
            case Ast.FunctionCondition f
            when f.call().name().equals(Functions.BEGINS_WITH) -> {
                String name = keyName(f.call().arguments().get(0), binding);
                AttributeValue prefix = constant(f.call().arguments().get(1), binding);
                if (!(prefix instanceof AttributeValue.S) && !(prefix instanceof AttributeValue.B)) {
                    throw binding.incorrectOperandType(Functions.BEGINS_WITH, prefix);
                }
                yield new Term(name, KeyCondition.Operator.BEGINS_WITH, List.of(prefix));
            }
            case Ast.FunctionCondition f -> throw invalidOperator(f.call().name());
            // flatten() leaves only comparisons, BETWEEN and functions.
            case Ast.In ignored -> throw invalidOperator("IN");
            case Ast.Not ignored -> throw invalidOperator("NOT");
            case Ast.And ignored -> throw new IllegalStateException("flattened");
            case Ast.Or ignored -> throw invalidOperator("OR");
        };
    }

    private static String keyName(Ast.OperandAst operand, Binding binding) {
        if (!(operand instanceof Ast.PathOperand p)) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        DocumentPath path = binding.path(p.path());
        if (path.length() != 1) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        return path.topLevel();
    }

    private static AttributeValue constant(Ast.OperandAst operand, Binding binding) {
        if (!(operand instanceof Ast.ValueOperand v)) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        return binding.value(v.placeholder());
    }
}
