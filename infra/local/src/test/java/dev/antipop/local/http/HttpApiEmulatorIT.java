package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.lambda.FunctionSpec;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.testfunctions.HttpTestFunctions;
import dev.antipop.local.testfunctions.TestLogLevels;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the HTTP API emulator with a real HTTP client over real {@link LocalFunction}s. */
class HttpApiEmulatorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LocalFunction> FUNCTIONS = new ArrayList<>();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpApiEmulator api;
    private static HttpApiEmulator shortIntegrationTimeoutApi;

    static LocalFunction function(String name, String definition, Map<String, String> env, int timeoutSeconds) {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("MAIN_CLASS", HttpTestFunctions.class.getName());
        environment.put("SPRING_CLOUD_FUNCTION_DEFINITION", definition);
        LocalFunction function = new LocalFunction(new FunctionSpec(
                name, name, LocalFunction.SUPPORTED_HANDLER + "::handleRequest", environment, timeoutSeconds, 256));
        FUNCTIONS.add(function);
        return function;
    }

    @BeforeAll
    static void start() throws Exception {
        TestLogLevels.apply();
        LocalFunction echoHello = function("EchoHello", "httpEcho", Map.of("GREETING", "hello"), 10);
        LocalFunction echoBonjour = function("EchoBonjour", "httpEcho", Map.of("GREETING", "bonjour"), 10);
        LocalFunction slow = function("Slow", "httpSlow", Map.of(), 1);
        api = new HttpApiEmulator(
                "testapi",
                "$default",
                "127.0.0.1",
                0,
                List.of(
                        new HttpRoute("GET", "/echo/{id}", echoHello),
                        new HttpRoute("POST", "/upload", echoHello),
                        new HttpRoute("ANY", "/bonjour/{proxy+}", echoBonjour),
                        new HttpRoute("GET", "/status", function("Status", "httpStatus", Map.of(), 10)),
                        new HttpRoute("GET", "/fail", function("Fail", "httpFail", Map.of(), 10)),
                        new HttpRoute("GET", "/binary", function("Binary", "httpBinary", Map.of(), 10)),
                        new HttpRoute("GET", "/slow", slow)));
        api.start();
        shortIntegrationTimeoutApi = new HttpApiEmulator(
                "slowapi",
                "$default",
                "127.0.0.1",
                0,
                List.of(new HttpRoute("ANY", "$default", function("SlowPatient", "httpSlow", Map.of(), 10))),
                Duration.ofMillis(300));
        shortIntegrationTimeoutApi.start();
    }

    @AfterAll
    static void stop() {
        api.close();
        shortIntegrationTimeoutApi.close();
        FUNCTIONS.forEach(LocalFunction::close);
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode echo(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void pathParametersQueryCookiesHeadersAndEnvironmentReachTheFunction() throws Exception {
        HttpResponse<String> response = get("/echo/42?x=1&x=2&q=a%20b", "Cookie", "a=1; b=2", "X-Test", "t");
        JsonNode echo = echo(response);

        assertThat(response.headers().firstValue("apigw-requestid"))
                .get()
                .asString()
                .hasSize(16);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(echo.path("method").asText()).isEqualTo("GET");
        assertThat(echo.path("routeKey").asText()).isEqualTo("GET /echo/{id}");
        assertThat(echo.path("rawPath").asText()).isEqualTo("/echo/42");
        assertThat(echo.path("rawQueryString").asText()).isEqualTo("x=1&x=2&q=a%20b");
        assertThat(echo.path("pathParameters").path("id").asText()).isEqualTo("42");
        assertThat(echo.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(echo.path("queryStringParameters").path("q").asText()).isEqualTo("a b");
        assertThat(echo.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
        assertThat(echo.path("headers").path("x-test").asText()).isEqualTo("t");
        assertThat(echo.path("headers").has("cookie")).isFalse();
        assertThat(echo.path("greeting").asText()).isEqualTo("hello");
    }

    /**
     * Found by BadInputFuzzIT: Jetty caches header fields per connection and, by default, matches the cache without
     * regard to case, so on a kept-alive connection {@code Bearer eyJrAWQi...} (one letter's case changed, a forged
     * token) reached the function as the {@code Bearer eyJraWQi...} sent before it: a forged token was accepted.
     */
    @Test
    void aHeaderValueDifferingOnlyInCaseFromTheLastRequestOnTheConnectionReachesTheFunctionAsSent() throws Exception {
        String token = "Bearer eyJraWQiOiJsb2NhbCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        String forged = "Bearer eyJrAWQiOiJsb2NhbCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        for (int i = 0; i < 3; i++) {
            // One client, sequential requests: one kept-alive connection.
            assertThat(echo(get("/echo/1", "Authorization", token))
                            .path("headers")
                            .path("authorization")
                            .asText())
                    .isEqualTo(token);
            assertThat(echo(get("/echo/1", "Authorization", forged))
                            .path("headers")
                            .path("authorization")
                            .asText())
                    .isEqualTo(forged);
        }
    }

    @Test
    void twoFunctionsWithDifferentEnvironmentsSeeTheirOwnValues() throws Exception {
        JsonNode hello = echo(get("/echo/1"));
        JsonNode bonjour = echo(get("/bonjour/a/b"));

        assertThat(hello.path("greeting").asText()).isEqualTo("hello");
        assertThat(bonjour.path("greeting").asText()).isEqualTo("bonjour");
        assertThat(bonjour.path("routeKey").asText()).isEqualTo("ANY /bonjour/{proxy+}");
        assertThat(bonjour.path("pathParameters").path("proxy").asText()).isEqualTo("a/b");
    }

    @Test
    void statusHeadersAndCookiesOfTheFunctionReachTheClient() throws Exception {
        HttpResponse<String> response = get("/status?status=418");

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.headers().firstValue("x-test")).contains("status");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; Path=/");
        assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(418);
    }

    @Test
    void base64ResponseBodyIsSentAsBytes() throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/binary"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/octet-stream");
        assertThat(response.body()).hasSize(256);
        for (int i = 0; i < 256; i++) {
            assertThat(response.body()[i]).isEqualTo((byte) i);
        }
    }

    @Test
    void binaryRequestBodyArrivesBase64Encoded() throws Exception {
        byte[] bytes = {1, 2, 3, (byte) 0xfe};
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/upload"))
                        .header("content-type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode echo = echo(response);

        assertThat(echo.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(echo.path("body").asText()).isEqualTo("AQID/g==");
    }

    @Test
    void unknownRouteIs404() throws Exception {
        HttpResponse<String> response = get("/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        HttpResponse<String> wrongMethod = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/status"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
    }

    @Test
    void functionErrorIs500() throws Exception {
        HttpResponse<String> response = get("/fail");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void lambdaTimeoutIs500() throws Exception {
        HttpResponse<String> response = get("/slow?ms=2500");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void integrationTimeoutIs503() throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + shortIntegrationTimeoutApi.port() + "/anything?ms=2000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
    }

    @Test
    void bodyOverTenMegabytesIs413() throws Exception {
        // The emulator refuses on Content-Length alone and closes, as API Gateway does; a client still uploading may
        // see a broken pipe instead of the answer, so this client announces the size and sends no body.
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (HttpApiEmulator.MAX_PAYLOAD_BYTES + 1) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer).endsWith("{\"message\":\"Request Entity Too Large\"}");
        }
    }
}
