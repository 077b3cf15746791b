package dev.antipop.local.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.EventSocket;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's load: {@code clients} users, each signed in with a WebSocket open (so fan-out posts reach real
 * connections), send commands drawn by a {@link CommandGenerator} for {@code duration}. A third of the commands carry
 * a {@code clientMutationId}, and one in four of those is sent again with the same id (a client retry), so the
 * checker sees replays.
 */
public final class SoakLoad {

    /**
     * What the load did.
     *
     * @param sent commands sent (replays included)
     * @param byStatus answers by HTTP status
     * @param acceptedByContext 202s by context
     * @param replays commands sent again with the same {@code clientMutationId}
     * @param p50Millis median command latency
     * @param p99Millis 99th percentile command latency
     * @param elapsed how long the load ran
     */
    public record Figures(
            long sent,
            Map<Integer, Long> byStatus,
            Map<String, Long> acceptedByContext,
            long replays,
            double p50Millis,
            double p99Millis,
            Duration elapsed) {

        /** Answers of 500 and above. */
        public long serverErrors() {
            return byStatus.entrySet().stream()
                    .filter(e -> e.getKey() >= 500)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** Prints one paragraph of figures. */
        public void print(PrintStream out) {
            out.printf(
                    "soak: %d commands in %.1f s (%.0f/s), %d replays; p50 %.1f ms, p99 %.1f ms%n",
                    sent,
                    elapsed.toMillis() / 1000.0,
                    sent / Math.max(0.001, elapsed.toMillis() / 1000.0),
                    replays,
                    p50Millis,
                    p99Millis);
            out.printf("  answers by status: %s%n", byStatus);
            out.printf("  accepted by context: %s%n", acceptedByContext);
        }
    }

    /** The status counted for a command that got no HTTP answer (connection refused or reset, or timed out). */
    public static final int NO_ANSWER = 0;

    /**
     * Consecutive commands without an answer after which a client stops: the cloud is gone (killed, as the crash test
     * does) and sending on until the deadline would only spin on refused connections.
     */
    public static final int GIVE_UP_AFTER = 3;

    /** Sees every command's answer as it arrives (called on the clients' threads, concurrently). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param client the client's index ({@code 0..clients-1})
         * @param context the command's context
         * @param routeName the command's route
         * @param status the HTTP status, or {@link #NO_ANSWER}
         * @param body the answer's JSON body (a JSON null without an answer)
         * @param replay whether this was a second send with the same {@code clientMutationId}
         */
        void answered(int client, String context, String routeName, int status, JsonNode body, boolean replay);
    }

    private SoakLoad() {}

    /**
     * Runs the load; returns when every client has stopped.
     *
     * @param seed the clients' random sources derive from it (with the chaos seed, a run can be repeated)
     * @throws IllegalStateException when a client cannot sign in
     */
    public static Figures run(
            AntipopClient client, CommandGenerator generator, int clients, Duration duration, long seed)
            throws InterruptedException {
        return run(client, generator, clients, duration, seed, (index, context, route, status, body, replay) -> {});
    }

    /**
     * {@link #run(AntipopClient, CommandGenerator, int, Duration, long)}, telling {@code listener} of every answer. A
     * client stops early after {@link #GIVE_UP_AFTER} commands in a row got no answer.
     */
    public static Figures run(
            AntipopClient client,
            CommandGenerator generator,
            int clients,
            Duration duration,
            long seed,
            Listener listener)
            throws InterruptedException {
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        Map<String, LongAdder> byContext = new ConcurrentHashMap<>();
        AtomicLong replays = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        long begin = System.nanoTime();
        long deadline = begin + duration.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int index = c;
                results.add(pool.submit(() ->
                        runClient(client, generator, index, seed, deadline, byStatus, byContext, replays, listener)));
            }
            for (Future<long[]> result : results) {
                try {
                    latencies.add(result.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("soak client failed: " + e.getCause(), e.getCause());
                }
            }
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
        Map<String, Long> contexts = new TreeMap<>();
        generator.contexts().forEach(name -> contexts.put(name, 0L));
        byContext.forEach((name, count) -> contexts.put(name, count.sum()));
        return new Figures(
                all.length,
                statuses,
                contexts,
                replays.get(),
                percentile(all, 0.50),
                percentile(all, 0.99),
                Duration.ofNanos(System.nanoTime() - begin));
    }

