package dev.antipop.dynamodb.engine.expr;

import static dev.antipop.dynamodb.engine.expr.V.item;
import static dev.antipop.dynamodb.engine.expr.V.l;
import static dev.antipop.dynamodb.engine.expr.V.n;
import static dev.antipop.dynamodb.engine.expr.V.s;
import static dev.antipop.dynamodb.engine.expr.V.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyParametersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, AttributeValue> ITEM =
            item("pk", s("p"), "n", n(5), "s", s("hello"), "tags", ss("a", "b"), "list", l(s("x"), n(1)));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean expected(String expected) {
        return LegacyParameters.expected(json(expected), null).test(ITEM);
    }

    private static boolean filter(String filter, String operator) {
        return LegacyParameters.filter("ScanFilter", json(filter), operator == null ? null : json("'" + operator + "'"))
                .test(ITEM);
    }

    @Test
    void expectedValueAndExists() {
        assertThat(expected("{'n':{'Value':{'N':'5'}}}")).isTrue();
        assertThat(expected("{'n':{'Value':{'N':'5'},'Exists':true}}")).isTrue();
        assertThat(expected("{'n':{'Value':{'N':'6'}}}")).isFalse();
        assertThat(expected("{'absent':{'Exists':false}}")).isTrue();
        assertThat(expected("{'n':{'Exists':false}}")).isFalse();
        assertThat(LegacyParameters.expected(null, null).test(ITEM)).isTrue();
    }

    @Test
    void expectedComparisonOperators() {
        assertThat(expected("{'n':{'ComparisonOperator':'EQ','AttributeValueList':[{'N':'5'}]}}"))
                .isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'NE','AttributeValueList':[{'N':'5'}]}}"))
                .isFalse();
        assertThat(expected("{'n':{'ComparisonOperator':'LE','AttributeValueList':[{'N':'5'}]}}"))
                .isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'LT','AttributeValueList':[{'N':'5'}]}}"))
                .isFalse();
        assertThat(expected("{'n':{'ComparisonOperator':'GE','AttributeValueList':[{'N':'5'}]}}"))
                .isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'GT','AttributeValueList':[{'N':'4'}]}}"))
                .isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'NOT_NULL'}}")).isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'NULL'}}")).isFalse();
        assertThat(expected("{'absent':{'ComparisonOperator':'NULL'}}")).isTrue();
        assertThat(expected("{'s':{'ComparisonOperator':'CONTAINS','AttributeValueList':[{'S':'ell'}]}}"))
                .isTrue();
        assertThat(expected("{'tags':{'ComparisonOperator':'CONTAINS','AttributeValueList':[{'S':'a'}]}}"))
                .isTrue();
        assertThat(expected("{'list':{'ComparisonOperator':'CONTAINS','AttributeValueList':[{'N':'1'}]}}"))
                .isTrue();
        assertThat(expected("{'tags':{'ComparisonOperator':'NOT_CONTAINS','AttributeValueList':[{'S':'c'}]}}"))
                .isTrue();
        assertThat(expected("{'s':{'ComparisonOperator':'BEGINS_WITH','AttributeValueList':[{'S':'he'}]}}"))
                .isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'IN','AttributeValueList':[{'N':'1'},{'N':'5'}]}}"))
                .isTrue();
        assertThat(expected("{'n':{'ComparisonOperator':'BETWEEN','AttributeValueList':[{'N':'1'},{'N':'5'}]}}"))
                .isTrue();
    }

    @Test
    void conditionalOperatorJoinsEntries() {
        String both = "{'n':{'ComparisonOperator':'EQ','AttributeValueList':[{'N':'5'}]},"
                + "'s':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'nope'}]}}";
        assertThat(filter(both, null)).isFalse();
        assertThat(filter(both, "AND")).isFalse();
        assertThat(filter(both, "OR")).isTrue();
        assertThatThrownBy(() -> filter(both, "XOR"))
                .hasMessage("1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy"
                        + " constraint: Member must satisfy enum value set: [AND, OR]");
    }

    @Test
    void malformedConditionsAreRefused() {
        assertThatThrownBy(() -> expected("{'n':{'ComparisonOperator':'EQ','AttributeValueList':[]}}"))
                .hasMessage("One or more parameter values were invalid: Invalid number of argument(s) for the EQ"
                        + " ComparisonOperator");
        assertThatThrownBy(() -> expected("{'n':{'ComparisonOperator':'LT','AttributeValueList':[{'SS':['a']}]}}"))
                .hasMessage("One or more parameter values were invalid: ComparisonOperator LT is not valid for SS"
                        + " AttributeValue type");
        assertThatThrownBy(() -> expected("{'n':{'Exists':true}}"))
                .hasMessage("1 validation error detected: One or more parameter values were invalid: Value must be"
                        + " provided when Exists is true for Attribute: n");
        assertThatThrownBy(() -> expected("{'n':{}}"))
                .hasMessage("1 validation error detected: One or more parameter values were invalid: Value must be"
                        + " provided when Exists is null for Attribute: n");
        assertThatThrownBy(() -> expected("{'n':{'Exists':true,'ComparisonOperator':'NULL'}}"))
                .hasMessage("1 validation error detected: One or more parameter values were invalid: Exists and"
                        + " ComparisonOperator cannot be used together for Attribute: n");
        assertThatThrownBy(() -> expected("{'n':{'Exists':false,'Value':{'N':'1'}}}"))
                .hasMessage("1 validation error detected: One or more parameter values were invalid: Value cannot be"
                        + " used when Exists is false for Attribute: n");
        // Value beside a ComparisonOperator is accepted by DynamoDB; the operator decides.
        assertThat(expected("{'n':{'Value':{'N':'1'},'ComparisonOperator':'EQ','AttributeValueList':[{'N':'5'}]}}"))
                .isTrue();
        assertThatThrownBy(() -> expected("{'n':{'ComparisonOperator':'LIKE','AttributeValueList':[{'N':'1'}]}}"))
                .hasMessageStartingWith("1 validation error detected: Value 'LIKE' at 'comparisonOperator'");
    }

    @Test
    void keyConditions() {
        KeyCondition condition = LegacyParameters.keyConditions(
                json("{'pk':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'p'}]},"
                        + "'sk':{'ComparisonOperator':'BETWEEN','AttributeValueList':[{'N':'1'},{'N':'2'}]}}"),
                "pk",
                "sk");
        assertThat(condition)
                .isEqualTo(new KeyCondition(
                        "pk",
                        s("p"),
                        new KeyCondition.SortKeyCondition("sk", KeyCondition.Operator.BETWEEN, List.of(n(1), n(2)))));
        assertThatThrownBy(() -> LegacyParameters.keyConditions(
                        json("{'sk':{'ComparisonOperator':'EQ','AttributeValueList':[{'N':'1'}]}}"), "pk", "sk"))
                .hasMessage("Query condition missed key schema element: pk");
        assertThatThrownBy(() -> LegacyParameters.keyConditions(
                        json("{'pk':{'ComparisonOperator':'EQ','AttributeValueList':[{'S':'p'}]},"
                                + "'sk':{'ComparisonOperator':'NE','AttributeValueList':[{'N':'1'}]}}"),
                        "pk",
                        "sk"))
                .hasMessage("Attempted conditional constraint is not an indexable operation");
    }

    @Test
    void attributeUpdates() {
        Update update = LegacyParameters.attributeUpdates(json("{'a':{'Value':{'S':'x'}},"
                + "'n':{'Action':'ADD','Value':{'N':'2'}},"
                + "'tags':{'Action':'DELETE','Value':{'SS':['a']}},"
                + "'s':{'Action':'DELETE'},"
                + "'list':{'Action':'ADD','Value':{'L':[{'S':'y'}]}}}"));
        assertThat(update.apply(ITEM))
                .isEqualTo(
                        item("pk", s("p"), "n", n(7), "tags", ss("b"), "list", l(s("x"), n(1), s("y")), "a", s("x")));
        assertThat(update.topLevelAttributes()).containsExactlyInAnyOrder("a", "n", "tags", "s", "list");
        assertThatThrownBy(() -> LegacyParameters.attributeUpdates(json("{'a':{'Action':'PUT'}}")))
                .hasMessage("One or more parameter values were invalid: Only DELETE action is allowed when no"
                        + " attribute value is specified");
    }

    @Test
    void attributesToGet() {
        assertThat(LegacyParameters.attributesToGet(json("['n','absent','s']")).apply(ITEM))
                .isEqualTo(item("n", n(5), "s", s("hello")));
        assertThat(LegacyParameters.attributesToGet(null)).isSameAs(Projection.ALL);
    }

    @Test
    void mixingLegacyAndExpressionParametersIsRefused() {
        LegacyParameters.checkNotMixed(new LinkedHashSet<>(List.of("Expected")), new LinkedHashSet<>());
        assertThatThrownBy(() -> LegacyParameters.checkNotMixed(
                        new LinkedHashSet<>(List.of("Expected")), new LinkedHashSet<>(List.of("ConditionExpression"))))
                .hasMessage("Can not use both expression and non-expression parameters in the same request:"
                        + " Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
    }
}
