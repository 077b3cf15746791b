package dev.antipop.local.bench;

import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./run-local bench-feeds}: the long poll's wake-up on the root template. A reader waits on {@code GET
 * /events?topics=articles.<id>&cursor=…}; the author updates the article ({@code PUT /api/articles/{id}}); timed are
 * (a) the update's 202 → the long poll's answer and (b) the event on the author's WebSocket → the long poll's answer
 * (fan-out logs the event just before it pushes it, so (b) is close to the wake-up delay of the poll loop; it can be
 * negative when the poll answers before the push lands). {@value #ROUNDS} rounds, p50 and p99 printed, never asserted.
 */
public final class FeedsBenchmark {

    private static final int WARM_UP = 10;
    private static final int ROUNDS = 100;
    private static final Duration WAIT = Duration.ofSeconds(25);

    private FeedsBenchmark() {}

    /** @return the exit status (0) */
    public static int run(LocalCloud.Options options, PrintStream out) {
        out.printf(
                "run-local bench-feeds: JVM %s, %d processors, template %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.template());
        try (LocalCloud cloud = LocalCloud.start(options.withEphemeralPorts())) {
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            Session author =
                    client.signIn("bench-feeds-" + UUID.randomUUID() + "@example.com", "bench password 1", "A");
            Session reader =
                    client.signIn("bench-feeds-" + UUID.randomUUID() + "@example.com", "bench password 1", "R");
            Response created = client.request(
                    "POST", "/api/articles", author.accessToken(), Map.of("title", "Bench", "body", "0"), Map.of());
            if (created.status() != 202) {
                throw new LocalCloudException("POST /api/articles answered " + created.status() + " " + created.text());
            }
            String articleId = created.body().at("/position/stream").asText().substring("article-".length());
            String topic = "articles." + articleId;
            try (EventSocket socket = client.connect(author.accessToken())) {
                String cursor = client.get("/events?topics=" + topic + "&wait=0", reader.accessToken())
                        .body()
                        .path("cursor")
                        .asText();
                Rounds warm = rounds(client, author, reader, socket, articleId, topic, cursor, WARM_UP, "w");
                Rounds timed = rounds(client, author, reader, socket, articleId, topic, warm.cursor(), ROUNDS, "r");
                print(out, "update 202 -> long poll answer", timed.fromAccepted());
                print(out, "event on the WebSocket -> long poll answer", timed.fromPush());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("bench interrupted", e);
        } catch (Exception e) {
            throw new LocalCloudException("bench-feeds failed: " + e, e);
        }
        return 0;
    }

    private record Rounds(long[] fromAccepted, long[] fromPush, String cursor) {}

    private static Rounds rounds(
            AntipopClient client,
            Session author,
            Session reader,
            EventSocket socket,
            String articleId,
            String topic,
            String cursor,
            int rounds,
            String tag)
            throws Exception {
        long[] fromAccepted = new long[rounds];
        long[] fromPush = new long[rounds];
        String from = cursor;
        for (int i = 0; i < rounds; i++) {
            String at = from;
            CompletableFuture<Object[]> answer = CompletableFuture.supplyAsync(() -> {
                Response polled = client.get(
                        "/events?topics=" + topic + "&cursor=" + URLEncoder.encode(at, StandardCharsets.UTF_8),
                        reader.accessToken());
                return new Object[] {
                    System.nanoTime(), polled.body().path("cursor").asText()
                };
            });
            String body = tag + i;
            Response accepted = client.request(
                    "PUT", "/api/articles/" + articleId, author.accessToken(), Map.of("body", body), Map.of());
            long acceptedAt = System.nanoTime();
            if (accepted.status() != 202) {
                throw new LocalCloudException("PUT answered " + accepted.status() + " " + accepted.text());
            }
            EventSocket.Frame pushed =
                    socket.await(json -> body.equals(json.at("/data/data/body").asText()), WAIT);
            Object[] polled = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            fromAccepted[i] = (long) polled[0] - acceptedAt;
            fromPush[i] = (long) polled[0] - pushed.receivedNanos();
            from = (String) polled[1];
        }
        return new Rounds(fromAccepted, fromPush, from);
    }

    private static void print(PrintStream out, String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        out.printf(
                "%s, %d rounds: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                sorted.length,
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
