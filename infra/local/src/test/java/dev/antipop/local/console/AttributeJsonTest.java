package dev.antipop.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AttributeJsonTest {

    @Test
    void anItemIsPlainJsonInNameOrderWithExactNumbers() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("z", AttributeValue.fromS("last"));
        item.put("n", AttributeValue.fromN("12345678901234567890.5"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
        item.put("ok", AttributeValue.fromBool(true));
        item.put("none", AttributeValue.fromNul(true));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"))));
        item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));

        assertThat(AttributeJson.item(item).toString())
                .isEqualTo("{\"b\":\"aGk=\",\"l\":[\"x\",1],\"m\":{\"k\":\"v\"},\"n\":12345678901234567890.5,"
                        + "\"none\":null,\"ns\":[1,2.5],\"ok\":true,\"ss\":[\"a\",\"b\"],\"z\":\"last\"}");
    }

    @Test
    void keyValuesAreTypedByTheirDefinition() {
        assertThat(AttributeJson.key("S", " 42 ")).isEqualTo(AttributeValue.fromS(" 42 "));
        assertThat(AttributeJson.key("N", " 42 ")).isEqualTo(AttributeValue.fromN("42"));
        assertThat(AttributeJson.key("B", "aGk=")).isEqualTo(AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
        assertThatThrownBy(() -> AttributeJson.key("N", "forty")).hasMessage("'forty' is not a number");
        assertThatThrownBy(() -> AttributeJson.key("B", "*")).hasMessage("'*' is not base64");
    }

    @Test
    void aCursorRoundTripsAndAForgedOneIsRefused() {
        Map<String, AttributeValue> key = Map.of(
                "stream", AttributeValue.fromS("user-1"),
                "version", AttributeValue.fromN("7"),
                "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("x")));

        String cursor = TablesApi.encodeCursor(key);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(TablesApi.cursor(cursor)).isEqualTo(key);
        assertThat(TablesApi.cursor(null)).isNull();
        for (String forged : List.of("%%%", "bm90IGpzb24", "W10", "eyJhIjoxfQ", "eyJhIjp7IlNTIjpbXX19")) {
            assertThatThrownBy(() -> TablesApi.cursor(forged))
                    .as(forged)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cursor is not one this console gave out");
        }
    }
}
