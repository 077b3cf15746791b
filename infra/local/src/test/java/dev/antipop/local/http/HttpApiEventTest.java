package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIME = 1_795_374_000_123L; // 2026-11-22T19:00:00.123Z

    private static JsonNode event(HttpApiRequest request, HttpRouteMatch match) throws Exception {
        return JSON.readTree(HttpApiEvent.toJson(request, match, "api1", "$default", "REQ1234567890AB=", 3000, TIME));
    }

    private static HttpApiRequest request(
            String method, String path, String query, List<Map.Entry<String, String>> headers, String body) {
        return new HttpApiRequest(
                method, path, query, headers, body.getBytes(StandardCharsets.UTF_8), "HTTP/1.1", "10.0.0.7");
    }

    @Test
    void buildsPayloadFormat2WithRouteKeyPathParametersAndRequestContext() throws Exception {
        HttpRoute route = new HttpRoute("POST", "/commands/{name}", new StubFunction("f"));
        JsonNode event = event(
                request(
                        "POST",
                        "/commands/create-user",
                        "",
                        List.of(
                                Map.entry("Host", "localhost:3000"),
                                Map.entry("User-Agent", "test/1"),
                                Map.entry("Content-Type", "application/json")),
                        "{\"a\":1}"),
                new HttpRouteMatch(route, Map.of("name", "create-user")));

        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("POST /commands/{name}");
        assertThat(event.path("rawPath").asText()).isEqualTo("/commands/create-user");
        assertThat(event.path("rawQueryString").asText()).isEmpty();
        assertThat(event.has("queryStringParameters")).isFalse();
        assertThat(event.has("cookies")).isFalse();
        assertThat(event.has("stageVariables")).isFalse();
        assertThat(event.path("pathParameters").path("name").asText()).isEqualTo("create-user");
        assertThat(event.path("body").asText()).isEqualTo("{\"a\":1}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();

        JsonNode context = event.path("requestContext");
        assertThat(context.path("accountId").asText()).isEqualTo("000000000000");
        assertThat(context.path("apiId").asText()).isEqualTo("api1");
        assertThat(context.path("domainName").asText()).isEqualTo("localhost:3000");
        assertThat(context.path("domainPrefix").asText()).isEqualTo("localhost");
        assertThat(context.path("requestId").asText()).isEqualTo("REQ1234567890AB=");
        assertThat(context.path("routeKey").asText()).isEqualTo("POST /commands/{name}");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("time").asText()).isEqualTo("22/Nov/2026:19:00:00 +0000");
        assertThat(context.path("timeEpoch").asLong()).isEqualTo(TIME);
        JsonNode http = context.path("http");
        assertThat(http.path("method").asText()).isEqualTo("POST");
        assertThat(http.path("path").asText()).isEqualTo("/commands/create-user");
        assertThat(http.path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(http.path("sourceIp").asText()).isEqualTo("10.0.0.7");
        assertThat(http.path("userAgent").asText()).isEqualTo("test/1");
    }

    @Test
    void headersAreLowerCasedJoinedAndCookiesSplitOut() throws Exception {
        JsonNode event = event(
                request(
                        "GET",
                        "/x",
                        "",
                        List.of(
                                Map.entry("X-Multi", "a"),
                                Map.entry("x-multi", "b"),
                                Map.entry("Cookie", "c1=v1; c2=v2"),
                                Map.entry("Cookie", "c3=v3")),
                        ""),
                new HttpRouteMatch(new HttpRoute("ANY", "$default", new StubFunction("f")), Map.of()));

        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        JsonNode headers = event.path("headers");
        assertThat(headers.path("x-multi").asText()).isEqualTo("a,b");
        assertThat(headers.has("cookie")).isFalse();
        assertThat(headers.has("X-Multi")).isFalse();
        assertThat(headers.path("x-forwarded-for").asText()).isEqualTo("10.0.0.7");
        assertThat(headers.path("x-forwarded-port").asText()).isEqualTo("3000");
        assertThat(headers.path("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.path("x-amzn-trace-id").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("c1=v1", "c2=v2", "c3=v3");
        assertThat(event.has("body")).isFalse();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void queryParametersAreDecodedAndRepeatedOnesJoined() throws Exception {
        JsonNode event = event(
                request("GET", "/x", "a=1&a=2&b=hello+world&c=%C3%A9t%C3%A9&flag&bad=%zz", List.of(), ""),
                new HttpRouteMatch(new HttpRoute("GET", "/x", new StubFunction("f")), Map.of()));

        assertThat(event.path("rawQueryString").asText())
                .isEqualTo("a=1&a=2&b=hello+world&c=%C3%A9t%C3%A9&flag&bad=%zz");
        JsonNode query = event.path("queryStringParameters");
        assertThat(query.path("a").asText()).isEqualTo("1,2");
        assertThat(query.path("b").asText()).isEqualTo("hello world");
        assertThat(query.path("c").asText()).isEqualTo("été");
        assertThat(query.path("flag").asText()).isEmpty();
        assertThat(query.path("bad").asText()).isEqualTo("%zz");
    }

    /** Found by BadInputFuzzIT: bytes that are not UTF-8 reached functions as U+FFFD, so a strict reader took them. */
    @Test
    void aJsonBodyThatIsNotUtf8IsPassedBase64EncodedWithItsBytes() throws Exception {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xff, '"', '}'};
        HttpApiRequest request = new HttpApiRequest(
                "POST",
                "/upload",
                "",
                List.of(Map.entry("content-type", "application/json")),
                bytes,
                "HTTP/1.1",
                "127.0.0.1");
        JsonNode event =
                event(request, new HttpRouteMatch(new HttpRoute("POST", "/upload", new StubFunction("f")), Map.of()));

        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.path("body").asText())).isEqualTo(bytes);
        assertThat(HttpApiEvent.isUtf8("{\"a\":\"\u00e9\ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void binaryBodiesAreBase64Encoded() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        HttpApiRequest request = new HttpApiRequest(
                "POST",
                "/upload",
                "",
                List.of(Map.entry("content-type", "application/octet-stream")),
                bytes,
                "HTTP/1.1",
                "127.0.0.1");
        JsonNode event =
                event(request, new HttpRouteMatch(new HttpRoute("POST", "/upload", new StubFunction("f")), Map.of()));

        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.path("body").asText())).isEqualTo(bytes);
    }

    @Test
    void textContentTypes() {
        assertThat(HttpApiEvent.isText("application/json; charset=utf-8")).isTrue();
        assertThat(HttpApiEvent.isText("text/plain")).isTrue();
        assertThat(HttpApiEvent.isText("application/x-www-form-urlencoded")).isTrue();
        assertThat(HttpApiEvent.isText("application/vnd.api+json")).isTrue();
        assertThat(HttpApiEvent.isText("application/atom+xml")).isTrue();
        assertThat(HttpApiEvent.isText("application/xml")).isTrue();
        assertThat(HttpApiEvent.isText("image/png")).isFalse();
        assertThat(HttpApiEvent.isText("application/octet-stream")).isFalse();
        assertThat(HttpApiEvent.isText(null)).isFalse();
    }
}
