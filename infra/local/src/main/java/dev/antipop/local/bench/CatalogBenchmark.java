package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.lambda.LocalFunction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./run-local bench-catalog}: the catalog context on the root template, one sender. Prints the cold start of
 * the catalog's functions as the local cloud measured them at their first invocation (the first catalog function
 * pays for loading the catalog jar's classes and Spring; later ones share them in this one JVM, unlike Lambda where
 * each function is its own environment), then {@value #COMMANDS} {@code UPDATE_BRAND} commands sent one after the
 * other, each timed from the send to its {@code catalog.brand_updated} event on the owner's WebSocket subscription
 * to {@code brand.<id>.events} (p50, p99). Figures are printed, never asserted.
 */
public final class CatalogBenchmark {

    private static final int WARM_UP = 20;
    private static final int COMMANDS = 200;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private CatalogBenchmark() {}

    /**
     * @param options the command line's options; ports become ephemeral
     * @return the exit status (0)
     */
    public static int run(LocalCloud.Options options, PrintStream out) {
        out.printf(
                "run-local bench-catalog: JVM %s, %d processors, template %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.template());
        try (LocalCloud cloud = LocalCloud.start(options.withEphemeralPorts())) {
            out.printf("local cloud ready in %d ms%n", cloud.startDuration().toMillis());
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            Session owner =
                    client.signIn("bench-catalog-" + UUID.randomUUID() + "@example.com", "bench password 1", "O");
            Response created = client.command(owner.accessToken(), "create-brand", Map.of("name", "Bench"), null, null);
            if (created.status() != 202) {
                throw new LocalCloudException("CREATE_BRAND answered " + created.status() + " " + created.text());
            }
            String brandId = created.body().at("/position/stream").asText().substring("brand-".length());
            try (EventSocket socket = client.connect(owner.accessToken())) {
                subscribe(socket, "brand." + brandId + ".events");
                updates(client, owner, brandId, socket, WARM_UP, "warm");
                long[] nanos = updates(client, owner, brandId, socket, COMMANDS, "run");
                Arrays.sort(nanos);
                out.printf(
                        "UPDATE_BRAND -> catalog.brand_updated on the owner's WebSocket, one sender, %d commands:"
                                + " p50 %.1f ms, p99 %.1f ms%n",
                        COMMANDS, nanos[nanos.length / 2] / 1e6, nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6);
            }
            StringBuilder line = new StringBuilder();
            for (LocalFunction function : cloud.functions().values()) {
                if (function.spec().environment().getOrDefault("MAIN_CLASS", "").startsWith("dev.antipop.catalog.")) {
                    function.coldStart()
                            .ifPresent(cold -> line.append(line.isEmpty() ? "" : ", ")
                                    .append(function.spec().logicalId())
                                    .append(' ')
                                    .append(cold.toMillis())
                                    .append(" ms"));
                }
            }
            out.println("catalog cold starts (first invocation, in this JVM): " + line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("bench interrupted", e);
        } catch (Exception e) {
            throw new LocalCloudException("bench-catalog failed: " + e, e);
        }
        return 0;
    }

    /** Subscribes once the owner's membership is projected (the processor runs behind the command). */
    private static void subscribe(EventSocket socket, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int attempt = 0; ; attempt++) {
            String id = "s" + attempt;
            socket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + topic + "\"}");
            JsonNode answer = socket.await(json -> id.equals(json.path("id").asText()), WAIT)
                    .json();
            if ("ack".equals(answer.path("op").asText())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LocalCloudException("sub " + topic + " refused: " + answer);
            }
            Thread.sleep(20); // a retry pause while the membership projection catches up, not a wait on a result
        }
    }

    private static long[] updates(
            AntipopClient client, Session owner, String brandId, EventSocket socket, int count, String phase) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            String correlationId = phase + "-" + i;
            long sent = System.nanoTime();
            Response response = client.command(
                    owner.accessToken(),
                    "update-brand",
                    Map.of("brandId", brandId, "name", "Bench " + correlationId),
                    correlationId,
                    null);
            if (response.status() != 202) {
                throw new LocalCloudException("UPDATE_BRAND answered " + response.status());
            }
            EventSocket.Frame frame = socket.await(
                    json -> "event".equals(json.path("op").asText())
                            && correlationId.equals(
                                    json.at("/data/meta/correlationId").asText()),
                    WAIT);
            nanos[i] = frame.receivedNanos() - sent;
        }
        return nanos;
    }
}
