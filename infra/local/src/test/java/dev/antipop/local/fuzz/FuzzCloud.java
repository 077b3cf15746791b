package dev.antipop.local.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.LocalCloud;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The local cloud on the root {@code template.yaml}, set up for fuzzing: signed-in users (admins and plain users, so
 * per-user rate limits are not what answers), HTTP clients bound to many loopback addresses (API Gateway counts
 * anonymous and auth requests per source IP: 30 auth requests per minute per IP and endpoint), and item counts of
 * every table read with the real {@link DynamoDbClient}.
 */
final class FuzzCloud implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Emails in {@code AdminEmails}: these users get the admin role when created. */
    static final int ADMINS = 6;

    static final int PLAIN_USERS = 4;

    static final String PASSWORD = "fuzz password, long enough";

    /** Source addresses 127.0.0.2 … 127.0.0.65: all loopback on Linux, each its own {@code sourceIp}. */
    private static final int SOURCE_ADDRESSES = 64;

    /**
     * Tables whose item count a rejected request may change, for a reason of the platform, not of the request: rate
     * limit counters (every request is counted, as API Gateway throttling counts it) and the Snowflake node leases a
     * function takes when it starts (its init, not the request).
     */
    private static final Set<String> COUNTED_ANYWAY = Set.of("RateLimitsTable", "LeasesTable");

    record User(String userId, String email, String accessToken, String refreshToken, boolean admin) {}

    final LocalCloud cloud;
    final DynamoDbClient dynamoDb;
    final List<User> admins = new ArrayList<>();
    final List<User> plainUsers = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();
    private final AtomicLong nextClient = new AtomicLong();
    final ExecutorService workers = Executors.newFixedThreadPool(8);

    private FuzzCloud(LocalCloud cloud) {
        this.cloud = cloud;
        this.dynamoDb = cloud.dynamoDb().client();
    }

    static FuzzCloud start() {
        String adminEmails =
                IntStream.range(0, ADMINS).mapToObj(FuzzCloud::adminEmail).collect(Collectors.joining(","));
        LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults(Path.of("../../template.yaml"))
                .withEphemeralPorts()
                .withParameterOverrides(Map.of("AdminEmails", adminEmails)));
        FuzzCloud fuzz = new FuzzCloud(cloud);
        try {
            fuzz.setUp();
            return fuzz;
        } catch (RuntimeException | Error e) {
            fuzz.close();
            throw e;
        }
    }

    private static String adminEmail(int i) {
        return "fuzz-admin-" + i + "@example.com";
    }

    private void setUp() {
        for (int i = 0; i < SOURCE_ADDRESSES; i++) {
            try {
                clients.add(HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .localAddress(InetAddress.getByName("127.0.0." + (2 + i)))
                        .build());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        for (int i = 0; i < ADMINS; i++) {
            admins.add(register(adminEmail(i), true));
        }
        for (int i = 0; i < PLAIN_USERS; i++) {
            plainUsers.add(register("fuzz-user-" + i + "@example.com", false));
        }
        awaitUsersView(ADMINS + PLAIN_USERS);
    }

    private User register(String email, boolean admin) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD, "displayName", "Fuzz"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Answer answer = send(HttpRequest.newBuilder(http("/auth/register"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        JsonNode json = answer.json();
        assertThat(json.get("roles").toString().contains("admin")).isEqualTo(admin);
        return new User(
                json.get("userId").asText(),
                email,
                json.get("accessToken").asText(),
                json.get("refreshToken").asText(),
                admin);
    }

    /** The projection writes the users view after the fact: wait for it, so later counts are stable. */
    private void awaitUsersView(int users) {
        String table = tableName("UsersTable");
        Awaitility.await("users view holds " + users + " items")
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(table) >= users);
    }

    URI http(String pathAndQuery) {
        return URI.create(cloud.httpEndpoint() + pathAndQuery);
    }

    URI webSocket() {
        return cloud.webSocketEndpoint();
    }

    /** An HTTP answer: status and body text. */
    record Answer(int status, String text, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Sends from the next source address (round robin), so no address reaches a per-IP limit. */
    Answer send(HttpRequest.Builder request) {
        HttpClient client = clients.get((int) (nextClient.getAndIncrement() % clients.size()));
        try {
            HttpResponse<byte[]> response = client.send(
                    request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    response.statusCode(),
                    new String(response.body(), StandardCharsets.UTF_8),
                    response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String tableName(String logicalId) {
        return cloud.tables().stream()
                .filter(t -> t.tableName().contains(logicalId))
                .findFirst()
                .orElseThrow()
                .tableName();
    }

    /** Item count of every table except {@link #COUNTED_ANYWAY}, by table name. */
    Map<String, Long> itemCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        cloud.tables().stream()
                .map(t -> t.tableName())
                .filter(name -> COUNTED_ANYWAY.stream().noneMatch(name::contains))
                .sorted()
                .forEach(name -> counts.put(name, count(name)));
        return counts;
    }

    private long count(String table) {
        long total = 0;
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            ScanResponse page = dynamoDb.scan(ScanRequest.builder()
                    .tableName(table)
                    .select(Select.COUNT)
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build());
            total += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return total;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        clients.forEach(HttpClient::close);
        cloud.close();
    }
}
