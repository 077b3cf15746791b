package dev.antipop.dynamodb.engine.expr;

import static dev.antipop.dynamodb.engine.expr.V.item;
import static dev.antipop.dynamodb.engine.expr.V.l;
import static dev.antipop.dynamodb.engine.expr.V.m;
import static dev.antipop.dynamodb.engine.expr.V.n;
import static dev.antipop.dynamodb.engine.expr.V.names;
import static dev.antipop.dynamodb.engine.expr.V.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionAndKeyConditionTest {

    private static final Map<String, AttributeValue> ITEM = item(
            "pk", s("p"),
            "a", n(1),
            "doc", m("x", n(1), "y", m("z", n(2), "w", n(3)), "arr", l(n(0), n(1), m("q", n(5)), n(3))),
            "arr", l(s("a"), s("b"), s("c")));

    private static Map<String, AttributeValue> project(String expression) {
        return new ExpressionContext(names("#s", "status"), Map.of())
                .projection(expression)
                .apply(ITEM);
    }

    @Test
    void topLevelAttributes() {
        assertThat(project("pk, a, absent")).isEqualTo(item("pk", s("p"), "a", n(1)));
    }

    @Test
    void nestedPathsKeepOnlyTheChosenParts() {
        assertThat(project("doc.y.z, doc.x")).isEqualTo(item("doc", m("y", m("z", n(2)), "x", n(1))));
        assertThat(project("doc.arr[2].q")).isEqualTo(item("doc", m("arr", l(m("q", n(5))))));
        assertThat(project("arr[2], arr[0], arr[7]")).isEqualTo(item("arr", l(s("a"), s("c"))));
        assertThat(project("doc.absent, doc.x.deeper")).isEqualTo(item());
    }

    @Test
    void keyConditionWithPartitionKeyOnly() {
        KeyCondition condition =
                new ExpressionContext(names("#p", "pk"), item(":v", s("p"))).keyCondition("#p = :v", "pk", "sk");
        assertThat(condition).isEqualTo(new KeyCondition("pk", s("p"), null));
    }

    @Test
    void keyConditionWithEverySortKeyOperator() {
        Map<String, AttributeValue> values = item(":p", s("p"), ":a", n(1), ":b", n(2), ":s", s("x"));
        record Case(String expression, KeyCondition.Operator operator, List<AttributeValue> operands) {}
        for (Case c : List.of(
                new Case("pk = :p AND sk = :a", KeyCondition.Operator.EQ, List.of(n(1))),
                new Case("pk = :p AND sk < :a", KeyCondition.Operator.LT, List.of(n(1))),
                new Case("pk = :p AND sk <= :a", KeyCondition.Operator.LE, List.of(n(1))),
                new Case("pk = :p AND sk > :a", KeyCondition.Operator.GT, List.of(n(1))),
                new Case("sk >= :a AND pk = :p", KeyCondition.Operator.GE, List.of(n(1))),
                new Case(":a > sk AND pk = :p", KeyCondition.Operator.LT, List.of(n(1))),
                new Case("pk = :p AND sk BETWEEN :a AND :b", KeyCondition.Operator.BETWEEN, List.of(n(1), n(2))),
                new Case("(pk = :p) AND (begins_with(sk, :s))", KeyCondition.Operator.BEGINS_WITH, List.of(s("x"))))) {
            ExpressionContext context = new ExpressionContext(Map.of(), values);
            KeyCondition condition = context.keyCondition(c.expression(), "pk", "sk");
            assertThat(condition.partitionKey()).as(c.expression()).isEqualTo(s("p"));
            assertThat(condition.sortKey())
                    .as(c.expression())
                    .isEqualTo(new KeyCondition.SortKeyCondition("sk", c.operator(), c.operands()));
        }
    }

    private static void assertKeyError(String expression, String message) {
        Map<String, AttributeValue> values = item(":p", s("p"), ":a", n(1), ":b", n(2));
        assertThatThrownBy(() -> new ExpressionContext(Map.of(), values).keyCondition(expression, "pk", "sk"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage(message);
    }

    @Test
    void keyConditionErrors() {
        assertKeyError("sk = :a", "Query condition missed key schema element: pk");
        assertKeyError("pk = :p AND attr1 = :a", "Query key condition not supported");
        assertKeyError("pk < :p", "Query key condition not supported");
        assertKeyError("pk = :p OR sk = :a", "Invalid operator used in KeyConditionExpression: OR");
        assertKeyError("pk = :p AND NOT sk = :a", "Invalid operator used in KeyConditionExpression: NOT");
        assertKeyError("pk = :p AND sk IN (:a)", "Invalid operator used in KeyConditionExpression: IN");
        assertKeyError("pk = :p AND sk <> :a", "Invalid operator used in KeyConditionExpression: <>");
        assertKeyError(
                "pk = :p AND sk > :a AND sk < :b",
                "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
        assertKeyError(
                "pk = :p AND begins_with(sk, :a)",
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or"
                        + " function: begins_with, operand type: N");
        assertKeyError(
                "pk = :p AND attribute_exists(sk)",
                "Invalid operator used in KeyConditionExpression: attribute_exists");
    }
}
