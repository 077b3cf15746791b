package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Ast.Action;
import dev.antipop.dynamodb.engine.expr.Ast.CondAst;
import dev.antipop.dynamodb.engine.expr.Ast.OperandAst;
import dev.antipop.dynamodb.engine.expr.Ast.PathAst;
import dev.antipop.dynamodb.engine.expr.Ast.Segment;
import dev.antipop.dynamodb.engine.expr.DynamoDbExpressionParser.PathStepContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Text to {@link Ast}: the ANTLR grammar {@code DynamoDbExpression.g4}, then the checks that depend only on the text
 * (syntax, reserved words, function names and arity, clause repetition, IN operand count, nesting depth). Results are
 * cached per expression text in a small bounded cache, so a hot request shape is parsed once.
 *
 * <p>Error messages follow DynamoDB's shape: {@code Invalid <Parameter>: Syntax error; token: "x", near: "a x b"},
 * where {@code near} spans the token before the offending one to the token after it.
 */
final class Parsing {

    /** DynamoDB developer guide, "Service, account, and table quotas": expression strings at most 4 KB. */
    static final int MAX_EXPRESSION_BYTES = 4096;

    /** Same source: at most 100 operands to IN. */
    static final int MAX_IN_OPERANDS = 100;

    /** Same source: at most 300 operators or functions in one expression. */
    static final int MAX_OPERATORS = 300;

    /** Documents nest at most 32 levels. */
    static final int MAX_PATH_DEPTH = 32;

    private static final int CACHE_LIMIT = 2048;
    private static final Map<String, CondAst> CONDITIONS = new ConcurrentHashMap<>();
    private static final Map<String, List<Action>> UPDATES = new ConcurrentHashMap<>();
    private static final Map<String, List<PathAst>> PROJECTIONS = new ConcurrentHashMap<>();

    private Parsing() {}

    /** Parses a condition, filter or key condition expression. */
    static CondAst condition(String parameter, String text) {
        return cached(CONDITIONS, parameter, text, () -> {
            Builder builder = new Builder(parameter, text);
            CondAst condition = builder.condition(
                    newParser(parameter, text).conditionExpression().condition());
            builder.checkOperatorCount();
            return condition;
        });
    }

    /** Parses an update expression into its actions, in the order written. */
    static List<Action> update(String text) {
        String parameter = "UpdateExpression";
        return cached(UPDATES, parameter, text, () -> {
            Builder builder = new Builder(parameter, text);
            List<Action> actions = builder.update(newParser(parameter, text).updateExpression());
            builder.checkOperatorCount();
            return actions;
        });
    }

    /** Parses a projection expression into its paths. */
    static List<PathAst> projection(String text) {
        String parameter = "ProjectionExpression";
        return cached(PROJECTIONS, parameter, text, () -> {
            Builder builder = new Builder(parameter, text);
            List<PathAst> paths = new ArrayList<>();
            for (var path : newParser(parameter, text).projectionExpression().path()) {
                paths.add(builder.path(path));
            }
            return List.copyOf(paths);
        });
    }

