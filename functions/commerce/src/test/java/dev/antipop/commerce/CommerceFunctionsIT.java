package dev.antipop.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import dev.antipop.runtime.testing.StreamRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The commerce functions through the entry point Lambda uses ({@link FunctionInvoker}), fed the fixtures in {@code
 * events/http/commerce}, against Antipop's DynamoDB engine, with a stand-in Lambda API on loopback playing the
 * catalog's {@code RESERVE_INVENTORY} / {@code RELEASE_INVENTORY} (stock per variant, reservations keyed by order and
 * line) and {@code CREATE_NOTIFICATION}: cart → checkout → processor → confirmed order, views and read routes.
 */
class CommerceFunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../../events/http/commerce");
    private static final String KEYS =
            "k1:" + Base64.getUrlEncoder().encodeToString(new byte[32]).replace("=", "");
    private static final String BRAND = "383100000000000001";

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static DynamoDbClient dynamoDb;
    private static AccessTokens tokens;
    private static HttpServer lambda;
    private static final Map<String, FunctionInvoker> invokers = new ConcurrentHashMap<>();
    private static final AtomicLong ids = new AtomicLong(1000);
    private static final Map<String, Long> stock = new ConcurrentHashMap<>();
    private static final Map<String, Long> held = new ConcurrentHashMap<>();
    private static final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        CommerceTables.create(dynamoDb);
        lambda = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        lambda.createContext("/", CommerceFunctionsIT::invoke);
        lambda.start();
        Map<String, String> env = new HashMap<>(CommerceTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put(
                "AWS_ENDPOINT_URL_LAMBDA",
                "http://127.0.0.1:" + lambda.getAddress().getPort());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", CommerceFunctions.class.getName());
        env.put("JWT_KEYS", KEYS);
        env.put("JWT_ACTIVE_KID", "k1");
        env.put("NODE_ID", "12");
        env.put("RESERVE_INVENTORY_FUNCTION", "reserve");
        env.put("RELEASE_INVENTORY_FUNCTION", "release");
        env.put("CREATE_NOTIFICATION_FUNCTION", "notify");
        env.put("org.springframework.boot.logging.LoggingSystem", "none");
        env.forEach(System::setProperty);
        tokens = new AccessTokens(
                JwtKeys.parse(KEYS, "k1"), "antipop", "antipop", Duration.ofMinutes(15), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        lambda.stop(0);
        dynamoDb.close();
    }

    /** The stand-in Lambda Invoke API: {@code POST /2015-03-31/functions/<name>/invocations}. */
    private static void invoke(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String path = exchange.getRequestURI().getPath();
        JsonNode input = request.path("input");
        ObjectNode result = JSON.createObjectNode();
        result.put("ok", true);
        if (path.contains("/functions/notify/")) {
            notifications.add(input);
        } else {
            String key =
                    input.path("orderId").asText() + "#" + input.path("line").asInt();
            String variant = input.path("variantId").asText();
            synchronized (stock) {
                if (path.contains("/functions/reserve/") && !held.containsKey(key)) {
                    long left = stock.getOrDefault(variant, 0L);
                    long wanted = input.path("quantity").asLong();
                    if (left < wanted) {
                        result.put("ok", false);
                        result.put("code", "conflict");
                        result.put("message", "out_of_stock: " + left + " in stock");
                    } else {
                        stock.put(variant, left - wanted);
                        held.put(key, wanted);
                    }
                } else if (path.contains("/functions/release/")) {
                    Long quantity = held.put(key, 0L);
                    if (quantity != null) {
                        stock.merge(variant, quantity, Long::sum);
                    }
                }
            }
        }
        byte[] body = JSON.writeValueAsBytes(result);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    record User(String id, String token) {}

    static User user() {
        String id = Long.toString(ids.incrementAndGet());
        return new User(id, tokens.issue(id, Set.of("customer")).accessToken());
    }

    static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, CommerceFunctionsIT::starter);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static synchronized FunctionInvoker starter(String definition) {
        return new FunctionInvoker(definition);
    }

    static String fixture(String name, User caller, Map<String, String> vars) throws IOException {
        String text = Files.readString(FIXTURES.resolve(name + ".json"));
        for (Map.Entry<String, String> var : vars.entrySet()) {
            text = text.replace("${" + var.getKey() + "}", var.getValue());
        }
        ObjectNode event = (ObjectNode) JSON.readTree(text);
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + caller.token());
        return JSON.writeValueAsString(event);
    }

    static JsonNode call(String route, User caller, Map<String, String> vars) throws IOException {
        return invoke(bean(route), fixture(route, caller, vars));
    }

    static JsonNode call(String route, User caller, Map<String, String> vars, Map<String, Object> payload)
            throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(route, caller, vars));
        event.put("body", JSON.writeValueAsString(Map.of("payload", payload)));
        return invoke(bean(route), JSON.writeValueAsString(event));
    }

    static String bean(String route) {
        StringBuilder bean = new StringBuilder();
        for (String word : route.split("-")) {
            bean.append(bean.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return bean.toString();
    }

    static JsonNode body(JsonNode response) throws IOException {
        return JSON.readTree(response.get("body").asText());
    }

    static int status(JsonNode response) {
        return response.get("statusCode").asInt();
    }

    static JsonNode accepted(JsonNode response) throws IOException {
        assertThat(status(response)).as(response.toString()).isEqualTo(202);
        return body(response);
    }

    static List<Map<String, AttributeValue>> events(String stream) {
        return dynamoDb.query(QueryRequest.builder()
                        .tableName(CommerceTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .consistentRead(true)
                        .build())
                .items();
    }

    /** Runs the commerce processor over every event of {@code stream}, until it appends nothing more. */
    static void process(String stream) throws IOException {
        int handled = 0;
        while (true) {
            List<Map<String, AttributeValue>> all = events(stream);
            if (all.size() == handled) {
                return;
            }
            JsonNode response = invoke(
                    "commerceProcessor", StreamRecords.insertEvent("CommerceEvents", all.subList(handled, all.size())));
            assertThat(response.get("batchItemFailures"))
                    .as(response.toString())
                    .isEmpty();
            handled = all.size();
        }
    }

    /** A product in the catalog's products view as the catalog processor writes it. */
    static void product(String productId, String variantId, boolean published) {
        String details = "{\"productId\":\"" + productId + "\",\"brandId\":\"" + BRAND
                + "\",\"name\":\"Anvil\",\"description\":null,\"variants\":{\"" + variantId
                + "\":{\"variantId\":\"" + variantId
                + "\",\"sku\":\"ANV-1\",\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"options\":{},\"stock\":5}}}";
        dynamoDb.putItem(r -> r.tableName(CommerceTables.PRODUCTS)
                .item(Map.of(
                        "productId", AttributeValue.fromS(productId),
                        "brandId", AttributeValue.fromS(BRAND),
                        "status", AttributeValue.fromS(published ? "published" : "draft"),
                        "product", AttributeValue.fromS(details),
                        "version", AttributeValue.fromN("4"))));
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void aBuyerChecksOutOnceAndTheOrderProcessConfirmsTheOrder() throws IOException {
        User buyer = user();
        String productId = "383100000000000101";
        String variantId = "383100000000000201";
        product(productId, variantId, true);
        stock.put(variantId, 5L);
        Map<String, String> vars =
                Map.of("PRODUCT_ID", productId, "VARIANT_ID", variantId, "MUTATION_ID", "m1", "BRAND_ID", BRAND);

        accepted(call("add-cart-item", buyer, vars));
        JsonNode cart = body(call("get-cart", buyer, vars));
        assertThat(cart.at("/items/0/quantity").asLong()).isEqualTo(2);
        assertThat(cart.at("/items/0/brandId").asText()).isEqualTo(BRAND);

        JsonNode first = accepted(call("checkout", buyer, vars));
        JsonNode again = accepted(call("checkout", buyer, vars));
        assertThat(again.get("commandId")).as("the same clientMutationId").isEqualTo(first.get("commandId"));
        String orderStream = first.at("/position/stream").asText();
        String orderId = orderStream.substring("order-".length());
        JsonNode placed = JSON.readTree(events(orderStream).get(0).get("data").s());
        assertThat(placed.at("/total/amount").asLong()).isEqualTo(3998);
        assertThat(placed.at("/lines/0/unitPrice/amount").asLong()).isEqualTo(1999);

        process(orderStream);
        assertThat(events(orderStream))
                .extracting(item -> item.get("type").s())
                .containsExactly(
                        "commerce.order_placed",
                        "commerce.order_line_reserved",
                        "commerce.order_confirmed",
                        "commerce.brand_order_updated");
        assertThat(stock).containsEntry(variantId, 3L);
        assertThat(events("cart-" + buyer.id()))
                .extracting(item -> item.get("type").s())
                .containsExactly("commerce.cart_item_added", "commerce.cart_checked_out");
        assertThat(body(call("get-cart", buyer, vars)).path("items")).isEmpty();
        assertThat(notifications)
                .anySatisfy(n -> assertThat(
                                n.path("kind").asText() + n.path("userId").asText())
                        .isEqualTo("order_confirmed" + buyer.id()));

        Map<String, String> order = Map.of("ORDER_ID", orderId);
        JsonNode view = body(call("get-order", buyer, order));
        assertThat(view.path("status").asText()).isEqualTo("confirmed");
        assertThat(view.at("/lines/0/reservation").asText()).isEqualTo("reserved");
        assertThat(body(call("list-orders", buyer, order)).path("items")).hasSize(1);
        assertThat(status(call("get-order", user(), order))).as("another user").isEqualTo(404);
        assertThat(status(call("list-brand-orders", user(), Map.of("BRAND_ID", BRAND))))
                .isEqualTo(403);

        JsonNode cancelled = accepted(call("cancel-order", buyer, order));
        process(orderStream);
        assertThat(stock).containsEntry(variantId, 5L);
        assertThat(cancelled.at("/position/stream").asText()).isEqualTo(orderStream);
        assertThat(body(call("get-order", buyer, order)).path("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void draftsAreNotSoldAndQuantitiesAreBounded() throws IOException {
        User buyer = user();
        product("383100000000000102", "383100000000000202", false);
        Map<String, String> vars = Map.of("PRODUCT_ID", "383100000000000102", "VARIANT_ID", "383100000000000202");
        JsonNode draft = call("add-cart-item", buyer, vars);
        assertThat(status(draft)).isEqualTo(409);
        JsonNode tooMany = call(
                "add-cart-item",
                buyer,
                vars,
                Map.of("productId", "383100000000000102", "variantId", "383100000000000202", "quantity", 100));
        assertThat(status(tooMany)).isEqualTo(400);
        JsonNode empty = call("checkout", buyer, Map.of("MUTATION_ID", "m-empty"));
        assertThat(status(empty)).as("an empty cart").isEqualTo(409);
        ObjectNode listing = (ObjectNode) JSON.readTree(fixture("list-orders", buyer, Map.of()));
        ((ObjectNode) listing.get("queryStringParameters")).put("cursor", "e30.AAAA");
        JsonNode forged = invoke("listOrders", JSON.writeValueAsString(listing));
        assertThat(status(forged)).as(forged.toString()).isEqualTo(400);
    }
}
