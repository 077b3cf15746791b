package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Ast.Action;
import dev.antipop.dynamodb.engine.expr.Ast.CondAst;
import dev.antipop.dynamodb.engine.expr.Ast.OperandAst;
import dev.antipop.dynamodb.engine.expr.Ast.PathAst;
import dev.antipop.dynamodb.engine.expr.Ast.Segment;
import dev.antipop.dynamodb.engine.expr.DynamoDbExpressionParser.PathStepContext;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Parse tree to {@link Ast}, with the checks that depend only on the text: reserved words (developer guide, "Reserved
 * words in DynamoDB"), function names, operand counts and positions, clause repetition, IN operand count, operator
 * count, redundant parentheses, path nesting depth.
 */
final class AstBuilder {
    private final String parameter;
    private final String text;
    private final boolean update;
    private int operators;

    AstBuilder(String parameter, String text) {
        this.parameter = parameter;
        this.text = text;
        this.update = parameter.equals("UpdateExpression");
    }

    void checkOperatorCount() {
        if (operators > Parsing.MAX_OPERATORS) {
            throw Parsing.invalid(
                    parameter, "The expression contains too many operators; operator count: " + operators);
        }
    }

    CondAst condition(DynamoDbExpressionParser.ConditionContext ctx) {
        if (!(ctx instanceof DynamoDbExpressionParser.ParenthesizedContext)
                && !(ctx instanceof DynamoDbExpressionParser.FunctionConditionContext)) {
            operators++;
        }
        return switch (ctx) {
            case DynamoDbExpressionParser.ComparisonContext c ->
                new Ast.Compare(comparator(c.comparator()), operand(c.operand(0)), operand(c.operand(1)));
            case DynamoDbExpressionParser.BetweenContext c ->
                new Ast.Between(operand(c.operand(0)), operand(c.operand(1)), operand(c.operand(2)));
            case DynamoDbExpressionParser.InContext c -> {
                List<OperandAst> candidates = new ArrayList<>();
                for (int i = 1; i < c.operand().size(); i++) {
                    candidates.add(operand(c.operand(i)));
                }
                if (candidates.size() > Parsing.MAX_IN_OPERANDS) {
                    throw Parsing.invalid(
                            parameter,
                            "The IN operator is provided with too many operands; number of operands: "
                                    + candidates.size());
                }
                yield new Ast.In(operand(c.operand(0)), List.copyOf(candidates));
            }
            case DynamoDbExpressionParser.FunctionConditionContext c -> {
                Ast.Call call = call(c.functionCall());
                if (!Functions.isConditionFunction(call.name())) {
                    throw notAllowedHere(call.name());
                }
                yield new Ast.FunctionCondition(call);
            }
            case DynamoDbExpressionParser.ParenthesizedContext c -> {
                if (c.condition() instanceof DynamoDbExpressionParser.ParenthesizedContext) {
                    // DynamoDB refuses ((a = :v)): parentheses directly around parentheses.
                    throw Parsing.invalid(parameter, "The expression has redundant parentheses;");
                }
                yield condition(c.condition());
            }
            case DynamoDbExpressionParser.NotContext c -> new Ast.Not(condition(c.condition()));
            case DynamoDbExpressionParser.AndContext c ->
                new Ast.And(condition(c.condition(0)), condition(c.condition(1)));
            case DynamoDbExpressionParser.OrContext c ->
                new Ast.Or(condition(c.condition(0)), condition(c.condition(1)));
            default -> throw new IllegalStateException("unexpected parse tree " + ctx.getClass());
        };
    }

    List<Action> update(DynamoDbExpressionParser.UpdateExpressionContext ctx) {
        List<Action> actions = new ArrayList<>();
        boolean set = false;
        boolean remove = false;
        boolean add = false;
        boolean delete = false;
        for (var clause : ctx.updateClause()) {
            switch (clause) {
                case DynamoDbExpressionParser.SetClauseContext c -> {
                    set = once(set, "SET");
                    for (var action : c.setAction()) {
                        OperandAst value = operand(action.operand(0));
                        if (action.arith != null) {
                            operators++;
                            value = new Ast.Arithmetic(
                                    value,
                                    action.arith.getType() == DynamoDbExpressionParser.PLUS,
                                    operand(action.operand(1)));
                        }
                        actions.add(new Ast.SetAction(path(action.path()), value));
                    }
                }
                case DynamoDbExpressionParser.RemoveClauseContext c -> {
                    remove = once(remove, "REMOVE");
                    for (var path : c.path()) {
                        actions.add(new Ast.RemoveAction(path(path)));
                    }
                }
                case DynamoDbExpressionParser.AddClauseContext c -> {
                    add = once(add, "ADD");
                    for (int i = 0; i < c.path().size(); i++) {
                        actions.add(
                                new Ast.AddAction(path(c.path(i)), c.VALUE(i).getText()));
                    }
                }
                case DynamoDbExpressionParser.DeleteClauseContext c -> {
                    delete = once(delete, "DELETE");
                    for (int i = 0; i < c.path().size(); i++) {
                        actions.add(
                                new Ast.DeleteAction(path(c.path(i)), c.VALUE(i).getText()));
                    }
                }
                default -> throw new IllegalStateException("unexpected parse tree " + clause.getClass());
            }
        }
        return List.copyOf(actions);
    }

    private boolean once(boolean seen, String clause) {
        if (seen) {
            throw Parsing.invalid(
                    parameter, "The \"" + clause + "\" section can only be used once in an update expression;");
        }
        return true;
    }

    private OperandAst operand(DynamoDbExpressionParser.OperandContext ctx) {
        return switch (ctx) {
            case DynamoDbExpressionParser.PathOperandContext c -> new Ast.PathOperand(path(c.path()));
            case DynamoDbExpressionParser.ValueOperandContext c ->
                new Ast.ValueOperand(c.VALUE().getText());
            case DynamoDbExpressionParser.CallOperandContext c -> {
                Ast.Call call = call(c.functionCall());
                boolean allowed = update
                        ? Functions.isUpdateFunction(call.name())
                        : call.name().equals(Functions.SIZE);
                if (!allowed) {
                    throw notAllowedHere(call.name());
                }
                yield call;
            }
            default -> throw new IllegalStateException("unexpected parse tree " + ctx.getClass());
        };
    }

    private Ast.Call call(DynamoDbExpressionParser.FunctionCallContext ctx) {
        operators++;
        String name = ctx.ID().getText();
        int arity = Functions.arity(name);
        if (arity < 0) {
            throw Parsing.invalid(parameter, "Invalid function name; function: " + name);
        }
        List<OperandAst> arguments = new ArrayList<>();
        for (var argument : ctx.operand()) {
            arguments.add(operand(argument));
        }
        if (arguments.size() != arity) {
            throw Parsing.invalid(
                    parameter,
                    "Incorrect number of operands for operator or function; operator or function: " + name
                            + ", number of operands: " + arguments.size());
        }
        if (Functions.firstArgumentIsPath(name) && !(arguments.getFirst() instanceof Ast.PathOperand)) {
            throw Parsing.invalid(
                    parameter, "Operator or function requires a document path; operator or function: " + name);
        }
        return new Ast.Call(name, List.copyOf(arguments));
    }

    private DynamoDbException notAllowedHere(String function) {
        return Parsing.invalid(
                parameter, "The function is not allowed to be used this way in an expression; function: " + function);
    }

    PathAst path(DynamoDbExpressionParser.PathContext ctx) {
        List<Segment> segments = new ArrayList<>();
        segments.add(name(ctx.getStart()));
        for (PathStepContext step : ctx.pathStep()) {
            switch (step) {
                case DynamoDbExpressionParser.MemberStepContext m -> segments.add(name(m.getStop()));
                case DynamoDbExpressionParser.IndexStepContext i -> {
                    int index;
                    try {
                        index = Integer.parseInt(i.INT().getText());
                    } catch (NumberFormatException e) {
                        throw Parsing.invalid(
                                parameter,
                                "List index is not within the allowable range; index: "
                                        + i.INT().getText());
                    }
                    segments.add(new Ast.IndexSegment(index));
                }
                default -> throw new IllegalStateException("unexpected parse tree " + step.getClass());
            }
        }
        if (segments.size() > Parsing.MAX_PATH_DEPTH) {
            throw Parsing.invalid(
                    parameter, "The document path has too many nesting levels; nesting levels: " + segments.size());
        }
        return new PathAst(List.copyOf(segments));
    }

    private Segment name(Token token) {
        String name = token.getText();
        if (token.getType() == DynamoDbExpressionParser.NAME) {
            return new Ast.NameSegment(name, true);
        }
        if (ReservedWords.isReserved(name)) {
            throw Parsing.invalid(parameter, "Attribute name is a reserved keyword; reserved keyword: " + name);
        }
        return new Ast.NameSegment(name, false);
    }

    private static Ast.Comparator comparator(DynamoDbExpressionParser.ComparatorContext ctx) {
        return switch (ctx.getStart().getType()) {
            case DynamoDbExpressionParser.EQ -> Ast.Comparator.EQ;
            case DynamoDbExpressionParser.NE -> Ast.Comparator.NE;
            case DynamoDbExpressionParser.LT -> Ast.Comparator.LT;
            case DynamoDbExpressionParser.LE -> Ast.Comparator.LE;
            case DynamoDbExpressionParser.GT -> Ast.Comparator.GT;
            case DynamoDbExpressionParser.GE -> Ast.Comparator.GE;
            default -> throw new IllegalStateException("comparator " + ctx.getText());
        };
    }
}
