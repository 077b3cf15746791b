package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.Numbers;
import dev.antipop.dynamodb.engine.value.ValueOrder;
import java.util.stream.Collectors;

/** Helpers over attribute values for evaluation and for DynamoDB's wording of values in error messages. */
final class Values {

    private Values() {}

    /** Whether both are S, N or B of the same type (the only values {@code <} and BETWEEN order). */
    static boolean ordered(AttributeValue a, AttributeValue b) {
        return a != null && b != null && ValueOrder.comparable(a, b);
    }

    /** DynamoDB's long type names in update-expression operand errors ({@code STRING}, {@code NUMBER}, …). */
    static String longTypeName(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S ignored -> "STRING";
            case AttributeValue.N ignored -> "NUMBER";
            case AttributeValue.B ignored -> "BINARY";
            case AttributeValue.Bool ignored -> "BOOLEAN";
            case AttributeValue.Null ignored -> "NULL";
            case AttributeValue.M ignored -> "MAP";
            case AttributeValue.L ignored -> "LIST";
            case AttributeValue.SS ignored -> "STRING_SET";
            case AttributeValue.NS ignored -> "NUMBER_SET";
            case AttributeValue.BS ignored -> "BINARY_SET";
        };
    }

    /** A value as DynamoDB prints it in messages: {@code AttributeValue: {N:10}}. */
    static String describe(AttributeValue value) {
        return "AttributeValue: {" + value.type() + ":" + text(value) + "}";
    }

    private static String text(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> s.value();
            case AttributeValue.N n -> n.text();
            case AttributeValue.B b -> b.value().toString();
            case AttributeValue.Bool b -> Boolean.toString(b.value());
            case AttributeValue.Null ignored -> "true";
            case AttributeValue.M m ->
                m.value().entrySet().stream()
                        .map(e -> e.getKey() + "=" + describe(e.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
            case AttributeValue.L l ->
                l.value().stream().map(Values::describe).collect(Collectors.joining(",", "[", "]"));
            case AttributeValue.SS ss -> String.join(",", ss.value());
            case AttributeValue.NS ns ->
                ns.value().stream().map(Numbers::format).collect(Collectors.joining(","));
            case AttributeValue.BS bs ->
                bs.value().stream().map(Object::toString).collect(Collectors.joining(","));
        };
    }
}