    private static long[] runClient(
            AntipopClient client,
            CommandGenerator generator,
            int index,
            long seed,
            long deadline,
            Map<Integer, LongAdder> byStatus,
            Map<String, LongAdder> byContext,
            AtomicLong replays,
            Listener listener) {
        SplittableRandom random = new SplittableRandom(seed * 31 + index);
        AntipopClient.Session session = null;
        for (int attempt = 0; session == null && attempt < 3 && System.nanoTime() < deadline; attempt++) {
            try {
                session = client.signIn(
                        "soak-" + seed + "-" + index + "@example.com", "soak-password-" + index, "Soak " + index);
            } catch (RuntimeException slowOrGone) {
                // A cold start on a loaded machine can outlast the client's 30 s timeout; a gone cloud never answers.
                byStatus.computeIfAbsent(NO_ANSWER, s -> new LongAdder()).increment();
            }
        }
        if (session == null) {
            return new long[0];
        }
        generator.remember("userId", session.userId());
        List<Long> latencies = new ArrayList<>();
        Map<String, List<String>> own = new java.util.HashMap<>();
        own.put("userId", new ArrayList<>(List.of(session.userId())));
        try (EventSocket socket = openSocket(client, session.accessToken())) {
            int n = 0;
            int unanswered = 0;
            List<String> contexts = generator.contexts();
            while (System.nanoTime() < deadline && unanswered < GIVE_UP_AFTER) {
                // First one command of each context (from a different one per client), then at random.
                CommandGenerator.Command command = n < contexts.size()
                        ? generator.first(contexts.get((index + n) % contexts.size()), random, own)
                        : generator.next(random, own);
                String mutationId = random.nextInt(3) == 0 ? "soak-" + seed + "-" + index + "-" + n : null;
                n++;
                int times = mutationId != null && random.nextInt(4) == 0 ? 2 : 1;
                for (int attempt = 0; attempt < times; attempt++) {
                    long start = System.nanoTime();
                    AntipopClient.Response answer;
                    try {
                        answer = client.command(
                                session.accessToken(), command.spec().routeName(), command.payload(), null, mutationId);
                    } catch (UncheckedIOException | IllegalStateException noAnswer) {
                        // Refused, reset or timed out: the command may or may not have taken effect.
                        unanswered++;
                        byStatus.computeIfAbsent(NO_ANSWER, s -> new LongAdder())
                                .increment();
                        listener.answered(
                                index,
                                command.context(),
                                command.spec().routeName(),
                                NO_ANSWER,
                                NullNode.getInstance(),
                                attempt > 0);
                        break;
                    }
                    unanswered = 0;
                    latencies.add(System.nanoTime() - start);
                    if (attempt > 0) {
                        replays.incrementAndGet();
                    }
                    byStatus.computeIfAbsent(answer.status(), s -> new LongAdder())
                            .increment();
                    if (answer.status() == 202 || answer.status() == 201) {
                        byContext
                                .computeIfAbsent(command.context(), s -> new LongAdder())
                                .increment();
                        JsonNode body = answer.body();
                        generator.rememberPosition(body, own);
                    }
                    listener.answered(
                            index,
                            command.context(),
                            command.spec().routeName(),
                            answer.status(),
                            answer.body(),
                            attempt > 0);
                }
            }
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    /** A socket kept open during the load (null when the template has no WebSocket API or refuses it). */
    private static EventSocket openSocket(AntipopClient client, String token) {
        try {
            return client.connect(token);
        } catch (RuntimeException refused) {
            return null;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }
}