    /** Checks emptiness and size, DynamoDB's first checks on any expression parameter. */
    static void checkText(String parameter, String text) {
        if (text == null || text.isBlank()) {
            throw invalid(parameter, "The expression can not be empty;");
        }
        int bytes = text.length() <= MAX_EXPRESSION_BYTES / 3
                ? text.length()
                : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw invalid(
                    parameter, "Expression size has exceeded the maximum allowed size; expression size: " + bytes);
        }
    }

    static DynamoDbException invalid(String parameter, String message) {
        return DynamoDbException.validation("Invalid " + parameter + ": " + message);
    }

    private static <T> T cached(
            Map<String, T> cache, String parameter, String text, java.util.function.Supplier<T> parse) {
        checkText(parameter, text);
        // The parameter name is part of error messages only, and errors are never cached, so the text is the key.
        T hit = cache.get(text);
        if (hit != null) {
            return hit;
        }
        T parsed = parse.get();
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // crude bound: request shapes repeat, so the hot ones come straight back
        }
        cache.put(text, parsed);
        return parsed;
    }

    /**
     * A parser that throws DynamoDB's syntax error on the first problem. ANTLR's own console listeners are removed, so
     * nothing is printed to stderr.
     */
    private static DynamoDbExpressionParser newParser(String parameter, String text) {
        DynamoDbExpressionLexer lexer = new DynamoDbExpressionLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        guardDepth(parameter, tokens.getTokens());
        DynamoDbExpressionParser parser = new DynamoDbExpressionParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new ThrowingListener(parameter, text, tokens));
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        parser.setErrorHandler(new DefaultErrorStrategy());
        return parser;
    }

    /**
     * Refuses, before parsing, what would nest deeper than any valid expression can: a valid expression has at most
     * {@value #MAX_OPERATORS} operators, so it needs no more levels of parentheses or operators than that. Without this,
     * 4 KB of "(" would recurse deep enough to overflow the stack.
     */
    private static void guardDepth(String parameter, List<Token> tokens) {
        int depth = 0;
        int deepest = 0;
        int operators = 0;
        for (Token token : tokens) {
            switch (token.getType()) {
                case DynamoDbExpressionParser.LPAREN -> deepest = Math.max(deepest, ++depth);
                case DynamoDbExpressionParser.RPAREN -> depth--;
                case DynamoDbExpressionParser.AND,
                        DynamoDbExpressionParser.OR,
                        DynamoDbExpressionParser.NOT,
                        DynamoDbExpressionParser.PLUS,
                        DynamoDbExpressionParser.MINUS -> operators++;
                default -> {}
            }
        }
        if (deepest > MAX_OPERATORS + 1) {
            throw invalid(parameter, "The expression has redundant parentheses;");
        }
        if (operators > 2 * MAX_OPERATORS) {
            throw invalid(parameter, "The expression contains too many operators; operator count: " + operators);
        }
    }

    private static final class ThrowingListener extends BaseErrorListener {
        private final String parameter;
        private final String text;
        private final CommonTokenStream tokens;

        ThrowingListener(String parameter, String text, CommonTokenStream tokens) {
            this.parameter = parameter;
            this.text = text;
            this.tokens = tokens;
        }

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int charPositionInLine,
                String msg,
                RecognitionException e) {
            throw Parsing.syntaxError(parameter, text, tokens.getTokens(), (Token) offendingSymbol);
        }
    }

    static DynamoDbException syntaxError(String parameter, String text, List<Token> tokens, Token offending) {
        boolean eof = offending == null || offending.getType() == Token.EOF;
        int index = offending == null ? tokens.size() - 1 : offending.getTokenIndex();
        Token previous = index > 0 && index - 1 < tokens.size() ? tokens.get(index - 1) : null;
        Token next =
                index >= 0 && index + 1 < tokens.size() && tokens.get(index + 1).getType() != Token.EOF
                        ? tokens.get(index + 1)
                        : null;
        int start = previous != null ? previous.getStartIndex() : eof ? text.length() : offending.getStartIndex();
        int end = next != null
                ? next.getStopIndex() + 1
                : !eof ? offending.getStopIndex() + 1 : previous != null ? previous.getStopIndex() + 1 : start;
        String near = text.substring(Math.max(0, Math.min(start, text.length())), Math.min(end, text.length()));
        String token = eof ? "<EOF>" : offending.getText();
        return invalid(parameter, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    /** Parse tree to {@link Ast}, with the text-only checks. */
    private static final class Builder {
        private final String parameter;
        private final String text;
        private final boolean update;
        private int operators;

        Builder(String parameter, String text) {
            this.parameter = parameter;
            this.text = text;
            this.update = parameter.equals("UpdateExpression");
        }

        void checkOperatorCount() {
            if (operators > MAX_OPERATORS) {
                throw invalid(parameter, "The expression contains too many operators; operator count: " + operators);
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
                    if (candidates.size() > MAX_IN_OPERANDS) {
                        throw invalid(
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
                        throw invalid(parameter, "The expression has redundant parentheses;");
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
                            actions.add(new Ast.AddAction(
                                    path(c.path(i)), c.VALUE(i).getText()));
                        }
                    }
                    case DynamoDbExpressionParser.DeleteClauseContext c -> {
                        delete = once(delete, "DELETE");
                        for (int i = 0; i < c.path().size(); i++) {
                            actions.add(new Ast.DeleteAction(
                                    path(c.path(i)), c.VALUE(i).getText()));
                        }
                    }
                    default -> throw new IllegalStateException("unexpected parse tree " + clause.getClass());
                }
            }
            return List.copyOf(actions);
        }

        private boolean once(boolean seen, String clause) {
            if (seen) {
                throw invalid(
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
                throw invalid(parameter, "Invalid function name; function: " + name);
            }
            List<OperandAst> arguments = new ArrayList<>();
            for (var argument : ctx.operand()) {
                arguments.add(operand(argument));
            }
            if (arguments.size() != arity) {
                throw invalid(
                        parameter,
                        "Incorrect number of operands for operator or function; operator or function: " + name
                                + ", number of operands: " + arguments.size());
            }
            if (Functions.firstArgumentIsPath(name) && !(arguments.getFirst() instanceof Ast.PathOperand)) {
                throw invalid(
                        parameter, "Operator or function requires a document path; operator or function: " + name);
            }
            return new Ast.Call(name, List.copyOf(arguments));
        }

        private DynamoDbException notAllowedHere(String function) {
            return invalid(
                    parameter,
                    "The function is not allowed to be used this way in an expression; function: " + function);
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
                            throw invalid(
                                    parameter,
                                    "List index is not within the allowable range; index: "
                                            + i.INT().getText());
                        }
                        segments.add(new Ast.IndexSegment(index));
                    }
                    default -> throw new IllegalStateException("unexpected parse tree " + step.getClass());
                }
            }
            if (segments.size() > MAX_PATH_DEPTH) {
                throw invalid(
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
                throw invalid(parameter, "Attribute name is a reserved keyword; reserved keyword: " + name);
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
}
