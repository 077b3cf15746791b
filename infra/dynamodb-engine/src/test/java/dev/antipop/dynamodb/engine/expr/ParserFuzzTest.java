package dev.antipop.dynamodb.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random token soup as condition, update, projection and key condition expressions: whatever a client sends, the
 * answer is a result or a {@code ValidationException} (400), never another exception (which would be a 500).
 */
class ParserFuzzTest {

    private static final String[] TOKENS = {
        "a",
        "b.c",
        "l[1]",
        "#n",
        "#m",
        ":v",
        ":w",
        ":l",
        ":set",
        "[0]",
        "(",
        ")",
        ",",
        "=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "AND",
        "or",
        "NOT",
        "BETWEEN",
        "IN",
        "size",
        "attribute_exists",
        "attribute_not_exists",
        "attribute_type",
        "begins_with",
        "contains",
        "if_not_exists",
        "list_append",
        "SET",
        "REMOVE",
        "ADD",
        "DELETE",
        "+",
        "-",
        ".",
        "[",
        "]",
        "1",
        "$",
        "status",
        "pk",
        "sk",
        "#",
        ":",
        "\"",
        "é"
    };

    private static final Map<String, String> NAMES = Map.of("#n", "n", "#m", "m");
    private static final Map<String, AttributeValue> VALUES = Map.of(
            ":v",
            AttributeValue.s("x"),
            ":w",
            AttributeValue.n(2),
            ":l",
            new AttributeValue.L(List.of(AttributeValue.n(1))),
            ":set",
            new AttributeValue.SS(new java.util.TreeSet<>(List.of("a"))));

    @Property(tries = 1500)
    void onlyValidationExceptions(@ForAll long seed, @ForAll @IntRange(min = 0, max = 14) int length) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(TOKENS[random.nextInt(TOKENS.length)]);
            if (random.nextInt(3) > 0) {
                text.append(' ');
            }
        }
        String expression = text.toString();
        Map<String, AttributeValue> item = new ConditionGenerator.Generator(random).randomItem();
        check(c -> c.condition("ConditionExpression", expression).test(item));
        check(c -> c.update(expression).apply(item));
        check(c -> c.projection(expression).apply(item));
        check(c -> c.keyCondition(expression, "pk", "sk"));
        check(c -> c.keyCondition(expression, "pk", null));
    }

    private static void check(Consumer<ExpressionContext> parse) {
        try {
            parse.accept(new ExpressionContext(NAMES, VALUES));
        } catch (DynamoDbException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
