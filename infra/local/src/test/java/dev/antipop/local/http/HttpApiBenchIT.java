package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.lambda.FunctionSpec;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.testfunctions.HttpTestFunctions;
import dev.antipop.local.testfunctions.TestLogLevels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput and latency of the HTTP API emulator for a no-op function at 16 concurrent clients. Prints figures, asserts
 * none (timings are not test results). Runs only with {@code -Dantipop.bench=true}:
 * {@code ./mvnw -pl infra/local verify -Dantipop.bench=true -Dit.test='*BenchIT' -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "antipop.bench", matches = "true")
class HttpApiBenchIT {

    private static final int CLIENTS = 16;

    @Test
    void noOpFunctionAt16ConcurrentClients() throws Exception {
        TestLogLevels.apply();
        // The per-invocation log line is INFO; at thousands of requests per second it would measure the console.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(LocalFunction.INVOCATION_LOGGER))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.antipop.local.testfunctions"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        try (LocalFunction noop = new LocalFunction(new FunctionSpec(
                        "Noop",
                        "Noop",
                        LocalFunction.SUPPORTED_HANDLER,
                        Map.of(
                                "MAIN_CLASS",
                                HttpTestFunctions.class.getName(),
                                "SPRING_CLOUD_FUNCTION_DEFINITION",
                                "httpNoop"),
                        10,
                        128));
                HttpApiEmulator api = new HttpApiEmulator(
                        "bench",
                        "$default",
                        "127.0.0.1",
                        0,
                        List.of(new HttpRoute("POST", "/commands/{name}", noop)))) {
            api.start();
            noop.warm();
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api.port() + "/commands/no-op"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                    .build();

            byte[] event = HttpApiEvent.toJson(
                    new HttpApiRequest(
                            "POST",
                            "/commands/no-op",
                            "",
                            List.of(Map.entry("content-type", "application/json")),
                            "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            "HTTP/1.1",
                            "127.0.0.1"),
                    new HttpRouteMatch(new HttpRoute("POST", "/commands/{name}", noop), Map.of("name", "no-op")),
                    "bench",
                    "$default",
                    ApiGatewayId.next(),
                    api.port(),
                    System.currentTimeMillis());
            for (int round = 0; round < 2; round++) {
                long directStart = System.nanoTime();
                for (int i = 0; i < 5_000; i++) {
                    noop.invoke(event);
                }
                System.out.printf(
                        "direct LocalFunction.invoke (FunctionInvoker, one thread): %.1f us per invocation%n",
                        (System.nanoTime() - directStart) / 5_000 / 1e3);
            }
            run(client, request, 3_000); // warm-up: JIT, connections
            long started = System.nanoTime();
            long[] latencies = run(client, request, 40_000);
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(latencies);
            System.out.printf(
                    "HTTP API no-op, %d clients: %d requests in %.2f s = %.0f req/s; p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    CLIENTS,
                    latencies.length,
                    seconds,
                    latencies.length / seconds,
                    latencies[latencies.length / 2] / 1e6,
                    latencies[(int) (latencies.length * 0.99)] / 1e6,
                    latencies[latencies.length - 1] / 1e6);
        }
    }

    private static long[] run(HttpClient client, HttpRequest request, int total) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        int perClient = total / CLIENTS;
        try {
            List<Future<long[]>> results = threads.invokeAll(java.util.Collections.nCopies(CLIENTS, () -> {
                long[] latencies = new long[perClient];
                for (int i = 0; i < perClient; i++) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - start;
                    assertThat(response.statusCode()).isEqualTo(200);
                }
                return latencies;
            }));
            long[] all = new long[perClient * CLIENTS];
            int offset = 0;
            for (Future<long[]> result : results) {
                long[] latencies = result.get();
                System.arraycopy(latencies, 0, all, offset, latencies.length);
                offset += latencies.length;
            }
            return all;
        } finally {
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
