package dev.antipop.local.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteSelectionExpressionTest {

    @Test
    void selectsATopLevelField() {
        RouteSelectionExpression expression = RouteSelectionExpression.parse("$request.body.op");
        assertThat(expression.select("{\"v\":1,\"op\":\"sub\"}")).contains("sub");
        assertThat(expression.select("{\"op\":7}")).contains("7");
    }

    @Test
    void selectsANestedFieldAndAcceptsTheBracedForm() {
        RouteSelectionExpression expression = RouteSelectionExpression.parse("${request.body.meta.action}");
        assertThat(expression.select("{\"meta\":{\"action\":\"send\"}}")).contains("send");
    }

    @Test
    void nonJsonMissingFieldAndNonScalarsSelectNothing() {
        RouteSelectionExpression expression = RouteSelectionExpression.parse("$request.body.op");
        assertThat(expression.select("not json")).isEmpty();
        assertThat(expression.select("{\"other\":1}")).isEmpty();
        assertThat(expression.select("{\"op\":{\"x\":1}}")).isEmpty();
        assertThat(expression.select("{\"op\":null}")).isEmpty();
        assertThat(expression.select("[1,2]")).isEmpty();
        assertThat(expression.select("")).isEmpty();
        assertThat(RouteSelectionExpression.parse("$request.body.a.b").select("{\"a\":\"b\"}"))
                .isEmpty();
    }

    @Test
    void unsupportedExpressionsAreRejected() {
        assertThatThrownBy(() -> RouteSelectionExpression.parse("$request.header.x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> RouteSelectionExpression.parse("$request.body."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RouteSelectionExpression.parse("$request.body.a..b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
