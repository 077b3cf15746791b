package dev.antipop.dynamodb.engine.expr;

import static dev.antipop.dynamodb.engine.expr.V.item;
import static dev.antipop.dynamodb.engine.expr.V.l;
import static dev.antipop.dynamodb.engine.expr.V.m;
import static dev.antipop.dynamodb.engine.expr.V.n;
import static dev.antipop.dynamodb.engine.expr.V.names;
import static dev.antipop.dynamodb.engine.expr.V.s;
import static dev.antipop.dynamodb.engine.expr.V.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per validation rule, with DynamoDB's exact message where AWS documents or returns it. */
class ValidationMessagesTest {

    private static final Map<String, AttributeValue> VALUES = item(
            ":v",
            s("x"),
            ":n",
            n(1),
            ":ten",
            n(10),
            ":five",
            n(5),
            ":s",
            s("a"),
            ":l",
            l(s("x")),
            ":set",
            ss("a"),
            ":m",
            m("k", n(1)),
            ":bad",
            s("X"));

    private static ExpressionContext context() {
        return new ExpressionContext(names("#a", "a", "#s", "status"), VALUES);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // Syntax errors: token and the text from the token before to the token after.
                Arguments.of(cond("a-b"), "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"a-b\""),
                Arguments.of(
                        cond("attribute_exists(a) AND NOT #a"),
                        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"#a\""),
                Arguments.of(
                        cond("a = :v OR"), "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"OR\""),
                Arguments.of(
                        upd("INVALID SYNTAX HERE"),
                        "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\""),
                Arguments.of(proj("a,,b"), "Invalid ProjectionExpression: Syntax error; token: \",\", near: \",,b\""),
                Arguments.of(filter("a = 5"), "Invalid FilterExpression: Syntax error; token: \"5\", near: \"= 5\""),
                Arguments.of(
                        key("pk = :v AND ()"),
                        "Invalid KeyConditionExpression: Syntax error; token: \")\", near: \"()\""),
                Arguments.of(
                        cond("a = :v $"), "Invalid ConditionExpression: Syntax error; token: \"$\", near: \":v $\""),
                // Empty and oversized expressions.
                Arguments.of(upd(""), "Invalid UpdateExpression: The expression can not be empty;"),
                Arguments.of(cond("  "), "Invalid ConditionExpression: The expression can not be empty;"),
                Arguments.of(
                        filter("a = :v OR " + "a = :v OR ".repeat(410) + "a = :v"),
                        "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4116"),
                // Reserved words.
                Arguments.of(
                        upd("SET status = :v"),
                        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"),
                Arguments.of(
                        cond("a.Name = :v"),
                        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name"),
                Arguments.of(
                        proj("a, size"),
                        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size"),
                // Undefined placeholders.
                Arguments.of(
                        cond("#x = :v"),
                        "Invalid ConditionExpression: An expression attribute name used in the document path is not"
                                + " defined; attribute name: #x"),
                Arguments.of(
                        upd("SET a = :nope"),
                        "Invalid UpdateExpression: An expression attribute value used in expression is not defined;"
                                + " attribute value: :nope"),
                // Paths that overlap or conflict.
                Arguments.of(
                        upd("SET a = :v REMOVE a.b"),
                        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite"
                                + " one of these paths; path one: [a], path two: [a, b]"),
                Arguments.of(
                        upd("SET #a = :v, a = :n"),
                        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite"
                                + " one of these paths; path one: [a], path two: [a]"),
                Arguments.of(
                        upd("SET a.b = :v, a[0] = :n"),
                        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite"
                                + " one of these paths; path one: [a, b], path two: [a, [0]]"),
                Arguments.of(
                        proj("a.b, a"),
                        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or"
                                + " rewrite one of these paths; path one: [a, b], path two: [a]"),
                // Clauses, functions, operands.
                Arguments.of(
                        upd("SET a = :v SET b = :v"),
                        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
                Arguments.of(
                        upd("ADD a :v"),
                        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD,"
                                + " operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"),
                Arguments.of(
                        upd("DELETE a :n"),
                        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE,"
                                + " operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
                Arguments.of(
                        upd("SET a = a + :v"),
                        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or"
                                + " function: +, operand type: S"),
                Arguments.of(
                        upd("SET a = list_append(a, :m)"),
                        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or"
                                + " function: list_append, operand type: M"),
                Arguments.of(
                        upd("SET a = size(b)"),
                        "Invalid UpdateExpression: The function is not allowed to be used this way in an expression;"
                                + " function: size"),
                Arguments.of(
                        cond("if_not_exists(a, :v) = :v"),
                        "Invalid ConditionExpression: The function is not allowed to be used this way in an"
                                + " expression; function: if_not_exists"),
                Arguments.of(
                        cond("size(a)"),
                        "Invalid ConditionExpression: The function is not allowed to be used this way in an"
                                + " expression; function: size"),
                Arguments.of(cond("nope(a)"), "Invalid ConditionExpression: Invalid function name; function: nope"),
                Arguments.of(
                        cond("begins_with(a)"),
                        "Invalid ConditionExpression: Incorrect number of operands for operator or function;"
                                + " operator or function: begins_with, number of operands: 1"),
                Arguments.of(
                        cond("attribute_exists(:v)"),
                        "Invalid ConditionExpression: Operator or function requires a document path; operator or"
                                + " function: attribute_exists"),
                Arguments.of(
                        cond("attribute_type(a, :bad)"),
                        "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {"
                                + " B,NULL,SS,BOOL,L,BS,N,NS,S,M }"),
                Arguments.of(
                        cond("begins_with(a, :n)"),
                        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or"
                                + " function: begins_with, operand type: N"),
                Arguments.of(
                        cond("contains(a, a)"),
                        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands"
                                + " for this operator or function; operator: contains, first operand: [a]"),
                Arguments.of(
                        cond("a BETWEEN :ten AND :five"),
                        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or"
                                + " equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound"
                                + " operand: AttributeValue: {N:5}"),
                Arguments.of(
                        cond("a BETWEEN :n AND :s"),
                        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper"
                                + " bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand:"
                                + " AttributeValue: {S:a}"),
                Arguments.of(
                        cond("a IN ("
                                + IntStream.range(0, 101).mapToObj(i -> ":v").collect(Collectors.joining(",")) + ")"),
                        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of"
                                + " operands: 101"),
                Arguments.of(
                        cond("((a = :v))"), "Invalid ConditionExpression: The expression has redundant parentheses;"),
                Arguments.of(
                        cond("(".repeat(4000)),
                        "Invalid ConditionExpression: The expression has redundant parentheses;"),
                Arguments.of(
                        cond("NOT ".repeat(1000) + "a = :v"),
                        "Invalid ConditionExpression: The expression contains too many operators; operator count: 1000"),
                Arguments.of(
                        cond(IntStream.range(0, 151).mapToObj(i -> "a = :v").collect(Collectors.joining(" AND "))),
                        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301"));
    }

    private static Consumer<ExpressionContext> cond(String text) {
        return c -> c.condition("ConditionExpression", text);
    }

    private static Consumer<ExpressionContext> filter(String text) {
        return c -> c.condition("FilterExpression", text);
    }

    private static Consumer<ExpressionContext> upd(String text) {
        return c -> c.update(text);
    }

    private static Consumer<ExpressionContext> proj(String text) {
        return c -> c.projection(text);
    }

    private static Consumer<ExpressionContext> key(String text) {
        return c -> c.keyCondition(text, "pk", "sk");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void answersDynamoDbsMessage(Consumer<ExpressionContext> parse, String message) {
        assertThatThrownBy(() -> parse.accept(context()))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.type()).isEqualTo("ValidationException");
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessage(message);
    }

    @Test
    void unusedNamesAndValues() {
        ExpressionContext names = new ExpressionContext(names("#a", "a", "#b", "b"), item(":v", s("x")));
        names.condition("ConditionExpression", "#a = :v");
        assertThatThrownBy(names::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");

        ExpressionContext values = new ExpressionContext(Map.of(), item(":v", s("x"), ":w", s("y"), ":z", s("z")));
        values.condition("ConditionExpression", "a = :v");
        assertThatThrownBy(values::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :z}");

        ExpressionContext acrossExpressions =
                new ExpressionContext(names("#a", "a", "#b", "b"), item(":v", s("x"), ":w", s("y")));
        acrossExpressions.condition("ConditionExpression", "#a = :v");
        acrossExpressions.update("SET #b = :w");
        acrossExpressions.checkAllUsed();
    }

    @Test
    void placeholderKeysMustStartWithHashAndColon() {
        assertThatThrownBy(() -> new ExpressionContext(names("n", "a"), Map.of()))
                .hasMessage("ExpressionAttributeNames contains invalid key: Syntax error; key: \"n\"");
        assertThatThrownBy(() -> new ExpressionContext(Map.of(), item("v", s("x"))))
                .hasMessage("ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
    }

    @Test
    void theReservedWordListIsTheFullPublishedOne() {
        assertThat(ReservedWords.count()).isEqualTo(573);
        assertThat(ReservedWords.isReserved("status")).isTrue();
        assertThat(ReservedWords.isReserved("ZONE")).isTrue();
        assertThat(ReservedWords.isReserved("abort")).isTrue();
        assertThat(ReservedWords.isReserved("customer")).isFalse();
    }

    @Test
    void placeholdersAvoidReservedWords() {
        Update update = context().update("SET #s = :v");
        assertThat(update.apply(Map.of())).isEqualTo(item("status", s("x")));
    }

    @Test
    void expressionsUpTo4KbAreAccepted() {
        String text = "a".repeat(4091) + " = :v";
        assertThat(text.length()).isEqualTo(4096);
        Condition condition = new ExpressionContext(Map.of(), item(":v", s("x"))).condition("FilterExpression", text);
        assertThat(condition.test(item("a".repeat(4091), s("x")))).isTrue();
    }
}
