package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.EventSocket;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chat (seed 003) on the local cloud running the given template (the root one): one server with one channel and
 * {@value #MEMBERS} members, each with a WebSocket subscribed to the channel. Measures the time from sending {@code
 * POST_MESSAGE} to the message's event arriving on every <em>other</em> member's socket, first with one sender
 * ({@value #SEQUENTIAL} messages), then with {@value #SENDERS} senders posting at once ({@value #PER_SENDER} messages
 * each). Each sender posts its next message only once the previous one reached every other member (closed loop on
 * delivery), so the figures are latencies rather than the depth of a backlog. Prints p50/p99/max per phase; asserts
 * nothing.
 *
 * <p>The members' access tokens are minted with the deployment's own signing key (the functions' {@code JWT_KEYS}):
 * registering 100 users would measure argon2id and the auth endpoints' per-IP rate limit, not chat.
 */
public final class ChatBenchmark {

    private static final int MEMBERS = 100;
    private static final int SEQUENTIAL = 100;
    private static final int SENDERS = 16;
    private static final int PER_SENDER = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ChatBenchmark() {}

    private record Member(String userId, String token, EventSocket socket) {}

    /**
     * @param options the command line's options; ports become ephemeral and the JWT key is the run's own
     * @return the exit status (0)
     */
    public static int run(LocalCloud.Options options, PrintStream out) {
        out.printf(
                "run-local bench-chat: JVM %s, %d processors, template %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.template());
        try (LocalCloud cloud = LocalCloud.start(options.withEphemeralPorts())) {
            out.printf("local cloud ready in %d ms%n", cloud.startDuration().toMillis());
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            Map<String, String> env = cloud.stack().functions().stream()
                    .filter(f -> f.logicalId().equals("WsConnectFunction"))
                    .findFirst()
                    .orElseThrow()
                    .environment();
            AccessTokens tokens = new AccessTokens(
                    JwtKeys.parse(env.get("JWT_KEYS"), env.get("JWT_ACTIVE_KID")),
                    env.get("JWT_ISSUER"),
                    env.get("JWT_AUDIENCE"),
                    Duration.ofHours(1),
                    Clock.systemUTC());
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                String userId = Long.toString(9_100_000_000_000_000L + i);
                String token = tokens.issue(userId, Set.of("customer")).accessToken();
                members.add(new Member(userId, token, connect(client, token)));
            }
            String[] ids = setUp(client, members);
            String channel = "srv." + ids[0] + ".chan." + ids[1] + ".events";
            for (Member member : members) {
                subscribe(member.socket(), channel);
            }
            out.printf("%d members subscribed to %s%n", MEMBERS, channel);

            phase(client, members.subList(1, 2), members, ids, "warm", 10, out, false);
            phase(client, members.subList(1, 2), members, ids, "one", SEQUENTIAL, out, true);
            phase(client, members.subList(1, 1 + SENDERS), members, ids, "many", PER_SENDER, out, true);
            members.forEach(m -> m.socket().close());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("bench interrupted", e);
        } catch (Exception e) {
            throw new LocalCloudException("bench-chat failed: " + e, e);
        }
        return 0;
    }

    /**
     * Connects, trying again when the handshake fails: the first {@code $connect} pays the function's cold start,
     * which on a loaded machine can outlast the client's 5 s connect timeout.
     */
    private static EventSocket connect(AntipopClient client, String token) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.connect(token);
            } catch (EventSocket.HandshakeRefused e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Server, channel, invite; every other member joins. Returns {serverId, channelId}. */
    private static String[] setUp(AntipopClient client, List<Member> members) throws InterruptedException {
        Member owner = members.getFirst();
        String serverId = stream(command(client, owner, "create-server", Map.of("name", "Bench")), "server-");
        String channelId = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (channelId == null) {
            Response created = client.command(
                    owner.token(), "create-channel", Map.of("serverId", serverId, "name", "general"), null, null);
            if (created.status() == 202) {
                channelId = stream(created, "channel-");
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("create-channel: " + created.text());
            } else {
                Thread.sleep(20); // the owner's membership is being projected
            }
        }
        command(client, owner, "create-server-invite", Map.of("serverId", serverId));
        String code = owner.socket()
                .awaitEvent("chat.server_invite_created", WAIT)
                .json()
                .at("/data/data/inviteCode")
                .asText();
        for (Member member : members.subList(1, members.size())) {
            command(client, member, "join-server", Map.of("inviteCode", code));
        }
        return new String[] {serverId, channelId};
    }

    private static void subscribe(EventSocket socket, String channel) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int n = 0; ; n++) {
            String id = "s" + n;
            socket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + channel + "\"}");
            JsonNode reply = socket.await(json -> id.equals(json.path("id").asText()), WAIT)
                    .json();
            if ("ack".equals(reply.path("op").asText())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sub: " + reply);
            }
            Thread.sleep(50); // the membership is being projected
        }
    }

    /**
     * Arrivals of one phase's messages, recorded by each member socket's observer as frames arrive: per message text,
     * the members that got it (a repeat delivery, at least once as fan-out is, is counted apart, not timed twice) and a
     * latch the sender waits on.
     */
    private static final class Arrivals {
        private final Map<String, Long> sent = new ConcurrentHashMap<>();
        private final Map<String, String> authors = new ConcurrentHashMap<>();
        private final Map<String, Set<String>> receivers = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> pending = new ConcurrentHashMap<>();
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong repeats = new AtomicLong();

        void sending(String text, String author, int others) {
            authors.put(text, author);
            receivers.put(text, ConcurrentHashMap.newKeySet());
            pending.put(text, new CountDownLatch(others));
            sent.put(text, System.nanoTime());
        }

        void arrived(String userId, EventSocket.Frame frame) {
            if (!"chat.message_posted".equals(frame.json().at("/data/type").asText())) {
                return;
            }
            String text = frame.json().at("/data/data/text").asText("");
            Long at = sent.get(text);
            if (at == null || userId.equals(authors.get(text))) {
                return;
            }
            if (receivers.get(text).add(userId)) {
                latencies.add(frame.receivedNanos() - at);
                pending.get(text).countDown();
            } else {
                repeats.incrementAndGet();
            }
        }
    }

    private static void phase(
            AntipopClient client,
            List<Member> senders,
            List<Member> members,
            String[] ids,
            String phase,
            int perSender,
            PrintStream out,
            boolean report)
            throws Exception {
        Arrivals arrivals = new Arrivals();
        for (Member member : members) {
            member.socket().observe(frame -> arrivals.arrived(member.userId(), frame));
        }
        AtomicLong rejected = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong late = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        long begin = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (Member sender : senders) {
            futures.add(pool.submit(() -> {
                for (int n = 0; n < perSender; n++) {
                    String text = phase + "-" + sender.userId() + "-" + n;
                    arrivals.sending(text, sender.userId(), members.size() - 1);
                    Response response = client.command(
                            sender.token(),
                            "post-message",
                            Map.of("serverId", ids[0], "channelId", ids[1], "text", text),
                            null,
                            null);
                    if (response.status() != 202) {
                        rejected.incrementAndGet();
                    } else {
                        accepted.incrementAndGet();
                        // Closed loop on delivery: the next message only once this one reached every other member,
                        // so the figures are latencies, not the depth of a queue the senders outrun.
                        if (!arrivals.pending.get(text).await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                            late.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();
        for (Member member : members) {
            member.socket().observe(frame -> {});
            member.socket().forget(); // timed by the observer; kept frames would only weigh on the shared heap
        }
        if (report) {
            long[] samples;
            synchronized (arrivals.latencies) {
                samples = arrivals.latencies.stream().mapToLong(Long::longValue).toArray();
            }
            out.printf(
                    "POST_MESSAGE -> other members' sockets, %d sender(s), %d members: %d messages in %.1f s"
                            + " (%.0f/s accepted, %d rejected, %d not delivered to all within %d s), %d of %d"
                            + " deliveries (%d repeats): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    senders.size(),
                    MEMBERS,
                    accepted.get(),
                    seconds,
                    accepted.get() / seconds,
                    rejected.get(),
                    late.get(),
                    WAIT.toSeconds(),
                    samples.length,
                    accepted.get() * (MEMBERS - 1),
                    arrivals.repeats.get(),
                    percentile(samples, 50),
                    percentile(samples, 99),
                    percentile(samples, 100));
        }
    }

    private static Response command(AntipopClient client, Member member, String route, Map<String, Object> payload) {
        Response response = client.command(member.token(), route, payload, null, null);
        if (response.status() != 202) {
            throw new IllegalStateException(route + ": " + response.status() + " " + response.text());
        }
        return response;
    }

    private static String stream(Response accepted, String prefix) {
        return accepted.body().at("/position/stream").asText().substring(prefix.length());
    }

    private static double percentile(long[] nanos, int p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
