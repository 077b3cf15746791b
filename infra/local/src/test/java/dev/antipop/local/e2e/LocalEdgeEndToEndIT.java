package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.EventSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The root template's HTTP API as a browser page on another origin sees it (CORS from the template's
 * {@code CorsConfiguration}), through a real HTTP client sending the headers a browser sends; and the local cloud's
 * {@code GET /_local/health} on the same port.
 */
class LocalEdgeEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE_ORIGIN = "http://localhost:5173";

    private static LocalCloud cloud;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static URI api(String path) {
        return URI.create(cloud.httpEndpoint() + path);
    }

    private static HttpResponse<String> preflight(String path, String method, String headers) throws Exception {
        // What Chrome and Firefox send before a cross-origin POST with a bearer token and a JSON body.
        return http.send(
                HttpRequest.newBuilder(api(path))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", PAGE_ORIGIN)
                        .header("Access-Control-Request-Method", method)
                        .header("Access-Control-Request-Headers", headers)
                        .header("Sec-Fetch-Mode", "cors")
                        .header("Sec-Fetch-Site", "cross-site")
                        .header("Referer", PAGE_ORIGIN + "/")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPreflightIsAnsweredByTheGatewayWithTheTemplatesConfiguration() throws Exception {
        HttpResponse<String> response =
                preflight("/commands/update-profile", "POST", "authorization,content-type,x-correlation-id");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(response.headers().firstValue("access-control-allow-methods").orElseThrow())
                .contains("POST");
        assertThat(response.headers().firstValue("access-control-allow-headers").orElseThrow())
                .contains("authorization", "content-type", "x-correlation-id");
        assertThat(response.headers().firstValue("access-control-max-age")).hasValue("600");
    }

    @Test
    void aPreflightNeedsNoRouteAndInvokesNoFunction() throws Exception {
        HttpResponse<String> response = preflight("/no/route/here", "GET", "authorization");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
        HttpResponse<String> plainOptions = http.send(
                HttpRequest.newBuilder(api("/no/route/here"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plainOptions.statusCode())
                .as("an OPTIONS that is no preflight is routed")
                .isEqualTo(404);
    }

    @Test
    void actualResponsesCarryAllowOriginAndExposeHeaders() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(api("/auth/me"))
                        .header("Origin", PAGE_ORIGIN)
                        .header("Sec-Fetch-Mode", "cors")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(response.headers()
                        .firstValue("access-control-expose-headers")
                        .orElseThrow())
                .contains("retry-after", "x-correlation-id");
        assertThat(response.headers().firstValue("access-control-allow-methods"))
                .as("preflight-only headers stay on preflights")
                .isEmpty();
        HttpResponse<String> sameOrigin =
                http.send(HttpRequest.newBuilder(api("/auth/me")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sameOrigin.headers().firstValue("access-control-allow-origin"))
                .isEmpty();
    }

    private static JsonNode health() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(cloud.httpEndpoint() + LocalCloud.HEALTH_PATH))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void healthListsEveryEndpointAndEveryMappingWithItsLagAndCounters() throws Exception {
        JsonNode health = health();

        assertThat(health.get("endpoints").findValuesAsText("kind"))
                .containsExactly("http-api", "websocket-api", "websocket-management", "dynamodb");
        assertThat(health.get("endpoints").findValuesAsText("url"))
                .contains(
                        cloud.httpEndpoint().toString(),
                        cloud.webSocketEndpoint().toString(),
                        cloud.dynamoDbEndpoint().toString());
        assertThat(health.get("mappings").findValuesAsText("name"))
                .containsExactlyElementsOf(cloud.eventSourceMappings().stream()
                        .map(m -> m.settings().mappingName())
                        .toList());
        assertThat(health.get("mappings")).allSatisfy(mapping -> {
            assertThat(mapping.at("/lag/recordsBehind").isIntegralNumber()).isTrue();
            assertThat(mapping.at("/lag/oldestRecordAgeMs").isIntegralNumber()).isTrue();
            assertThat(mapping.at("/counters/failures").isIntegralNumber()).isTrue();
            assertThat(mapping.at("/counters/retries").isIntegralNumber()).isTrue();
        });
        assertThat(health.get("chaos").isNull()).isTrue();
    }

    @Test
    void aWriteShowsInTheCountersAndTheLagReturnsToZero() throws Exception {
        AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        try (EventSocket socket = client.connect(client.signIn("health@example.com", "a long enough password", "H")
                .accessToken())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode mappings = health().get("mappings");
                long invocations = 0;
                for (JsonNode mapping : mappings) {
                    assertThat(mapping.at("/lag/recordsBehind").asLong())
                            .as(mapping.get("name").asText())
                            .isZero();
                    invocations += mapping.at("/counters/invocations").asLong();
                }
                assertThat(invocations).isPositive();
            });
            assertThat(health().at("/endpoints/1/connections").asInt()).isEqualTo(1);
        }
    }
}
