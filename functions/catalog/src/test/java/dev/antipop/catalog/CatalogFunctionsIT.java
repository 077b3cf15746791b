package dev.antipop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.catalog.policy.CatalogPolicies;
import dev.antipop.catalog.view.ProductsView;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.EventItems;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import dev.antipop.runtime.testing.StreamRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The catalog functions through the entry point Lambda uses ({@link FunctionInvoker} with the template's definition),
 * fed the fixtures in {@code events/http/catalog}, against Antipop's DynamoDB engine: commands → events, the processor
 * → views, memberships and policies, the read routes with their visibility rules and cursors.
 */
class CatalogFunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../../events/http/catalog");
    private static final String KEYS =
            "k1:" + Base64.getUrlEncoder().encodeToString(new byte[32]).replace("=", "");

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static DynamoDbClient dynamoDb;
    private static AccessTokens tokens;
    private static final Map<String, FunctionInvoker> invokers = new ConcurrentHashMap<>();
    private static final AtomicLong users = new AtomicLong(1000);

    @BeforeAll
    static void createTablesAndEnvironment() {
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        CatalogTables.create(dynamoDb);
        Map<String, String> env = new HashMap<>(CatalogTables.environment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("aws.accessKeyId", "local");
        env.put("aws.secretAccessKey", "local");
        env.put("MAIN_CLASS", CatalogFunctions.class.getName());
        env.put("JWT_KEYS", KEYS);
        env.put("JWT_ACTIVE_KID", "k1");
        env.put("NODE_ID", "11");
        env.put("org.springframework.boot.logging.LoggingSystem", "none");
        env.forEach(System::setProperty);
        tokens = new AccessTokens(
                JwtKeys.parse(KEYS, "k1"), "antipop", "antipop", Duration.ofMinutes(15), Clock.systemUTC());
    }

    @AfterAll
    static void closeClient() {
        dynamoDb.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A signed-in user: their id and token. */
    record User(String id, String token) {}

    static User user() {
        String id = Long.toString(users.incrementAndGet());
        return new User(id, tokens.issue(id, Set.of("customer")).accessToken());
    }

    static JsonNode invoke(String definition, String event) throws IOException {
        FunctionInvoker invoker = invokers.computeIfAbsent(definition, CatalogFunctionsIT::start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static synchronized FunctionInvoker start(String definition) {
        return new FunctionInvoker(definition);
    }

    /** The fixture {@code name} with its placeholders replaced; a null token removes the authorization header. */
    static String fixture(String name, User caller, Map<String, String> vars) throws IOException {
        String text = Files.readString(FIXTURES.resolve(name + ".json"));
        for (Map.Entry<String, String> var : vars.entrySet()) {
            text = text.replace("${" + var.getKey() + "}", var.getValue());
        }
        ObjectNode event = (ObjectNode) JSON.readTree(text);
        if (caller == null) {
            ((ObjectNode) event.get("headers")).remove("authorization");
        } else {
            ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + caller.token());
        }
        return JSON.writeValueAsString(event);
    }

    /** Sends a command through its route's fixture; {@code payload} (if given) replaces the fixture's. */
    static JsonNode command(String route, User caller, Map<String, String> vars, Map<String, Object> payload)
            throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(route, caller, vars));
        if (payload != null) {
            event.put("body", JSON.writeValueAsString(Map.of("payload", payload)));
        }
        return invoke(bean(route), JSON.writeValueAsString(event));
    }

    static JsonNode command(String route, User caller, Map<String, String> vars) throws IOException {
        return command(route, caller, vars, null);
    }

    /** A read route through its fixture, with extra query parameters. */
    static JsonNode query(String route, User caller, Map<String, String> vars, Map<String, String> query)
            throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(route, caller, vars));
        ObjectNode parameters = event.has("queryStringParameters")
                ? (ObjectNode) event.get("queryStringParameters")
                : event.putObject("queryStringParameters");
        query.forEach(parameters::put);
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

    static String code(JsonNode response) throws IOException {
        return body(response).at("/error/code").asText();
    }

    /** Asserts a 202 and returns its position. */
    static JsonNode accepted(JsonNode response) throws IOException {
        assertThat(status(response)).as(response.toString()).isEqualTo(202);
        return body(response).get("position");
    }

    static List<Map<String, AttributeValue>> events(String stream) {
        return dynamoDb.query(QueryRequest.builder()
                        .tableName(CatalogTables.EVENTS)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", "stream"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .consistentRead(true)
                        .build())
                .items();
    }

    static JsonNode data(Map<String, AttributeValue> event) throws IOException {
        return JSON.readTree(event.get("data").s());
    }

    /** Runs the catalog processor over every event of {@code stream} (a redelivery changes nothing). */
    static void process(String stream) throws IOException {
        JsonNode response = invoke("catalogProcessor", StreamRecords.insertEvent("CatalogEvents", events(stream)));
        assertThat(response.get("batchItemFailures")).as(response.toString()).isEmpty();
    }

    static String newBrand(User owner) throws IOException {
        String stream =
                accepted(command("create-brand", owner, Map.of())).get("stream").asText();
        process(stream);
        return stream.substring("brand-".length());
    }

    /** Invites {@code moderator} by id, has them accept, and projects it. */
    static void addModerator(String brandId, User owner, User moderator) throws IOException {
        accepted(command("invite-moderator", owner, Map.of(), Map.of("brandId", brandId, "userId", moderator.id())));
        List<Map<String, AttributeValue>> events = events("brand-" + brandId);
        String inviteId = data(events.get(events.size() - 1)).get("inviteId").asText();
        accepted(command("accept-moderator-invite", moderator, Map.of("BRAND_ID", brandId, "INVITE_ID", inviteId)));
        process("brand-" + brandId);
    }

    static String newProduct(String brandId, User member) throws IOException {
        String stream = accepted(command("create-product", member, Map.of("BRAND_ID", brandId)))
                .get("stream")
                .asText();
        return stream.substring("product-".length());
    }

    static String addVariant(String productId, User member, String sku) throws IOException {
        accepted(command(
                "add-variant",
                member,
                Map.of(),
                Map.of("productId", productId, "sku", sku, "price", Map.of("amount", 999, "currency", "EUR"))));
        List<Map<String, AttributeValue>> events = events("product-" + productId);
        return data(events.get(events.size() - 1)).get("variantId").asText();
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void theOwnerInvitesByEmailTheInviteeAcceptsAndBecomesAModerator() throws IOException {
        User owner = user();
        User invitee = user();
        User stranger = user();
        String brandId = newBrand(owner);
        Map<String, String> brand = Map.of("BRAND_ID", brandId);

        JsonNode unknown = command("invite-moderator", owner, brand);
        assertThat(status(unknown)).isEqualTo(400);
        assertThat(body(unknown).at("/error/fields/email").asText()).isEqualTo("is not a user's email");

        // The identity context's email claim, as CREATE_USER writes it.
        dynamoDb.putItem(r -> r.tableName(CatalogTables.UNIQUES)
                .item(Map.of(
                        "key", AttributeValue.fromS("email#wile@example.com"),
                        "stream", AttributeValue.fromS("user-" + invitee.id()))));
        assertThat(code(command("invite-moderator", stranger, brand))).isEqualTo("forbidden");
        JsonNode position = accepted(command("invite-moderator", owner, brand));
        Map<String, AttributeValue> invited = events("brand-" + brandId).get(1);
        assertThat(invited.get("type").s()).isEqualTo("catalog.moderator_invited");
        assertThat(invited.get("topic").s()).isEqualTo("brand." + brandId + ".events");
        assertThat(data(invited).get("userId").asText()).isEqualTo(invitee.id());
        String inviteId = data(invited).get("inviteId").asText();

        Map<String, String> invite = Map.of("BRAND_ID", brandId, "INVITE_ID", inviteId);
        assertThat(code(command("accept-moderator-invite", stranger, invite))).isEqualTo("forbidden");
        accepted(command("accept-moderator-invite", invitee, invite));
        process("brand-" + brandId);

        JsonNode read = query("get-brand", null, brand, Map.of("position", "brand-" + brandId + ":3"));
        assertThat(status(read)).isEqualTo(200);
        assertThat(body(read).get("moderators")).extracting(JsonNode::asText).containsExactly(invitee.id());
        assertThat(body(read).get("version").asLong()).isEqualTo(3);
        assertThat(position.get("version").asLong()).isEqualTo(2);

        assertThat(code(command("update-brand", invitee, brand)))
                .as("moderators manage products, not the brand")
                .isEqualTo("forbidden");
        accepted(command("update-brand", owner, brand));

        JsonNode listed = query("list-brands", user(), Map.of(), Map.of());
        assertThat(status(listed)).isEqualTo(200);
        assertThat(body(listed).get("items"))
                .extracting(b -> b.get("brandId").asText())
                .contains(brandId);
        assertThat(status(query("get-brand", null, Map.of("BRAND_ID", "12345"), Map.of())))
                .isEqualTo(404);
    }

    @Test
    void productsDraftsAreVisibleToTheTeamOnlyAndCursorsAreSigned() throws IOException {
        User owner = user();
        User moderator = user();
        User stranger = user();
        String brandId = newBrand(owner);
        addModerator(brandId, owner, moderator);

        assertThat(code(command("create-product", stranger, Map.of("BRAND_ID", brandId))))
                .isEqualTo("forbidden");
        String published = newProduct(brandId, moderator);
        String draft = newProduct(brandId, owner);
        addVariant(published, moderator, "SKU-1");

        JsonNode duplicate = command(
                "add-variant",
                owner,
                Map.of(),
                Map.of("productId", draft, "sku", "SKU-1", "price", Map.of("amount", 5, "currency", "EUR")));
        assertThat(status(duplicate)).isEqualTo(409);
        assertThat(body(duplicate).at("/error/fields/sku").asText()).isEqualTo("is already taken");
        JsonNode unpriced = command("publish-product", owner, Map.of("PRODUCT_ID", draft));
        assertThat(status(unpriced)).isEqualTo(409);
        assertThat(code(command("update-product", stranger, Map.of("PRODUCT_ID", published))))
                .isEqualTo("forbidden");

        JsonNode publish = accepted(command("publish-product", moderator, Map.of("PRODUCT_ID", published)));
        List<Map<String, AttributeValue>> productEvents = events("product-" + published);
        assertThat(productEvents.get(0).get("topic").s())
                .as("a draft's events stay on the brand topic")
                .isEqualTo("brand." + brandId + ".events");
        assertThat(productEvents.get(productEvents.size() - 1).get("topic").s())
                .isEqualTo("catalog.product." + published);
        process("product-" + published);
        process("product-" + draft);

        String position = "product-" + published + ":" + publish.get("version").asLong();
        Map<String, String> brand = Map.of("BRAND_ID", brandId);
        for (User outsider : new User[] {stranger, null}) {
            JsonNode page = query("list-products", outsider, brand, Map.of("position", position));
            assertThat(status(page)).isEqualTo(200);
            assertThat(body(page).get("items"))
                    .extracting(p -> p.get("productId").asText())
                    .containsExactly(published);
        }
        JsonNode team = body(query("list-products", owner, brand, Map.of()));
        assertThat(team.get("items"))
                .extracting(p -> p.get("productId").asText())
                .containsExactlyInAnyOrder(published, draft);
        JsonNode everyone = body(query("list-products", null, Map.of("BRAND_ID", ""), Map.of()));
        assertThat(everyone.get("items"))
                .extracting(p -> p.get("productId").asText())
                .contains(published)
                .doesNotContain(draft);

        JsonNode product = body(query("get-product", stranger, Map.of("PRODUCT_ID", published), Map.of()));
        assertThat(product.get("status").asText()).isEqualTo("published");
        assertThat(product.at("/variants/0/sku").asText()).isEqualTo("SKU-1");
        assertThat(product.at("/variants/0/price/amount").asLong()).isEqualTo(999);
        assertThat(product.get("version").asLong())
                .isEqualTo(publish.get("version").asLong());
        assertThat(status(query("get-product", stranger, Map.of("PRODUCT_ID", draft), Map.of())))
                .isEqualTo(404);
        assertThat(status(query("get-product", moderator, Map.of("PRODUCT_ID", draft), Map.of())))
                .isEqualTo(200);

        JsonNode first = body(query("list-products", owner, brand, Map.of("limit", "1")));
        assertThat(first.get("items")).hasSize(1);
        String cursor = first.get("cursor").asText();
        JsonNode second = body(query("list-products", owner, brand, Map.of("limit", "1", "cursor", cursor)));
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.at("/items/0/productId").asText())
                .isNotEqualTo(first.at("/items/0/productId").asText());

        String forged = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("{\"brandId\":\"" + brandId + "\",\"productId\":\"0\"}")
                                .getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));
        for (JsonNode refused : List.of(
                query("list-products", owner, brand, Map.of("cursor", forged)),
                query("list-products", owner, brand, Map.of("cursor", "not-a-cursor")),
                query("list-products", stranger, brand, Map.of("cursor", cursor)))) {
            assertThat(status(refused)).isEqualTo(400);
            assertThat(body(refused).at("/error/fields/cursor").asText()).isNotEmpty();
        }
    }

    @Test
    void fiftyConcurrentDecrementsOfAStockOfTwentyAcceptExactlyTwenty() throws Exception {
        User owner = user();
        String brandId = newBrand(owner);
        String productId = newProduct(brandId, owner);
        String variantId = addVariant(productId, owner, "RACE-1");
        accepted(command("adjust-inventory", owner, Map.of("PRODUCT_ID", productId, "VARIANT_ID", variantId)));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<JsonNode>> calls = new ArrayList<>();
            Map<String, Object> payload =
                    Map.of("productId", productId, "variantId", variantId, "delta", -1, "reason", "sold");
            for (int i = 0; i < 50; i++) {
                calls.add(() -> command("adjust-inventory", owner, Map.of(), payload));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<JsonNode> answer : pool.invokeAll(calls)) {
                statuses.add(status(answer.get()));
            }
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(20);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(30);
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, AttributeValue>> events = events("product-" + productId);
        assertThat(events)
                .filteredOn(e -> e.get("type").s().equals("catalog.inventory_adjusted"))
                .hasSize(21);
        assertThat(data(events.get(events.size() - 1)).get("stock").asLong()).isZero();
    }

    @Test
    void deletingABrandUnpublishesItsProductsAndWithdrawsItsTeam() throws IOException {
        User owner = user();
        User moderator = user();
        String brandId = newBrand(owner);
        addModerator(brandId, owner, moderator);
        String productId = newProduct(brandId, moderator);
        addVariant(productId, moderator, "GONE-1");
        accepted(command("publish-product", owner, Map.of("PRODUCT_ID", productId)));
        process("product-" + productId);

        accepted(command("delete-brand", owner, Map.of("BRAND_ID", brandId)));
        List<Map<String, AttributeValue>> brandEvents = events("brand-" + brandId);
        assertThat(brandEvents.subList(brandEvents.size() - 2, brandEvents.size()))
                .extracting(e -> e.get("type").s())
                .containsExactly("catalog.moderator_removed", "catalog.brand_deleted");
        process("brand-" + brandId);
        process("brand-" + brandId);

        List<Map<String, AttributeValue>> productEvents = events("product-" + productId);
        assertThat(productEvents)
                .as("the policy unpublished once, though the brand's events were delivered twice")
                .filteredOn(e -> e.get("type").s().equals("catalog.product_unpublished"))
                .hasSize(1);
        Map<String, AttributeValue> unpublished = productEvents.get(productEvents.size() - 1);
        assertThat(data(unpublished).get("reason").asText()).isEqualTo("brand_deleted");
        process("product-" + productId);

        assertThat(status(query("get-product", user(), Map.of("PRODUCT_ID", productId), Map.of())))
                .isEqualTo(404);
        assertThat(status(query("get-brand", null, Map.of("BRAND_ID", brandId), Map.of())))
                .isEqualTo(404);
        assertThat(code(command("create-product", owner, Map.of("BRAND_ID", brandId))))
                .as("the owner's membership was withdrawn")
                .isEqualTo("forbidden");
        assertThat(code(command("update-product", moderator, Map.of("PRODUCT_ID", productId))))
                .isEqualTo("forbidden");
    }

    /** One notification a policy sent. */
    record Sent(String userId, String kind, String sourceEventId, String title, JsonNode data) {}

    @Test
    void notificationPoliciesNotifyTheInviteeTheOwnerAndTheTeamButThePublisher() throws IOException {
        User owner = user();
        User moderator = user();
        User decliner = user();
        String brandId = newBrand(owner);
        addModerator(brandId, owner, moderator);
        accepted(command("invite-moderator", owner, Map.of(), Map.of("brandId", brandId, "userId", decliner.id())));
        List<Map<String, AttributeValue>> brandEvents = events("brand-" + brandId);
        String declinedInvite =
                data(brandEvents.get(brandEvents.size() - 1)).get("inviteId").asText();
        accepted(command(
                "decline-moderator-invite", decliner, Map.of("BRAND_ID", brandId, "INVITE_ID", declinedInvite)));
        String productId = newProduct(brandId, moderator);
        addVariant(productId, moderator, "NOTE-1");
        accepted(command("publish-product", moderator, Map.of("PRODUCT_ID", productId)));

        List<Sent> sent = new ArrayList<>();
        CatalogPolicies policies = new CatalogPolicies(
                new ProductsView(dynamoDb, CatalogTables.PRODUCTS),
                null, // brand_deleted is not among these events: no product command is issued
                new MembershipStore(dynamoDb, CatalogTables.MEMBERSHIPS),
                (userId, kind, source, title, data) -> sent.add(new Sent(userId, kind, source.eventId(), title, data)),
                () -> "1");
        List<EventEnvelope> all = new ArrayList<>();
        events("brand-" + brandId).forEach(item -> all.add(EventItems.fromItem(item)));
        events("product-" + productId).forEach(item -> all.add(EventItems.fromItem(item)));
        all.forEach(policies::react);

        EventEnvelope invited = all.stream()
                .filter(e -> e.type().equals("catalog.moderator_invited"))
                .findFirst()
                .orElseThrow();
        assertThat(sent)
                .extracting(Sent::userId, Sent::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(moderator.id(), "moderator_invited"),
                        org.assertj.core.groups.Tuple.tuple(owner.id(), "moderator_invite_accepted"),
                        org.assertj.core.groups.Tuple.tuple(decliner.id(), "moderator_invited"),
                        org.assertj.core.groups.Tuple.tuple(owner.id(), "moderator_invite_declined"),
                        org.assertj.core.groups.Tuple.tuple(owner.id(), "product_published"));
        assertThat(sent.get(0).sourceEventId()).isEqualTo(invited.eventId());
        assertThat(sent.get(0).data().get("brandId").asText()).isEqualTo(brandId);
        assertThat(sent.get(0).data().get("inviteId").asText())
                .isEqualTo(invited.data().get("inviteId").asText());
        assertThat(sent.get(4).data().get("productId").asText()).isEqualTo(productId);
        assertThat(sent).allSatisfy(n -> assertThat(n.title()).isNotBlank().hasSizeLessThanOrEqualTo(200));
    }

    @Test
    void aViewGetWaitsForItsPositionThenAnswers503WithRetryAfter() throws IOException {
        User owner = user();
        String brandId = newBrand(owner);
        JsonNode late =
                query("get-brand", owner, Map.of("BRAND_ID", brandId), Map.of("position", "brand-" + brandId + ":9"));
        assertThat(status(late)).isEqualTo(503);
        assertThat(late.at("/headers/retry-after").asText()).isEqualTo("1");
        JsonNode malformed = query("get-brand", owner, Map.of("BRAND_ID", brandId), Map.of("position", "nope"));
        assertThat(status(malformed)).isEqualTo(400);
    }
}
