package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.expr.Ast.Action;
import dev.antipop.dynamodb.engine.expr.Ast.CondAst;
import dev.antipop.dynamodb.engine.expr.Ast.PathAst;
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
            AstBuilder builder = new AstBuilder(parameter, text);
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
            AstBuilder builder = new AstBuilder(parameter, text);
            List<Action> actions = builder.update(newParser(parameter, text).updateExpression());
            builder.checkOperatorCount();
            return actions;
        });
    }

    /** Parses a projection expression into its paths. */
    static List<PathAst> projection(String text) {
        String parameter = "ProjectionExpression";
        return cached(PROJECTIONS, parameter, text, () -> {
            AstBuilder builder = new AstBuilder(parameter, text);
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
}
