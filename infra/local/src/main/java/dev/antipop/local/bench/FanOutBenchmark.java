package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.demo.Demo;
import dev.antipop.local.websocket.WebSocketApiEmulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fan-out on the local cloud running the given template: one event pushed to {@value #CONNECTIONS} subscribed
 * WebSocket connections, measured from the command's 202 to the moment the last connection has the frame, over
 * {@value #EVENTS} events after {@value #WARM_UP_EVENTS} unmeasured ones; once with every connection subscribed to the event's literal topic, once with the
 * connections spread over the wildcard patterns that match it plus non-matching ones (100 patterns in all). Then
 * the time from {@code REMOVE_USER_ROLE} to {@code cap_update} on the user's socket. Prints figures; asserts
 * nothing. Per-event subscription queries are logged by the fan-out function ({@code subscriptionQueries=}).
 */
public final class FanOutBenchmark {

    private static final int CONNECTIONS = 1000;
    private static final int EVENTS = 100;

    /** Events sent and awaited before the measured ones, not counted. */
    private static final int WARM_UP_EVENTS = 30;

    private static final int PATTERNS = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final int CONNECT_SECONDS = 10;
    private static final int CONNECT_OPENERS = 32;
    private static final int CONNECT_WARM_UP_SECONDS = 4;

    private FanOutBenchmark() {}

    /**
     * @param options the command line's options; ports become ephemeral
     * @return the exit status (0)
     */
    public static int run(LocalCloud.Options options, PrintStream out) {
        out.printf(
                "run-local bench-fanout: JVM %s, %d processors, template %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.template());
        try (LocalCloud cloud = LocalCloud.start(options.withEphemeralPorts())) {
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            Session admin = client.signIn(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD, "Admin");
            Session author = client.signIn("author-" + UUID.randomUUID() + "@example.com", "bench password 1", "A");
            String topic = "user." + author.userId() + ".events";
            connects(cloud, author, out);

            List<String> literal = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                literal.add(topic);
            }
            measure(cloud, client, admin, author, literal, "one literal topic", out);

            List<String> matching = List.of(
                    ">",
                    "user.>",
                    "user.*.>",
                    "user.*.*",
                    "user.*.events",
                    "user." + author.userId() + ".>",
                    "user." + author.userId() + ".*",
                    "*.>",
                    "*.*.*",
                    "*.*.events",
                    "*." + author.userId() + ".>",
                    "*." + author.userId() + ".*",
                    "*." + author.userId() + ".events",
                    "*.*.>",
                    topic);
            List<String> patterns = new ArrayList<>(matching);
            while (patterns.size() < PATTERNS) {
                patterns.add("user." + UUID.randomUUID().toString().substring(0, 8) + ".>");
            }
            List<String> spread = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                // Nine in ten connections on a matching pattern, one in ten on one that never matches.
                spread.add(
                        i % 10 == 9
                                ? patterns.get(matching.size() + (i / 10) % (PATTERNS - matching.size()))
                                : matching.get(i % matching.size()));
            }
            measure(
                    cloud,
                    client,
                    admin,
                    author,
                    spread,
                    PATTERNS + " patterns (" + matching.size() + " matching)",
                    out);

            capUpdate(client, admin, out);
        } catch (Exception e) {
            throw new LocalCloudException("bench failed: " + e, e);
        }
        return 0;
    }

    private static void measure(
            LocalCloud cloud,
            AntipopClient client,
            Session admin,
            Session author,
            List<String> targets,
            String label,
            PrintStream out) {
        // Each phase starts from a collected heap, as JMH does between iterations: the connects run and the phase
        // before leave thousands of closed connections in the old generation, which the next phase would otherwise
        // pay for in longer young pauses (gc log: 35-290 ms pauses while that garbage was still live).
        System.gc();
        long openStart = System.nanoTime();
        List<EventSocket> idle = new ArrayList<>();
        List<EventSocket> sockets = new ArrayList<>();
        String topic = "user." + author.userId() + ".events";
        try {
            for (String target : targets) {
                EventSocket socket = client.connect(admin.accessToken());
                socket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"s\",\"target\":\"" + target + "\"}");
                socket.await(json -> "s".equals(json.path("id").asText()), WAIT);
                if (SubjectPattern.parse(target).matches(topic)) {
                    sockets.add(socket);
                } else {
                    idle.add(socket);
                }
            }
            out.printf(
                    "%s: %d connections opened and subscribed (%d on a matching pattern) in %d ms%n",
                    label, sockets.size() + idle.size(), sockets.size(), (System.nanoTime() - openStart) / 1_000_000);
            long[] lastArrival = new long[EVENTS];
            RequestTally requests = null;
            for (int e = -WARM_UP_EVENTS; e < EVENTS; e++) {
                if (e == 0) {
                    requests = RequestTally.start(cloud); // warm figures: the JIT has seen this path by now
                }
                String name = "fan-" + e + "-" + UUID.randomUUID();
                long sent = System.nanoTime();
                Response response =
                        client.command(author.accessToken(), "update-profile", Map.of("displayName", name), name, null);
                if (response.status() != 202) {
                    throw new IllegalStateException("command answered " + response.status() + " " + response.text());
                }
                long last = sent;
                int got = 0;
                for (EventSocket socket : sockets) {
                    EventSocket.Frame frame = socket.await(json -> name.equals(displayName(json)), WAIT);
                    last = Math.max(last, frame.receivedNanos());
                    got++;
                    socket.forget(); // keeps the bench's own heap flat (it shares the cloud's JVM and collector)
                }
                if (e < 0) {
                    continue;
                }
                lastArrival[e] = last - sent;
                if (e == 0) {
                    out.printf("%s: event 1 reached %d connections%n", label, got);
                }
            }
            Arrays.sort(lastArrival);
            out.printf(
                    "%s: command -> last of the connections has the event, %d events: p50 %.1f ms, p99 %.1f ms%n",
                    label,
                    EVENTS,
                    lastArrival[(int) Math.ceil(0.50 * EVENTS) - 1] / 1e6,
                    lastArrival[(int) Math.ceil(0.99 * EVENTS) - 1] / 1e6);
            out.printf(
                    "%s: DynamoDB requests per event (command, processor, fan-out to %d connections): %s%n",
                    label, sockets.size(), requests.per(EVENTS));
        } finally {
            sockets.forEach(EventSocket::close);
            idle.forEach(EventSocket::close);
        }
    }

    /**
     * WebSocket connects per second through the template's real {@code $connect} (JWT check, connection item), from
     * {@link NodeLoad}'s script in its own process: {@value #CONNECT_OPENERS} openers for {@value #CONNECT_SECONDS} s
     * after an unmeasured {@value #CONNECT_WARM_UP_SECONDS} s run of the same shape,
     * every connection kept open until the end (API Gateway's default quota: 500 new connections per second).
     */
    private static void connects(LocalCloud cloud, Session user, PrintStream out) throws InterruptedException {
        var load = NodeLoad.prepare(out);
        if (load.isEmpty()) {
            return;
        }
        int before = openConnections(cloud);
        try {
            // Warm-up of the same shape, not measured: the first connects pay for class loading and the JIT.
            load.get()
                    .connects(cloud.webSocketEndpoint(), user.accessToken(), CONNECT_WARM_UP_SECONDS, CONNECT_OPENERS);
            settle(cloud, before, "warm-up", out);
        } catch (java.io.IOException e) {
            out.println("connects: the node script failed: " + e.getMessage());
            return;
        }
        System.gc(); // from a collected heap, as each fan-out phase (see measure)
        RequestTally requests = RequestTally.start(cloud);
        try {
            JsonNode result = load.get()
                    .connects(cloud.webSocketEndpoint(), user.accessToken(), CONNECT_SECONDS, CONNECT_OPENERS);
            out.printf(
                    "connects ($connect: JWT check + connection item), %d openers for %d s, ws %s in its own process:"
                            + " %d opened (%.0f/s), %d failed %s, handshake p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    CONNECT_OPENERS,
                    CONNECT_SECONDS,
                    NodeLoad.WS,
                    result.path("opened").asLong(),
                    result.path("perSecond").asDouble(),
                    result.path("failed").asLong(),
                    result.path("errors"),
                    result.path("p50").asDouble(),
                    result.path("p99").asDouble(),
                    result.path("max").asDouble());
            out.printf(
                    "connects: DynamoDB requests per connection (connect and disconnect): %s%n",
                    requests.per(Math.max(1, result.path("opened").asLong())));
        } catch (java.io.IOException e) {
            out.println("connects: the node script failed: " + e.getMessage());
        }
        settle(cloud, before, "run", out);
    }

    private static int openConnections(LocalCloud cloud) {
        return cloud.webSocketEmulators().stream()
                .mapToInt(WebSocketApiEmulator::connectionCount)
                .sum();
    }

    /**
     * Waits (at most {@link #WAIT}) until the connections the connects run opened have closed and every stream mapping
     * has delivered what their {@code $disconnect}s wrote, so the fan-out figures after it measure the fan-out alone.
     */
    private static void settle(LocalCloud cloud, int connections, String run, PrintStream out)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean drained = cloud.eventSourceMappings().stream()
                    .allMatch(mapping -> mapping.lag().recordsBehind() == 0);
            if (openConnections(cloud) <= connections && drained) {
                out.printf(
                        "connects (%s): closed and their stream records delivered %d ms after the run%n",
                        run, (System.nanoTime() - start) / 1_000_000);
                return;
            }
            Thread.sleep(200); // a bench polling the cloud's own counters (each lag probe reads the stream)
        }
        out.printf("connects: still settling after %d s; the figures below include it%n", WAIT.toSeconds());
    }

    private static String displayName(JsonNode frame) {
        return frame.path("data").path("data").path("displayName").asText("");
    }

    private static void capUpdate(AntipopClient client, Session admin, PrintStream out) {
        long[] samples = new long[5];
        for (int i = 0; i < samples.length; i++) {
            String email = "revoked-" + UUID.randomUUID() + "@example.com";
            Session user = client.signIn(email, "bench password 1", "R");
            client.command(
                    admin.accessToken(),
                    "add-user-role",
                    Map.of("userId", user.userId(), "role", "moderator"),
                    null,
                    null);
            Session fresh = new Session(
                    user.userId(),
                    client.login(email, "bench password 1")
                            .body()
                            .get("accessToken")
                            .asText());
            try (EventSocket socket = client.connect(fresh.accessToken())) {
                socket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"m\",\"target\":\"chat.>\"}");
                socket.await(json -> "m".equals(json.path("id").asText()), WAIT);
                long start = System.nanoTime();
                client.command(
                        admin.accessToken(),
                        "remove-user-role",
                        Map.of("userId", user.userId(), "role", "moderator"),
                        null,
                        null);
                EventSocket.Frame update =
                        socket.await(json -> "cap_update".equals(json.path("op").asText()), WAIT);
                samples[i] = update.receivedNanos() - start;
            }
        }
        Arrays.sort(samples);
        out.printf(
                "REMOVE_USER_ROLE -> cap_update on the user's socket, %d runs: p50 %.1f ms, max %.1f ms%n",
                samples.length, samples[samples.length / 2] / 1e6, samples[samples.length - 1] / 1e6);
    }
}
