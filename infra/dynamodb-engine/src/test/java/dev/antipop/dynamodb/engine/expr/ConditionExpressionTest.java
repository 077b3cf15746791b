package dev.antipop.dynamodb.engine.expr;

import static dev.antipop.dynamodb.engine.expr.V.b;
import static dev.antipop.dynamodb.engine.expr.V.bool;
import static dev.antipop.dynamodb.engine.expr.V.item;
import static dev.antipop.dynamodb.engine.expr.V.l;
import static dev.antipop.dynamodb.engine.expr.V.m;
import static dev.antipop.dynamodb.engine.expr.V.n;
import static dev.antipop.dynamodb.engine.expr.V.names;
import static dev.antipop.dynamodb.engine.expr.V.ns;
import static dev.antipop.dynamodb.engine.expr.V.nul;
import static dev.antipop.dynamodb.engine.expr.V.s;
import static dev.antipop.dynamodb.engine.expr.V.ss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionExpressionTest {

    private static final Map<String, AttributeValue> ITEM = item(
            "pk", s("p1"),
            "n", n(5),
            "s", s("hello world"),
            "b", b(1, 2, 3),
            "t", bool(true),
            "z", nul(),
            "lst", l(s("x"), n(2), m("k", s("v"))),
            "doc", m("innr", m("deep", n(7)), "arr", l(n(1), n(2), n(3))),
            "tags", ss("red", "blue"),
            "nums", ns("1", "2.5"),
            "empty", s(""));

    private static final Map<String, AttributeValue> VALUES = item(
            ":five", n(5),
            ":four", n(4),
            ":six", n(6),
            ":five0", n("5.0"),
            ":hello", s("hello"),
            ":world", s("world"),
            ":x", s("x"),
            ":red", s("red"),
            ":green", s("green"),
            ":two", n(2),
            ":twohalf", n("2.5"),
            ":b12", b(1, 2),
            ":b23", b(2, 3),
            ":S", s("S"),
            ":N", s("N"),
            ":SS", s("SS"),
            ":M", s("M"),
            ":L", s("L"),
            ":NULL", s("NULL"),
            ":BOOL", s("BOOL"),
            ":B", s("B"),
            ":NS", s("NS"),
            ":true", bool(true),
            ":three", n(3),
            ":seven", n(7),
            ":kv", m("k", s("v")),
            ":p1", s("p1"),
            ":eleven", n(11));

    private static boolean eval(String expression) {
        return new ExpressionContext(names("#n", "n", "#map", "doc", "#deep", "deep"), VALUES)
                .condition("ConditionExpression", expression)
                .test(ITEM);
    }

    @Test
    void comparisonsOnNumbers() {
        assertThat(eval("n = :five")).isTrue();
        assertThat(eval("n = :five0")).isTrue();
        assertThat(eval("n <> :five")).isFalse();
        assertThat(eval("n <> :four")).isTrue();
        assertThat(eval("n < :six")).isTrue();
        assertThat(eval("n <= :five")).isTrue();
        assertThat(eval("n > :four")).isTrue();
        assertThat(eval("n >= :six")).isFalse();
        assertThat(eval(":six > n")).isTrue();
    }

    @Test
    void comparisonsOnStringsAndBinaries() {
        assertThat(eval("s > :hello")).isTrue();
        assertThat(eval("s < :world")).isTrue();
        assertThat(eval("b > :b12")).isTrue();
        assertThat(eval("b < :b23")).isTrue();
    }

    @Test
    void comparisonsBetweenTypesAreFalseAndNotEqualIsTrue() {
        assertThat(eval("n = :hello")).isFalse();
        assertThat(eval("n < :hello")).isFalse();
        assertThat(eval("n > :hello")).isFalse();
        assertThat(eval("n <> :hello")).isTrue();
        assertThat(eval("t < :true")).isFalse();
    }

    @Test
    void absentAttributesMakeComparisonsFalse() {
        assertThat(eval("absent = :five")).isFalse();
        assertThat(eval("absent < :five")).isFalse();
        assertThat(eval("absent >= :five")).isFalse();
        assertThat(eval("absent BETWEEN :four AND :six")).isFalse();
        assertThat(eval("absent IN (:five)")).isFalse();
        assertThat(eval("absent <> :five")).isTrue();
    }

    @Test
    void equalityIsDeepForDocumentsAndSets() {
        assertThat(eval("lst[2] = :kv")).isTrue();
        assertThat(eval("t = :true")).isTrue();
    }

    @Test
    void betweenAndIn() {
        assertThat(eval("n BETWEEN :four AND :six")).isTrue();
        assertThat(eval("n BETWEEN :five AND :five")).isTrue();
        assertThat(eval("n BETWEEN :six AND :seven")).isFalse();
        assertThat(eval("n IN (:four, :five)")).isTrue();
        assertThat(eval("n IN (:four, :six)")).isFalse();
        assertThat(eval("s IN (:hello, :four)")).isFalse();
    }

    @Test
    void precedenceNotAndOr() {
        // NOT binds tighter than AND, AND tighter than OR.
        assertThat(eval("n = :four OR n = :five AND s = :x")).isFalse();
        assertThat(eval("n = :five OR n = :four AND s = :x")).isTrue();
        assertThat(eval("(n = :five OR n = :four) AND s = :x")).isFalse();
        assertThat(eval("NOT n = :four AND n = :five")).isTrue();
        assertThat(eval("NOT (n = :five AND n = :four)")).isTrue();
        assertThat(eval("NOT n = :five OR n = :five")).isTrue();
        assertThat(eval("not n = :five and n = :five")).isFalse();
    }

    @Test
    void functions() {
        assertThat(eval("attribute_exists(n)")).isTrue();
        assertThat(eval("attribute_exists(absent)")).isFalse();
        assertThat(eval("attribute_not_exists(absent)")).isTrue();
        assertThat(eval("attribute_exists(doc.innr.deep)")).isTrue();
        assertThat(eval("attribute_exists(doc.arr[2])")).isTrue();
        assertThat(eval("attribute_exists(doc.arr[3])")).isFalse();
        assertThat(eval("attribute_exists(#map.innr.#deep)")).isTrue();
        assertThat(eval("NOT attribute_exists(z)")).isFalse();
        assertThat(eval("attribute_type(n, :N)")).isTrue();
        assertThat(eval("attribute_type(tags, :SS)")).isTrue();
        assertThat(eval("attribute_type(doc, :M)")).isTrue();
        assertThat(eval("attribute_type(lst, :L)")).isTrue();
        assertThat(eval("attribute_type(z, :NULL)")).isTrue();
        assertThat(eval("attribute_type(t, :BOOL)")).isTrue();
        assertThat(eval("attribute_type(b, :B)")).isTrue();
        assertThat(eval("attribute_type(nums, :NS)")).isTrue();
        assertThat(eval("attribute_type(n, :S)")).isFalse();
        assertThat(eval("begins_with(s, :hello)")).isTrue();
        assertThat(eval("begins_with(s, :world)")).isFalse();
        assertThat(eval("begins_with(b, :b12)")).isTrue();
        assertThat(eval("begins_with(n, :hello)")).isFalse();
        assertThat(eval("contains(s, :world)")).isTrue();
        assertThat(eval("contains(b, :b23)")).isTrue();
        assertThat(eval("contains(tags, :red)")).isTrue();
        assertThat(eval("contains(tags, :green)")).isFalse();
        assertThat(eval("contains(nums, :twohalf)")).isTrue();
        assertThat(eval("contains(lst, :x)")).isTrue();
        assertThat(eval("contains(lst, :two)")).isTrue();
        assertThat(eval("contains(lst, :kv)")).isTrue();
        assertThat(eval("contains(n, :five)")).isFalse();
    }

    @Test
    void size() {
        assertThat(eval("size(s) = :eleven")).isTrue();
        assertThat(eval("size(b) = :three")).isTrue();
        assertThat(eval("size(tags) = :two")).isTrue();
        assertThat(eval("size(lst) = :three")).isTrue();
        assertThat(eval("size(doc) = :two")).isTrue();
        assertThat(eval("size(doc.arr) > :two")).isTrue();
        assertThat(eval("size(n) = :five")).isFalse();
        assertThat(eval("size(n) <> :five")).isTrue();
        assertThat(eval("size(absent) >= :two")).isFalse();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(eval("n between :four and :six")).isTrue();
        assertThat(eval("n in (:five)")).isTrue();
        assertThat(eval("n = :five AnD NoT s = :x oR n = :four")).isTrue();
    }

    @Test
    void nestedPathsAndIndexes() {
        assertThat(eval("doc.innr.deep = :seven")).isTrue();
        assertThat(eval("doc.arr[1] = :two")).isTrue();
        assertThat(eval("lst[0] = :x")).isTrue();
        assertThat(eval("lst[2].k = :x")).isFalse();
        assertThat(eval("lst.k = :x")).isFalse();
        assertThat(eval("#n = :five")).isTrue();
    }

    @Test
    void emptyItemMeansNoAttributes() {
        Condition condition = new ExpressionContext(Map.of(), item(":v", n(1)))
                .condition("ConditionExpression", "attribute_not_exists(pk) OR n = :v");
        assertThat(condition.test(Map.of())).isTrue();
    }
}
