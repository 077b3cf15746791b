package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Articles and the HTTP fallbacks end to end on the root template, through real clients: an article change arrives on
 * the socket ({@code articles.all}), the long poll and the SSE stream alike; the long poll answers soon after an
 * event; a real {@code EventSource} (Node's {@code eventsource} package) reconnecting with {@code Last-Event-ID}
 * across several reconnects gets exactly the changes it missed; authors edit their own articles and moderators any.
 */
class FeedsEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalCloud cloud;
    private static AntipopClient client;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Session user(String prefix) {
        return client.signIn(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "a long enough password",
                prefix);
    }

    private static String createArticle(Session author, EventSocket socket, String title) {
        Response created = client.request(
                "POST", "/api/articles", author.accessToken(), Map.of("title", title, "body", "first"), Map.of());
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        return socket.await(
                        json -> "articles.article_created"
                                        .equals(json.at("/data/type").asText())
                                && title.equals(json.at("/data/data/title").asText()),
                        WAIT)
                .json()
                .at("/data/data/articleId")
                .asText();
    }

    private static Response update(Session editor, String articleId, String body) {
        return client.request(
                "PUT", "/api/articles/" + articleId, editor.accessToken(), Map.of("body", body), Map.of());
    }

    private static Response poll(Session session, String query) {
        Response answer = client.get("/events?" + query, session.accessToken());
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void anArticleChangeArrivesOnTheSocketTheLongPollAndTheSseStreamAlike() throws Exception {
        Session author = user("author");
        Session reader = user("reader");
        try (EventSocket authorSocket = client.connect(author.accessToken());
                EventSocket readerSocket = client.connect(reader.accessToken())) {
            readerSocket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"s1\",\"target\":\"articles.all\"}");
            readerSocket.await(json -> "s1".equals(json.path("id").asText()), WAIT);
            String cursor = poll(reader, "topics=articles.all&wait=0")
                    .body()
                    .path("cursor")
                    .asText();

            String articleId = createArticle(author, authorSocket, "Hello");
            Response first = poll(reader, "topics=articles.all&cursor=" + encode(cursor));
            assertThat(first.body().at("/events/0/data/type").asText()).isEqualTo("articles.article_created");
            assertThat(first.body().at("/events/0/target").asText()).isEqualTo("articles.all");
            cursor = first.body().path("cursor").asText();

            // The reader sees the author's update on the socket, the long poll and the SSE stream.
            String sseCursor = poll(reader, "topics=articles." + articleId + "&wait=0")
                    .body()
                    .path("cursor")
                    .asText();
            assertThat(update(author, articleId, "second").status()).isEqualTo(202);
            JsonNode onSocket = readerSocket
                    .await(
                            json -> "articles.article_updated"
                                    .equals(json.at("/data/type").asText()),
                            WAIT)
                    .json();
            assertThat(onSocket.path("target").asText()).isEqualTo("articles.all");
            JsonNode onPoll = poll(reader, "topics=articles.all&cursor=" + encode(cursor))
                    .body()
                    .at("/events/0/data");
            Response sse = client.request(
                    "GET",
                    "/events/stream?topics=articles." + articleId,
                    reader.accessToken(),
                    null,
                    Map.of("last-event-id", sseCursor));
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers().entrySet().stream()
                            .filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                            .map(Map.Entry::getValue)
                            .findFirst())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            String sseText = sse.body().isTextual() ? sse.body().textValue() : sse.text();
            assertThat(sseText).startsWith("retry: ").contains("\nid: ");
            JsonNode onSse = JSON.readTree(sseText.lines()
                            .filter(line -> line.startsWith("data: "))
                            .findFirst()
                            .orElseThrow()
                            .substring("data: ".length()))
                    .path("data");
            for (JsonNode seen : List.of(onSocket.path("data"), onPoll, onSse)) {
                assertThat(seen.path("stream").asText()).isEqualTo("article-" + articleId);
                assertThat(seen.path("version").asLong()).isEqualTo(2);
                assertThat(seen.at("/data/body").asText()).isEqualTo("second");
            }

            // Authors edit their own; someone else may not; the read model follows with read-your-writes.
            Response refused = update(reader, articleId, "vandalised");
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            Response third = update(author, articleId, "third");
            Response read = client.get(
                    "/api/articles/" + articleId + "?position="
                            + third.body().at("/position/stream").asText() + ":"
                            + third.body().at("/position/version").asLong(),
                    reader.accessToken());
            assertThat(read.status()).as(read.text()).isEqualTo(200);
            assertThat(read.body().at("/article/body").asText()).isEqualTo("third");
            Response list = client.get("/api/articles?limit=100", reader.accessToken());
            assertThat(list.text()).contains(articleId);
        }
    }

    @Test
    void theLongPollAnswersSoonAfterAnEvent() throws Exception {
        Session author = user("author");
        Session reader = user("reader");
        try (EventSocket authorSocket = client.connect(author.accessToken())) {
            String articleId = createArticle(author, authorSocket, "Latency");
            String topic = "articles." + articleId;
            String cursor = poll(reader, "topics=" + topic + "&wait=0")
                    .body()
                    .path("cursor")
                    .asText();
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String from = cursor;
                CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> {
                    poll(reader, "topics=" + topic + "&cursor=" + encode(from));
                    return System.nanoTime();
                });
                String body = "edit " + i;
                assertThat(update(author, articleId, body).status()).isEqualTo(202);
                EventSocket.Frame pushed = authorSocket.await(
                        json -> body.equals(json.at("/data/data/body").asText()), WAIT);
                long answeredAt = answered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                millis.add(Math.max(0, (answeredAt - pushed.receivedNanos()) / 1_000_000));
                cursor = poll(reader, "topics=" + topic + "&cursor=" + encode(from))
                        .body()
                        .path("cursor")
                        .asText();
            }
            System.out.println("Long poll answered after the socket push by (ms): " + millis);
            List<Long> sorted = millis.stream().sorted().toList();
            assertThat(sorted.get(sorted.size() / 2))
                    .as("median ms between the socket push and the long poll's answer " + millis)
                    .isLessThan(100);
        }
    }

    @Test
    void aRealEventSourceReconnectingWithLastEventIdGetsExactlyTheMissedEvents() throws Exception {
        Session author = user("author");
        Session reader = user("reader");
        try (EventSocket authorSocket = client.connect(author.accessToken())) {
            String articleId = createArticle(author, authorSocket, "Streamed");
            String topic = "articles." + articleId;
            String cursor = poll(reader, "topics=" + topic + "&wait=0")
                    .body()
                    .path("cursor")
                    .asText();
            int rounds = 4;
            int perRound = 2;
            String url = cloud.httpEndpoint()
                    .resolve("/events/stream?topics=" + topic + "&token=" + encode(reader.accessToken()) + "&cursor="
                            + encode(cursor))
                    .toString();
            try (NodeEventSource source = NodeEventSource.open(url, rounds * perRound, Duration.ofSeconds(60))) {
                List<Long> versions = new ArrayList<>();
                int opens = 0;
                int version = 1;
                for (int round = 0; round < rounds; round++) {
                    // Each round's changes are made while the client is between answers or waiting: an answer ends
                    // as soon as events exist, so the next round lands in the reconnection delay of the last one.
                    for (int i = 0; i < perRound; i++) {
                        assertThat(update(author, articleId, "r" + round + "c" + i)
                                        .status())
                                .isEqualTo(202);
                        version++;
                    }
                    while (versions.isEmpty() || versions.getLast() < version) {
                        JsonNode line = source.next(WAIT);
                        assertThat(line)
                                .as("the SSE client's output within " + WAIT)
                                .isNotNull();
                        assertThat(line.has("error") || line.has("timeout") || line.isTextual())
                                .as("SSE client: " + line)
                                .isFalse();
                        if (line.has("open")) {
                            opens = line.path("open").asInt();
                        } else if (line.has("event")) {
                            assertThat(line.path("id").asText()).isNotEmpty();
                            versions.add(line.at("/event/data/version").asLong());
                        }
                    }
                }
                List<Long> expected = new ArrayList<>();
                for (long v = 2; v <= version; v++) {
                    expected.add(v);
                }
                assertThat(versions).as("versions received through EventSource").isEqualTo(expected);
                assertThat(opens).as("EventSource connections (reconnects + 1)").isGreaterThanOrEqualTo(4);
                assertThat(source.exitCode(WAIT)).isZero();
            }
        }
    }
}
