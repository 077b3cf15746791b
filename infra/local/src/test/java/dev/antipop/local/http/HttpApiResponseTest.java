package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiResponseTest {

    private static HttpApiResponse map(String output) {
        return HttpApiResponse.fromLambdaOutput(output.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(HttpApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void statusHeadersMultiValueHeadersCookiesAndBody() {
        HttpApiResponse response = map("""
                {"statusCode":201,"headers":{"content-type":"text/plain","x-n":5},
                 "multiValueHeaders":{"x-m":["a","b"]},"cookies":["a=1; Path=/","b=2"],
                 "body":"created","isBase64Encoded":false}
                """);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers())
                .containsExactly(
                        Map.entry("content-type", "text/plain"),
                        Map.entry("x-n", "5"),
                        Map.entry("x-m", "a"),
                        Map.entry("x-m", "b"),
                        Map.entry("set-cookie", "a=1; Path=/"),
                        Map.entry("set-cookie", "b=2"));
        assertThat(body(response)).isEqualTo("created");
    }

    @Test
    void base64BodyIsDecoded() {
        HttpApiResponse response = map("{\"statusCode\":200,\"body\":\"AAH/\",\"isBase64Encoded\":true}");
        assertThat(response.body()).containsExactly(0, 1, 0xff);
    }

    @Test
    void jsonWithoutStatusCodeIsA200WithTheOutputAsJsonBody() {
        HttpApiResponse response = map("{\"hello\":\"world\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(body(response)).isEqualTo("{\"hello\":\"world\"}");

        HttpApiResponse string = map("\"just a string\"");
        assertThat(string.status()).isEqualTo(200);
        assertThat(body(string)).isEqualTo("\"just a string\"");
    }

    @Test
    void emptyOutputIsAnEmpty200() {
        HttpApiResponse response = HttpApiResponse.fromLambdaOutput(new byte[0]);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void statusCodeWithoutBodyHasAnEmptyBody() {
        HttpApiResponse response = map("{\"statusCode\":204}");
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void malformedOutputsAre500() {
        for (String output : new String[] {
            "not json",
            "{\"statusCode\":\"abc\"}",
            "{\"statusCode\":42}",
            "{\"statusCode\":200,\"body\":{\"a\":1}}",
            "{\"statusCode\":200,\"body\":\"***\",\"isBase64Encoded\":true}"
        }) {
            HttpApiResponse response = map(output);
            assertThat(response.status()).as(output).isEqualTo(500);
            assertThat(body(response)).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }

    @Test
    void apiGatewayErrorShapes() {
        assertThat(body(HttpApiResponse.notFound())).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(HttpApiResponse.notFound().status()).isEqualTo(404);
        assertThat(HttpApiResponse.serviceUnavailable().status()).isEqualTo(503);
        assertThat(body(HttpApiResponse.requestEntityTooLarge()))
                .isEqualTo("{\"message\":\"Request Entity Too Large\"}");
    }
}
