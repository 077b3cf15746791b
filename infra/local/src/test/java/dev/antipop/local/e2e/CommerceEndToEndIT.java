package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.commerce.process.Faults;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The commerce context end to end on the root template (issue 10), through real clients: the HTTP API, buyers'
 * WebSockets, and the AWS SDK on the catalog's events table for the ground truth of stock. Races for the last units,
 * a second line out of stock, a processor failing after the first reservation and retried by the stream mapping, a
 * repeated CHECKOUT, a cancel, and 20 concurrent buyers against limited stock.
 */
class CommerceEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalCloud cloud;
    private static AntipopClient client;
    private static DynamoDbClient dynamoDb;
    private static Session owner;
    private static String brandId;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        dynamoDb = cloud.dynamoDb().client();
        owner = user("owner");
        Response brand = send(owner, "CREATE_BRAND", Map.of("name", "Acme"));
        brandId = brand.body().at("/position/stream").asText().substring("brand-".length());
        // The owner's membership is projected by the catalog processor with the brand: wait for it.
        assertThat(client.get("/catalog/brands/" + brandId + "?position=" + position(brand), owner.accessToken())
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @AfterEach
    void disarm() {
        System.clearProperty(Faults.PROPERTY);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Session user(String prefix) {
        return client.signIn(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "a long enough password",
                prefix);
    }

    private static Response post(Session session, String command, Map<String, Object> payload, String mutationId) {
        Map<String, Object> body = new HashMap<>(Map.of("command", command, "payload", payload));
        if (mutationId != null) {
            body.put("clientMutationId", mutationId);
        }
        return client.post("/command", session.accessToken(), body);
    }

    private static Response send(Session session, String command, Map<String, Object> payload) {
        Response response = post(session, command, payload, null);
        assertThat(response.status()).as(command + " " + response.text()).isEqualTo(202);
        return response;
    }

    private static String position(Response accepted) {
        return accepted.body().at("/position/stream").asText() + ":"
                + accepted.body().at("/position/version").asLong();
    }

    /** A published product of the brand with one variant per stock given; returns productId and variant ids. */
    private static Product product(long... stocks) {
        String productId = send(owner, "CREATE_PRODUCT", Map.of("brandId", brandId, "name", "Anvil"))
                .body()
                .at("/position/stream")
                .asText()
                .substring("product-".length());
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < stocks.length; i++) {
            String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
            skus.add(sku);
            send(
                    owner,
                    "ADD_VARIANT",
                    Map.of("productId", productId, "sku", sku, "price", Map.of("amount", 1000 + i, "currency", "EUR")));
        }
        Response published = send(owner, "PUBLISH_PRODUCT", Map.of("productId", productId));
        JsonNode view = client.get(
                        "/catalog/products/" + productId + "?position=" + position(published), owner.accessToken())
                .body();
        List<String> variants = new ArrayList<>();
        for (String sku : skus) {
            for (JsonNode variant : view.path("variants")) {
                if (sku.equals(variant.path("sku").asText())) {
                    variants.add(variant.path("variantId").asText());
                }
            }
        }
        assertThat(variants).hasSize(stocks.length);
        Response last = null;
        for (int i = 0; i < stocks.length; i++) {
            last = send(
                    owner,
                    "ADJUST_INVENTORY",
                    Map.of(
                            "productId",
                            productId,
                            "variantId",
                            variants.get(i),
                            "delta",
                            stocks[i],
                            "reason",
                            "delivery"));
        }
        // The products view (which ADD_CART_ITEM reads) has the stock and the publish.
        assertThat(client.get("/catalog/products/" + productId + "?position=" + position(last), owner.accessToken())
                        .status())
                .isEqualTo(200);
        return new Product(productId, variants);
    }

    record Product(String productId, List<String> variantIds) {
        String variant(int i) {
            return variantIds.get(i);
        }
    }

    private static void addToCart(Session buyer, Product product, int variant, long quantity) {
        send(
                buyer,
                "ADD_CART_ITEM",
                Map.of("productId", product.productId(), "variantId", product.variant(variant), "quantity", quantity));
    }

    private static String checkout(Session buyer, String mutationId) {
        Response response = post(buyer, "CHECKOUT", Map.of(), mutationId);
        assertThat(response.status()).as("CHECKOUT " + response.text()).isEqualTo(202);
        return response.body().at("/position/stream").asText().substring("order-".length());
    }

    /** The order's outcome as its buyer's socket tells it: order_confirmed or order_rejected. */
    private static JsonNode outcome(EventSocket socket, String orderId) {
        return socket.await(
                        json -> "event".equals(json.path("op").asText())
                                && orderId.equals(json.at("/data/data/orderId").asText())
                                && List.of("commerce.order_confirmed", "commerce.order_rejected")
                                        .contains(json.at("/data/type").asText()),
                        WAIT)
                .json()
                .path("data");
    }

    /** The catalog events of a product stream, straight from its table (strongly consistent). */
    private static List<JsonNode> productEvents(String productId) {
        String table = cloud.tables().stream()
                .filter(t -> t.logicalId().equals("CatalogEventsTable"))
                .findFirst()
                .orElseThrow()
                .tableName();
        List<JsonNode> events = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "stream"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("product-" + productId)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            var page = dynamoDb.query(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                try {
                    var event = JSON.createObjectNode();
                    event.put("type", item.get("type").s());
                    event.set("data", JSON.readTree(item.get("data").s()));
                    events.add(event);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return events;
    }

    /** Each variant's stock after the product stream's last stock change; asserts it was never negative. */
    private static Map<String, Long> stock(String productId) {
        Map<String, Long> stock = new LinkedHashMap<>();
        for (JsonNode event : productEvents(productId)) {
            JsonNode data = event.path("data");
            if (data.has("stock")) {
                assertThat(data.path("stock").asLong())
                        .as("stock after " + event)
                        .isNotNegative();
                stock.put(data.path("variantId").asText(), data.path("stock").asLong());
            }
        }
        return stock;
    }

    private static long reservationsOf(String productId, String orderId, String type) {
        return productEvents(productId).stream()
                .filter(e -> ("catalog." + type).equals(e.path("type").asText())
                        && orderId.equals(e.at("/data/orderId").asText())
                        && e.at("/data/quantity").asLong() > 0)
                .count();
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    @Test
    void twoBuyersRaceForTheLastThreeUnitsAndOneOfThemGetsThem() throws Exception {
        Product product = product(3);
        Session first = user("first");
        Session second = user("second");
        addToCart(first, product, 0, 3);
        addToCart(second, product, 0, 3);
        try (EventSocket firstSocket = client.connect(first.accessToken());
                EventSocket secondSocket = client.connect(second.accessToken());
                ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> firstOrder = buyers.submit(() -> checkout(first, null));
            Future<String> secondOrder = buyers.submit(() -> checkout(second, null));
            List<String> outcomes = List.of(
                    outcome(firstSocket, firstOrder.get()).path("type").asText(),
                    outcome(secondSocket, secondOrder.get()).path("type").asText());
            assertThat(outcomes).containsExactlyInAnyOrder("commerce.order_confirmed", "commerce.order_rejected");
        }
        assertThat(stock(product.productId())).containsEntry(product.variant(0), 0L);
    }

    @Test
    void aCheckoutWhoseSecondLineIsOutOfStockReleasesTheFirstLinesReservation() {
        Product product = product(5, 1);
        Session buyer = user("buyer");
        addToCart(buyer, product, 0, 2);
        addToCart(buyer, product, 1, 2);
        try (EventSocket socket = client.connect(buyer.accessToken())) {
            String orderId = checkout(buyer, null);
            JsonNode rejected = outcome(socket, orderId);
            assertThat(rejected.path("type").asText()).isEqualTo("commerce.order_rejected");
            assertThat(rejected.at("/data/reason").asText()).isEqualTo("out_of_stock");
            assertThat(rejected.at("/data/lines/0/variantId").asText()).isEqualTo(product.variant(1));
            assertThat(rejected.at("/data/lines").size()).isEqualTo(1);
            assertThat(reservationsOf(product.productId(), orderId, "inventory_reserved"))
                    .isEqualTo(1);
            assertThat(reservationsOf(product.productId(), orderId, "inventory_released"))
                    .isEqualTo(1);
        }
        assertThat(stock(product.productId()))
                .containsEntry(product.variant(0), 5L)
                .containsEntry(product.variant(1), 1L);
    }

    @Test
    void aProcessorFailingAfterTheFirstReservationIsRetriedWithoutADoubleReservation() {
        Product product = product(10, 10);
        Session buyer = user("buyer");
        addToCart(buyer, product, 0, 2);
        addToCart(buyer, product, 1, 3);
        try (EventSocket socket = client.connect(buyer.accessToken())) {
            // The commerce processor throws once right after the catalog reserved line 0 and before it recorded it;
            // the stream mapping redelivers order_placed and the process resumes from the order's events.
            System.setProperty(Faults.PROPERTY, "1");
            String orderId = checkout(buyer, null);
            assertThat(outcome(socket, orderId).path("type").asText()).isEqualTo("commerce.order_confirmed");
            assertThat(System.getProperty(Faults.PROPERTY))
                    .as("the fault fired")
                    .isNull();
            assertThat(reservationsOf(product.productId(), orderId, "inventory_reserved"))
                    .as("one reservation per line")
                    .isEqualTo(2);
        }
        assertThat(stock(product.productId()))
                .containsEntry(product.variant(0), 8L)
                .containsEntry(product.variant(1), 7L);
    }

    @Test
    void aRepeatedCheckoutWithTheSameClientMutationIdGivesOneOrder() throws Exception {
        Product product = product(10);
        Session buyer = user("buyer");
        addToCart(buyer, product, 0, 1);
        String mutationId = "checkout-" + UUID.randomUUID();
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                answers.add(senders.submit(() -> checkout(buyer, mutationId)));
            }
        }
        String orderId = answers.get(0).get();
        for (Future<String> answer : answers) {
            assertThat(answer.get()).isEqualTo(orderId);
        }
        assertThat(checkout(buyer, mutationId)).as("a later repeat").isEqualTo(orderId);
        Response mine = client.get("/orders?position=order-" + orderId + ":1", buyer.accessToken());
        assertThat(mine.status()).as(mine.text()).isEqualTo(200);
        assertThat(mine.body().path("items")).hasSize(1);
        assertThat(mine.body().at("/items/0/orderId").asText()).isEqualTo(orderId);
        assertThat(mine.body().at("/items/0/total/amount").asLong()).isEqualTo(1000);
    }

    @Test
    void aCancelledOrderReturnsItsStock() {
        Product product = product(4, 6);
        Session buyer = user("buyer");
        Session stranger = user("stranger");
        addToCart(buyer, product, 0, 4);
        addToCart(buyer, product, 1, 1);
        try (EventSocket socket = client.connect(buyer.accessToken())) {
            String orderId = checkout(buyer, null);
            assertThat(outcome(socket, orderId).path("type").asText()).isEqualTo("commerce.order_confirmed");
            assertThat(stock(product.productId())).containsEntry(product.variant(0), 0L);
            Response cart = client.get("/cart", buyer.accessToken());
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(client.get("/cart", buyer.accessToken())
                                    .body()
                                    .path("items"))
                            .as("the checkout policy emptied the cart " + cart.text())
                            .isEmpty());

            Response refused = post(stranger, "CANCEL_ORDER", Map.of("orderId", orderId), null);
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            Response hidden = client.get("/orders/" + orderId, stranger.accessToken());
            assertThat(hidden.status()).as(hidden.text()).isEqualTo(404);
            Response teamView = client.get("/catalog/brands/" + brandId + "/orders", owner.accessToken());
            assertThat(teamView.status()).as(teamView.text()).isEqualTo(200);

            Response cancelled = send(buyer, "CANCEL_ORDER", Map.of("orderId", orderId));
            socket.awaitEvent("commerce.order_cancelled", WAIT);
            Response order = client.get("/orders/" + orderId + "?position=" + position(cancelled), buyer.accessToken());
            assertThat(order.body().path("status").asText()).as(order.text()).isEqualTo("cancelled");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(stock(product.productId()))
                            .containsEntry(product.variant(0), 4L)
                            .containsEntry(product.variant(1), 6L));
        }
    }

    @Test
    void twentyBuyersWithThreeLineCartsConserveStock() throws Exception {
        long[] initial = {20, 25, 15};
        Product product = product(initial);
        Random random = new Random(10);
        List<Session> buyers = new ArrayList<>();
        List<long[]> carts = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            Session buyer = user("buyer" + b);
            long[] cart = {1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3)};
            for (int v = 0; v < 3; v++) {
                addToCart(buyer, product, v, cart[v]);
            }
            buyers.add(buyer);
            carts.add(cart);
        }
        List<EventSocket> sockets = new ArrayList<>();
        try {
            for (Session buyer : buyers) {
                sockets.add(client.connect(buyer.accessToken()));
            }
            List<Future<String>> orders = new ArrayList<>();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Session buyer : buyers) {
                    orders.add(senders.submit((Callable<String>) () -> checkout(buyer, null)));
                }
            }
            long[] confirmed = new long[3];
            int confirmedOrders = 0;
            for (int b = 0; b < buyers.size(); b++) {
                JsonNode outcome = outcome(sockets.get(b), orders.get(b).get());
                if ("commerce.order_confirmed".equals(outcome.path("type").asText())) {
                    confirmedOrders++;
                    for (int v = 0; v < 3; v++) {
                        confirmed[v] += carts.get(b)[v];
                    }
                } else {
                    assertThat(outcome.at("/data/reason").asText()).isEqualTo("out_of_stock");
                }
            }
            assertThat(confirmedOrders).as("some orders are confirmed").isPositive();
            Map<String, Long> remaining = stock(product.productId());
            for (int v = 0; v < 3; v++) {
                assertThat(confirmed[v] + remaining.get(product.variant(v)))
                        .as("confirmed + remaining of variant " + v)
                        .isEqualTo(initial[v]);
            }
        } finally {
            sockets.forEach(EventSocket::close);
        }
    }
}
