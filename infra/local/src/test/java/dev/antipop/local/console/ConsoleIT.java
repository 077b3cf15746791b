package dev.antipop.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's endpoints on the local cloud running the root template, through a real HTTP client: the page and its
 * files, every JSON endpoint after a real register and command, replay, and the local-only guards.
 */
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalCloud cloud;
    private static URI console;
    private static AntipopClient.Session user;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        console = cloud.consoleUrl().orElseThrow();
        AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        user = client.signIn(
                "console-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "a long enough password",
                "Console");
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode api(String path, int status) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(console.resolve("api/" + path)));
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).as(path + " " + body).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return body;
    }

    @Test
    void theConsoleIsAtLocalOnTheHttpApisPort() throws Exception {
        assertThat(console.toString()).isEqualTo(cloud.httpEndpoint() + "/_local/");

        HttpResponse<byte[]> page = send(HttpRequest.newBuilder(console).header("accept-encoding", "gzip"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains(
                        "default-src 'self'",
                        "frame-ancestors 'none'",
                        cloud.webSocketEndpoint().getAuthority());
        String etag = page.headers().firstValue("etag").orElseThrow();
        assertThat(send(HttpRequest.newBuilder(console.resolve("js/app.js")).header("if-none-match", etag))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(console).header("if-none-match", etag))
                        .statusCode())
                .isEqualTo(304);
        HttpResponse<byte[]> redirect = send(HttpRequest.newBuilder(URI.create(cloud.httpEndpoint() + "/_local")));
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).hasValue("/_local/");
        // Other /_local paths are not the console's: the API answers them as API Gateway would.
        HttpResponse<byte[]> other = send(HttpRequest.newBuilder(console.resolve("elsewhere")));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void overviewAndContextsDescribeTheStack() throws Exception {
        JsonNode overview = api("overview", 200);
        assertThat(overview.path("stack").asText()).isEqualTo(cloud.stack().stackName());
        assertThat(overview.path("webSocket").path("url").asText())
                .isEqualTo(cloud.webSocketEndpoint().toString());
        assertThat(overview.path("routes").findValuesAsText("path")).contains("/auth/register", "/command");

        JsonNode contexts = api("contexts", 200).path("contexts");
        assertThat(contexts.findValuesAsText("name")).contains("identity");
        JsonNode identity = contexts.findParents("commands").stream()
                .filter(c -> c.path("name").asText().equals("identity"))
                .findFirst()
                .orElseThrow();
        JsonNode update = identity.path("commands").findParents("name").stream()
                .filter(c -> c.path("name").asText().equals("UPDATE_PROFILE"))
                .findFirst()
                .orElseThrow();
        assertThat(update.path("fields").get(0).path("name").asText()).isEqualTo("displayName");
        assertThat(update.path("fields").get(0).path("max").asInt()).isEqualTo(64);
    }

    @Test
    void tablesShowTheirItemsByQueryAndByPagedScan() throws Exception {
        String users = cloud.stack().stackName() + "-UsersTable";
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api("tables", 200).findParents("name").stream()
                        .anyMatch(t -> t.path("name").asText().equals(users)
                                && t.path("itemCount").asLong() >= 1));

        JsonNode byKey = api("tables/" + users + "/items?partition=" + user.userId(), 200);
        assertThat(byKey.path("operation").asText()).isEqualTo("Query");
        assertThat(byKey.path("items").get(0).path("displayName").asText()).isEqualTo("Console");

        String events = cloud.stack().stackName() + "-IdentityEventsTable";
        JsonNode stream = api("tables/" + events + "/items?partition=user-" + user.userId() + "&order=asc", 200);
        assertThat(stream.path("items").get(0).path("version").asInt()).isEqualTo(1);
        // The created event's data as JSON, its password hash never shown.
        assertThat(stream.path("items").get(0).path("data").path("passwordHash").asText())
                .isEqualTo(TablesApi.REDACTED);
        assertThat(stream.toString()).doesNotContain("argon2");

        JsonNode page = api("tables/" + events + "/items?limit=1", 200);
        assertThat(page.path("operation").asText()).isEqualTo("Scan");
        assertThat(page.path("count").asInt()).isEqualTo(1);
        String cursor = page.path("cursor").asText();
        assertThat(cursor).isNotBlank();
        JsonNode next = api("tables/" + events + "/items?limit=1&cursor=" + cursor, 200);
        assertThat(next.path("items").get(0)).isNotEqualTo(page.path("items").get(0));

        assertThat(api("tables/" + events + "/items?cursor=eyJhIjoxfQ", 400)
                        .path("error")
                        .path("code")
                        .asText())
                .isEqualTo("validation_failed");
        api("tables/" + events + "/items?partition=x&sortOp=between&sort=1", 400);
        api("tables/" + events + "/items?partition=x&sortOp=%3E%3D&sort=one", 400);
        api("tables/NoSuchTable/items", 404);
    }

    @Test
    void mappingsAndFunctionsShowWhatRan() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode health = api("health", 200);
            JsonNode processor = health.path("mappings").findParents("name").stream()
                    .filter(m -> m.path("name").asText().equals("IdentityProcessorFunction.IdentityEvents"))
                    .findFirst()
                    .orElseThrow();
            return processor.path("counters").path("recordsDelivered").asLong() >= 1
                    && processor.path("lag").path("recordsBehind").asLong() == 0
                    && health.path("onFailureRecords").isEmpty();
        });

        JsonNode register = api("functions", 200).path("functions").findParents("logicalId").stream()
                .filter(f -> f.path("logicalId").asText().equals("RegisterFunction"))
                .findFirst()
                .orElseThrow();
        assertThat(register.path("invocations").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(register.path("p50Ms").asDouble()).isPositive();
        assertThat(register.path("p99Ms").asDouble())
                .isGreaterThanOrEqualTo(register.path("p50Ms").asDouble());
        assertThat(register.path("coldStartMs").asDouble()).isPositive();
    }

    @Test
    void aFixtureIsReplayedOnTheRunningCloud() throws Exception {
        assertThat(api("fixtures", 200).path("fixtures").toString()).contains("events/http/identity/me.json");
        byte[] fixture = Files.readAllBytes(Path.of("../../events/http/identity/me.json"));

        HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(console.resolve("api/replay"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fixture)));

        JsonNode result = JSON.readTree(answer.body()).path("results").get(0);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(result.path("function").asText()).isEqualTo("MeFunction");
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("response").has("statusCode"))
                .as(result.toString())
                .isTrue();
    }

    @Test
    void writesFromOtherSitesAndForeignHostNamesAreRefused() throws Exception {
        HttpResponse<byte[]> crossSite = send(HttpRequest.newBuilder(console.resolve("api/replay"))
                .header("content-type", "application/json")
                .header("origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(crossSite.statusCode()).isEqualTo(403);

        HttpResponse<byte[]> form = send(HttpRequest.newBuilder(console.resolve("api/replay"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")));
        assertThat(form.statusCode()).isEqualTo(415);

        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(console.resolve("api/overview"))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.statusCode()).isEqualTo(405);

        // DNS rebinding: a foreign name pointed at 127.0.0.1 gets nothing.
        assertThat(rawGet("/_local/api/overview", "evil.example:" + console.getPort()))
                .startsWith("HTTP/1.1 403");
        assertThat(rawGet("/_local/api/overview", "localhost:" + console.getPort()))
                .startsWith("HTTP/1.1 200");
    }

    private static String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(console.getHost(), console.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
