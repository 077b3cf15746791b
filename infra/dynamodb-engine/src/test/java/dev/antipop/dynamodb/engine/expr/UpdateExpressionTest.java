package dev.antipop.dynamodb.engine.expr;

import static dev.antipop.dynamodb.engine.expr.V.item;
import static dev.antipop.dynamodb.engine.expr.V.l;
import static dev.antipop.dynamodb.engine.expr.V.m;
import static dev.antipop.dynamodb.engine.expr.V.n;
import static dev.antipop.dynamodb.engine.expr.V.names;
import static dev.antipop.dynamodb.engine.expr.V.ns;
import static dev.antipop.dynamodb.engine.expr.V.s;
import static dev.antipop.dynamodb.engine.expr.V.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateExpressionTest {

    private static final Map<String, AttributeValue> VALUES = item(
            ":one", n(1),
            ":two", n(2),
            ":x", s("x"),
            ":y", s("y"),
            ":lx", l(s("x")),
            ":ly", l(s("y")),
            ":ab", ss("a", "b"),
            ":bc", ss("b", "c"),
            ":n12", ns("1", "2"),
            ":map", m("k", n(1)));

    private static Map<String, AttributeValue> apply(String expression, Map<String, AttributeValue> item) {
        return update(expression).apply(item);
    }

    private static Update update(String expression) {
        return new ExpressionContext(names("#c", "count"), VALUES).update(expression);
    }

    @Test
    void setReplacesAndCreates() {
        assertThat(apply("SET a = :x, b = :one", item("a", s("old")))).isEqualTo(item("a", s("x"), "b", n(1)));
    }

    @Test
    void setWithArithmeticAndIfNotExists() {
        assertThat(apply("SET #c = #c + :one", item("count", n(41)))).isEqualTo(item("count", n(42)));
        assertThat(apply("SET #c = #c - :two", item("count", n(1)))).isEqualTo(item("count", n(-1)));
        assertThat(apply("SET #c = if_not_exists(#c, :one) + :two", item())).isEqualTo(item("count", n(3)));
        assertThat(apply("SET #c = if_not_exists(#c, :one) + :two", item("count", n(5))))
                .isEqualTo(item("count", n(7)));
        assertThat(apply("SET a = :one + :two", item())).isEqualTo(item("a", n(3)));
    }

    @Test
    void setOperandsSeeTheItemBeforeTheUpdate() {
        assertThat(apply("SET a = b, b = a", item("a", n(1), "b", n(2)))).isEqualTo(item("a", n(2), "b", n(1)));
    }

    @Test
    void arithmeticOnAMissingAttributeFails() {
        assertThatThrownBy(() -> apply("SET #c = #c + :one", item()))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage("The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void arithmeticOnNonNumbersFails() {
        assertThatThrownBy(() -> apply("SET a = a + :one", item("a", s("x"))))
                .hasMessage("An operand in the update expression has an incorrect data type");
    }

    @Test
    void listAppend() {
        assertThat(apply("SET a = list_append(a, :ly)", item("a", l(s("x"))))).isEqualTo(item("a", l(s("x"), s("y"))));
        assertThat(apply("SET a = list_append(:ly, a)", item("a", l(s("x"))))).isEqualTo(item("a", l(s("y"), s("x"))));
        assertThat(apply("SET a = list_append(if_not_exists(a, :lx), :ly)", item()))
                .isEqualTo(item("a", l(s("x"), s("y"))));
        assertThatThrownBy(() -> apply("SET a = list_append(a, :ly)", item("a", s("x"))))
                .hasMessage("An operand in the update expression has an incorrect data type");
    }

    @Test
    void nestedSet() {
        Map<String, AttributeValue> before = item("doc", m("a", m("b", n(1)), "arr", l(n(1), n(2))));
        assertThat(apply("SET doc.a.b = :two, doc.arr[0] = :x", before))
                .isEqualTo(item("doc", m("a", m("b", n(2)), "arr", l(s("x"), n(2)))));
        assertThat(apply("SET doc.a.c = :two", before))
                .isEqualTo(item("doc", m("a", m("b", n(1), "c", n(2)), "arr", l(n(1), n(2)))));
    }

    @Test
    void setPastTheEndOfAListAppends() {
        assertThat(apply("SET arr[10] = :x", item("arr", l(n(1))))).isEqualTo(item("arr", l(n(1), s("x"))));
    }

    @Test
    void severalAppendsLandInIndexOrder() {
        assertThat(apply("SET arr[7] = :y, arr[5] = :x", item("arr", l(n(1)))))
                .isEqualTo(item("arr", l(n(1), s("x"), s("y"))));
    }

    @Test
    void setUnderAMissingParentIsInvalid() {
        assertThatThrownBy(() -> apply("SET doc.a.b = :one", item("doc", m())))
                .hasMessage("The document path provided in the update expression is invalid for update");
        assertThatThrownBy(() -> apply("SET doc.a = :one", item()))
                .hasMessage("The document path provided in the update expression is invalid for update");
        assertThatThrownBy(() -> apply("SET doc[0] = :one", item("doc", m())))
                .hasMessage("The document path provided in the update expression is invalid for update");
    }

    @Test
    void remove() {
        assertThat(apply("REMOVE a, doc.k", item("a", n(1), "b", n(2), "doc", m("k", n(1), "j", n(2)))))
                .isEqualTo(item("b", n(2), "doc", m("j", n(2))));
        assertThat(apply("REMOVE absent, doc.absent, arr[5]", item("doc", m(), "arr", l(n(1)))))
                .isEqualTo(item("doc", m(), "arr", l(n(1))));
    }

    @Test
    void removeOrDeleteUnderAMissingParentIsInvalid() {
        for (String expression : List.of(
                "REMOVE doc.absent.x",
                "REMOVE absent.x",
                "REMOVE doc[0]",
                "REMOVE arr.x",
                "DELETE absent.x :ab",
                "DELETE doc.absent.x :ab")) {
            assertThatThrownBy(() -> apply(expression, item("doc", m(), "arr", l(n(1)))))
                    .as(expression)
                    .hasMessage("The document path provided in the update expression is invalid for update");
        }
    }

    @Test
    void removeListElementsShiftsTheRest() {
        assertThat(apply("REMOVE arr[0], arr[2]", item("arr", l(n(0), n(1), n(2), n(3)))))
                .isEqualTo(item("arr", l(n(1), n(3))));
        assertThat(apply("REMOVE arr[9]", item("arr", l(n(0))))).isEqualTo(item("arr", l(n(0))));
    }

    @Test
    void addNumbersAndSets() {
        assertThat(apply("ADD #c :one", item())).isEqualTo(item("count", n(1)));
        assertThat(apply("ADD #c :two", item("count", n(1)))).isEqualTo(item("count", n(3)));
        assertThat(apply("ADD tags :ab", item())).isEqualTo(item("tags", ss("a", "b")));
        assertThat(apply("ADD tags :bc", item("tags", ss("a", "b")))).isEqualTo(item("tags", ss("a", "b", "c")));
        assertThatThrownBy(() -> apply("ADD tags :one", item("tags", ss("a"))))
                .hasMessage("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> apply("ADD tags :n12", item("tags", ss("a"))))
                .hasMessage("An operand in the update expression has an incorrect data type");
    }

    @Test
    void deleteFromSets() {
        assertThat(apply("DELETE tags :bc", item("tags", ss("a", "b")))).isEqualTo(item("tags", ss("a")));
        assertThat(apply("DELETE tags :ab", item("tags", ss("a", "b")))).isEqualTo(item());
        assertThat(apply("DELETE tags :ab", item())).isEqualTo(item());
        assertThatThrownBy(() -> apply("DELETE tags :n12", item("tags", ss("a"))))
                .hasMessage("An operand in the update expression has an incorrect data type");
    }

    @Test
    void allClausesTogetherInAnyOrderAndCase() {
        Update update = update("remove r add #c :one set a = :x delete tags :ab");
        assertThat(update.apply(item("r", n(1), "tags", ss("a", "z"))))
                .isEqualTo(item("a", s("x"), "tags", ss("z"), "count", n(1)));
        assertThat(update.topLevelAttributes()).containsExactlyInAnyOrder("r", "count", "a", "tags");
    }

    @Test
    void numbersAreNormalised() {
        Update update =
                new ExpressionContext(Map.of(), item(":a", n("0.1"), ":b", n("0.20"))).update("SET x = :a + :b");
        assertThat(update.apply(item())).isEqualTo(item("x", n("0.3")));
    }

    @Test
    void theInputItemIsNotChanged() {
        Map<String, AttributeValue> before = item("a", n(1));
        apply("SET a = :two", before);
        assertThat(before).isEqualTo(item("a", n(1)));
    }
}
