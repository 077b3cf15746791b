package dev.antipop.local.testfunctions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.runtime.config.FunctionJsonConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Test functions for the HTTP API emulator: a {@code @SpringBootConfiguration} start class (annotation style).
 * Reference them with {@code MAIN_CLASS=dev.antipop.local.testfunctions.HttpTestFunctions} and
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION=<bean>}; all take an {@code APIGatewayV2HTTPEvent} (payload format 2.0) and
 * return an {@code APIGatewayV2HTTPResponse}:
 *
 * <ul>
 *   <li>{@code httpEcho}: 200, body = JSON {@code {method, rawPath, routeKey, rawQueryString, pathParameters,
 *       queryStringParameters, headers, cookies, body, isBase64Encoded, greeting, relaxedGreeting}} where {@code greeting} is the
 *       function's environment variable {@code GREETING} (read from Spring's {@code Environment}), and
 *       {@code relaxedGreeting}, the same looked up as {@code greeting}.
 *   <li>{@code httpStatus}: the status in query parameter {@code status} (default 200), header
 *       {@code x-test: status}, cookie {@code session=abc; Path=/}, body {@code {"status":N}}.
 *   <li>{@code httpFail}: throws {@code IllegalStateException("httpFail always fails")}.
 *   <li>{@code httpBinary}: 200, {@code content-type: application/octet-stream}, base64 body of bytes 0..255.
 *   <li>{@code httpSlow}: sleeps {@code ms} milliseconds (query parameter) to overrun a short {@code Timeout}.
 *   <li>{@code httpNoop}: 200 {@code {}}; the benchmark function.
 * </ul>
 */
@SpringBootConfiguration
@Import(FunctionJsonConfiguration.class)
@EnableAutoConfiguration
public class HttpTestFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Echoes the request as the function saw it, plus the {@code GREETING} environment variable. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpEcho(Environment environment) {
        String greeting = environment.getProperty("GREETING", "");
        // Relaxed lookup, as Spring resolves real environment variables: "greeting" finds GREETING.
        String relaxedGreeting = environment.getProperty("greeting", "");
        return event -> {
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", event.getRequestContext().getHttp().getMethod());
            echo.put("rawPath", event.getRawPath());
            echo.put("routeKey", event.getRouteKey());
            echo.put("rawQueryString", event.getRawQueryString());
            echo.put("pathParameters", event.getPathParameters());
            echo.put("queryStringParameters", event.getQueryStringParameters());
            echo.put("headers", event.getHeaders());
            echo.put("cookies", event.getCookies());
            echo.put("body", event.getBody());
            echo.put("isBase64Encoded", event.getIsBase64Encoded());
            echo.put("greeting", greeting);
            echo.put("relaxedGreeting", relaxedGreeting);
            return json(200, echo);
        };
    }

    /** Answers with the status given in {@code ?status=}, one header and one cookie. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpStatus() {
        return event -> {
            Map<String, String> query = event.getQueryStringParameters();
            int status = Integer.parseInt(query == null ? "200" : query.getOrDefault("status", "200"));
            APIGatewayV2HTTPResponse response = json(status, Map.of("status", status));
            response.getHeaders().put("x-test", "status");
            response.setCookies(List.of("session=abc; Path=/"));
            return response;
        };
    }

    /** Always throws: the function error path. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpFail() {
        return event -> {
            throw new IllegalStateException("httpFail always fails");
        };
    }

    /** Returns the bytes 0..255 base64-encoded, as a binary response must be. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpBinary() {
        return event -> {
            byte[] bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
            response.setStatusCode(200);
            response.setHeaders(new LinkedHashMap<>(Map.of("content-type", "application/octet-stream")));
            response.setBody(Base64.getEncoder().encodeToString(bytes));
            response.setIsBase64Encoded(true);
            return response;
        };
    }

    /** Sleeps {@code ?ms=} milliseconds: a handler that overruns its {@code Timeout}. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpSlow() {
        return event -> {
            long ms = Long.parseLong(event.getQueryStringParameters().getOrDefault("ms", "0"));
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return json(200, Map.of("sleptMs", ms));
        };
    }

    /** Does nothing: 200 {@code {}}. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpNoop() {
        return event -> {
            APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
            response.setStatusCode(200);
            response.setBody("{}");
            return response;
        };
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(status);
        response.setHeaders(new LinkedHashMap<>(Map.of("content-type", "application/json")));
        try {
            response.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setIsBase64Encoded(false);
        return response;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
