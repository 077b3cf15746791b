package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.LocalCloudException;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./run-local bench-commerce}: the commerce context on the root template. A brand's owner publishes one
 * product with a variant in stock for every order; then each buyer, on their own WebSocket, repeats: {@code
 * ADD_CART_ITEM} (not timed), {@code CHECKOUT}, timed from the send to {@code commerce.order_confirmed} on the buyer's
 * socket (the order placed, the commerce processor's checkout policy and order process: one {@code RESERVE_INVENTORY}
 * invoke of the catalog per line, the confirmation, fan-out). Once with one buyer ({@value #ONE_BUYER_ORDERS} orders)
 * and once with {@value #BUYERS} concurrent buyers ({@value #ORDERS_EACH} orders each, all on the same product
 * stream, so their reservations contend). Figures are printed (p50, p99), never asserted.
 */
public final class CommerceBenchmark {

    private static final int WARM_UP = 10;
    private static final int ONE_BUYER_ORDERS = 100;
    private static final int BUYERS = 16;
    private static final int ORDERS_EACH = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private CommerceBenchmark() {}

    /**
     * @param options the command line's options; ports become ephemeral
     * @return the exit status (0)
     */
    public static int run(LocalCloud.Options options, PrintStream out) {
        out.printf(
                "run-local bench-commerce: JVM %s, %d processors, template %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.template());
        try (LocalCloud cloud = LocalCloud.start(options.withEphemeralPorts())) {
            out.printf("local cloud ready in %d ms%n", cloud.startDuration().toMillis());
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            Session owner = signIn(client, "owner");
            Response brand = command(client, owner, "create-brand", Map.of("name", "Bench"));
            String brandId = stream(brand, "brand-");
            // The owner's membership is projected by the catalog processor with the brand: wait for it.
            client.get(
                    "/catalog/brands/" + brandId + "?position="
                            + brand.body().at("/position/stream").asText() + ":"
                            + brand.body().at("/position/version").asLong(),
                    owner.accessToken());
            String productId = stream(
                    command(client, owner, "create-product", Map.of("brandId", brandId, "name", "Widget")), "product-");
            command(
                    client,
                    owner,
                    "add-variant",
                    Map.of("productId", productId, "sku", "W-1", "price", Map.of("amount", 250, "currency", "EUR")));
            Response published = command(client, owner, "publish-product", Map.of("productId", productId));
            JsonNode product = client.get(
                            "/catalog/products/" + productId + "?position="
                                    + published.body().at("/position/stream").asText() + ":"
                                    + published.body().at("/position/version").asLong(),
                            owner.accessToken())
                    .body();
            String variantId = product.at("/variants/0/variantId").asText();
            Response stocked = command(
                    client,
                    owner,
                    "adjust-inventory",
                    Map.of("productId", productId, "variantId", variantId, "delta", 1_000_000, "reason", "bench"));
            client.get(
                    "/catalog/products/" + productId + "?position="
                            + stocked.body().at("/position/stream").asText() + ":"
                            + stocked.body().at("/position/version").asLong(),
                    owner.accessToken());
            Map<String, Object> line = Map.of("productId", productId, "variantId", variantId, "quantity", 1);

            Session buyer = signIn(client, "buyer");
            try (EventSocket socket = client.connect(buyer.accessToken())) {
                orders(client, buyer, socket, line, WARM_UP);
                long[] nanos = orders(client, buyer, socket, line, ONE_BUYER_ORDERS);
                print(out, "one buyer", nanos);
            }

            List<Session> buyers = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                buyers.add(signIn(client, "buyer" + i));
            }
            List<EventSocket> sockets = new ArrayList<>();
            try {
                for (Session b : buyers) {
                    sockets.add(client.connect(b.accessToken()));
                }
                List<Future<long[]>> runs = new ArrayList<>();
                try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < BUYERS; i++) {
                        Session b = buyers.get(i);
                        EventSocket s = sockets.get(i);
                        runs.add(senders.submit(() -> orders(client, b, s, line, ORDERS_EACH)));
                    }
                }
                long[] all = new long[0];
                for (Future<long[]> run : runs) {
                    long[] some = run.get();
                    long[] joined = Arrays.copyOf(all, all.length + some.length);
                    System.arraycopy(some, 0, joined, all.length, some.length);
                    all = joined;
                }
                print(out, BUYERS + " concurrent buyers", all);
            } finally {
                sockets.forEach(EventSocket::close);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("bench interrupted", e);
        } catch (Exception e) {
            throw new LocalCloudException("bench-commerce failed: " + e, e);
        }
        return 0;
    }

    private static void print(PrintStream out, String who, long[] nanos) {
        Arrays.sort(nanos);
        out.printf(
                "CHECKOUT -> commerce.order_confirmed on the buyer's WebSocket, %s, %d orders of one line:"
                        + " p50 %.1f ms, p99 %.1f ms%n",
                who,
                nanos.length,
                nanos[nanos.length / 2] / 1e6,
                nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6);
    }

    private static Session signIn(AntipopClient client, String who) {
        return client.signIn(
                "bench-commerce-" + who + "-" + UUID.randomUUID() + "@example.com", "bench password 1", who);
    }

    private static Response command(AntipopClient client, Session session, String route, Object payload) {
        Response response = client.command(session.accessToken(), route, payload, null, null);
        if (response.status() != 202) {
            throw new LocalCloudException(route + " answered " + response.status() + " " + response.text());
        }
        return response;
    }

    private static String stream(Response accepted, String prefix) {
        return accepted.body().at("/position/stream").asText().substring(prefix.length());
    }

    /** {@code count} orders of one line by {@code buyer}, each timed from CHECKOUT to its confirmation. */
    private static long[] orders(
            AntipopClient client, Session buyer, EventSocket socket, Map<String, Object> line, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            command(client, buyer, "add-cart-item", line);
            long sent = System.nanoTime();
            String orderId = stream(command(client, buyer, "checkout", Map.of()), "order-");
            EventSocket.Frame frame = socket.await(
                    json -> "event".equals(json.path("op").asText())
                            && orderId.equals(json.at("/data/data/orderId").asText())
                            && "commerce.order_confirmed"
                                    .equals(json.at("/data/type").asText()),
                    WAIT);
            nanos[i] = frame.receivedNanos() - sent;
        }
        return nanos;
    }
}
