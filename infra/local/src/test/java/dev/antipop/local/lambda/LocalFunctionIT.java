package dev.antipop.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.testfunctions.BrokenTestFunctions;
import dev.antipop.local.testfunctions.HttpTestFunctions;
import dev.antipop.local.testfunctions.TestLogLevels;
import dev.antipop.local.testfunctions.WebSocketTestFunctions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hosts the test functions through {@code FunctionInvoker}, several in one JVM, as the local cloud does. */
class LocalFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LocalFunction> STARTED = new ArrayList<>();

    private static final String HTTP_EVENT = """
            {"version":"2.0","routeKey":"GET /echo","rawPath":"/echo","rawQueryString":"a=1",
             "headers":{"host":"localhost"},"queryStringParameters":{"a":"1"},
             "requestContext":{"accountId":"000000000000","apiId":"local","domainName":"localhost",
               "http":{"method":"GET","path":"/echo","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"t"},
               "requestId":"r1","routeKey":"GET /echo","stage":"$default","time":"22/Nov/2026:19:00:00 +0000",
               "timeEpoch":1795374000000},
             "isBase64Encoded":false}
            """;

    @BeforeAll
    static void logging() {
        TestLogLevels.apply();
    }

    @AfterAll
    static void closeAll() {
        STARTED.forEach(LocalFunction::close);
    }

    static LocalFunction function(String name, Class<?> mainClass, String definition, Map<String, String> extraEnv) {
        return function(name, mainClass, definition, extraEnv, 10);
    }

    static LocalFunction function(
            String name, Class<?> mainClass, String definition, Map<String, String> extraEnv, int timeout) {
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("MAIN_CLASS", mainClass.getName());
        env.put("SPRING_CLOUD_FUNCTION_DEFINITION", definition);
        LocalFunction function = new LocalFunction(
                new FunctionSpec(name, name, LocalFunction.SUPPORTED_HANDLER + "::handleRequest", env, timeout, 512));
        STARTED.add(function);
        return function;
    }

    private static JsonNode body(byte[] output) throws Exception {
        JsonNode response = JSON.readTree(output);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        return JSON.readTree(response.path("body").asText());
    }

    @Test
    void twoFunctionsInOneJvmSeeTheirOwnEnvironment() throws Exception {
        LocalFunction hello = function("EchoHello", HttpTestFunctions.class, "httpEcho", Map.of("GREETING", "hello"));
        LocalFunction bonjour =
                function("EchoBonjour", HttpTestFunctions.class, "httpEcho", Map.of("GREETING", "bonjour"));

        assertThat(hello.coldStart()).isEmpty();
        JsonNode first = body(hello.invoke(HTTP_EVENT.getBytes(StandardCharsets.UTF_8)));
        JsonNode second = body(bonjour.invoke(HTTP_EVENT.getBytes(StandardCharsets.UTF_8)));

        assertThat(first.path("greeting").asText()).isEqualTo("hello");
        assertThat(second.path("greeting").asText()).isEqualTo("bonjour");
        assertThat(second.path("relaxedGreeting").asText()).isEqualTo("bonjour");
        assertThat(first.path("rawPath").asText()).isEqualTo("/echo");
        assertThat(first.path("queryStringParameters").path("a").asText()).isEqualTo("1");
        assertThat(hello.coldStart()).isPresent();
        assertThat(bonjour.coldStart()).isPresent();
        System.out.printf(
                "cold start: first function %d ms, second function %d ms%n",
                hello.coldStart().orElseThrow().toMillis(),
                bonjour.coldStart().orElseThrow().toMillis());
        // A second invocation is warm: the measured cold start does not change.
        var coldStart = hello.coldStart();
        body(hello.invoke(HTTP_EVENT.getBytes(StandardCharsets.UTF_8)));
        assertThat(hello.coldStart()).isEqualTo(coldStart);
    }

    @Test
    void functionalStartClassGetsItsEnvironmentToo() throws Exception {
        LocalFunction ws = function("WsDefault", WebSocketTestFunctions.class, "wsDefault", Map.of("GREETING", "hi"));
        ws.warm();
        assertThat(ws.coldStart()).isPresent();
        String event = """
                {"requestContext":{"routeKey":"$default","eventType":"MESSAGE","connectionId":"abc=","messageId":"m1",
                  "apiId":"local","stage":"local","connectedAt":1,"requestTimeEpoch":2},
                 "body":"ping","isBase64Encoded":false}
                """;
        JsonNode body = body(ws.invoke(event.getBytes(StandardCharsets.UTF_8)));
        assertThat(body.path("greeting").asText()).isEqualTo("hi");
        assertThat(body.path("echo").asText()).isEqualTo("ping");
        assertThat(body.path("connectionId").asText()).isEqualTo("abc=");
    }

    @Test
    void handlerExceptionBecomesFunctionError() {
        LocalFunction fail = function("Fail", HttpTestFunctions.class, "httpFail", Map.of());
        assertThatThrownBy(() -> fail.invoke(HTTP_EVENT.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FunctionErrorException.class, e -> {
                    assertThat(e.functionName()).isEqualTo("Fail");
                    assertThat(e.errorType()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(e.getMessage()).contains("httpFail always fails");
                });
    }

    @Test
    void aContextThatFailsToStartIsAFunctionErrorAndNoColdStart() {
        LocalFunction broken = function("Broken", BrokenTestFunctions.class, "needsSetting", Map.of());

        assertThatThrownBy(() -> broken.invoke("\"x\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FunctionErrorException.class, e -> {
                    assertThat(e.functionName()).isEqualTo("Broken");
                    assertThat(e.getMessage()).contains("REQUIRED_SETTING");
                });
        assertThat(broken.coldStart()).isEmpty();
        assertThatThrownBy(broken::warm)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("function Broken: Spring context of " + BrokenTestFunctions.class.getName()
                        + " failed to start");
    }

    @Test
    void overrunningTheTimeoutIsSandboxTimedout() {
        LocalFunction slow = function("Slow", HttpTestFunctions.class, "httpSlow", Map.of(), 1);
        slow.warm();
        String event = HTTP_EVENT.replace("\"a\":\"1\"", "\"ms\":\"2500\"");
        long started = System.nanoTime();
        assertThatThrownBy(() -> slow.invoke(event.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FunctionErrorException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.getMessage()).contains("Task timed out after 1.00 seconds");
                });
        assertThat(System.nanoTime() - started).isLessThan(2_400_000_000L);
    }

    @Test
    void onlyFunctionInvokerHandlersAreSupported() {
        assertThatThrownBy(() -> new LocalFunction(new FunctionSpec(
                        "X",
                        "x-fn",
                        "com.example.Handler::handleRequest",
                        Map.of("MAIN_CLASS", HttpTestFunctions.class.getName()),
                        3,
                        128)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "function x-fn: handler com.example.Handler::handleRequest is not supported; the local"
                                + " cloud runs only org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
    }

    @Test
    void handlerWithoutMethodNameIsAccepted() {
        LocalFunction function = new LocalFunction(new FunctionSpec(
                "X",
                "x-fn",
                LocalFunction.SUPPORTED_HANDLER,
                Map.of("MAIN_CLASS", HttpTestFunctions.class.getName()),
                3,
                128));
        assertThat(function.functionName()).isEqualTo("x-fn");
        function.close();
    }

    @Test
    void missingStartClassIsOneClearLine() {
        assertThatThrownBy(() -> new LocalFunction(new FunctionSpec(
                        "X", "x-fn", LocalFunction.SUPPORTED_HANDLER, Map.of("MAIN_CLASS", "com.foo.Bar"), 3, 128)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("function x-fn: MAIN_CLASS com.foo.Bar is not on the classpath");
        assertThatThrownBy(() -> new LocalFunction(
                        new FunctionSpec("X", "x-fn", LocalFunction.SUPPORTED_HANDLER, Map.of(), 3, 128)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("function x-fn: environment variable MAIN_CLASS is not set");
    }
}
