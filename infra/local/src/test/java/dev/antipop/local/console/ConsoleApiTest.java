package dev.antipop.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.health.Health;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON endpoints without a running local cloud: routing, errors, descriptors, fixtures, replay input. */
class ConsoleApiTest {

    private static final ContextDescriptor SHOP = new ContextDescriptor(
            "shop",
            Object.class,
            "shopProcessor",
            List.of(
                    CommandSpec.roles(
                            "OPEN_SHOP",
                            Set.of("owner", "admin"),
                            "shop",
                            "Open a shop",
                            FieldSpec.string("name", true, 1, 80),
                            FieldSpec.oneOf("kind", false, "books", "games"),
                            FieldSpec.integer("shelves", false, 1, 50)),
                    CommandSpec.internal(
                            "CLOSE_SHOP", "shop", "Close a shop", FieldSpec.required("shopId", FieldSpec.Type.ID))),
            List.of(EventSpec.of("shop.shop_opened", "shop.{shopId}.events")),
            List.of(new StreamSpec("shop.{id}.events", "shop-{id}")),
            List.of(),
            List.of(),
            List.of(QuerySpec.get("/shops/{id}", "getShop", "One shop")));

    @TempDir
    Path root;

    private ConsoleApi api;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(root.resolve("events/http/shop"));
        Files.writeString(root.resolve("events/http/shop/open.json"), "{\"version\":\"2.0\",\"routeKey\":\"POST /x\"}");
        Files.writeString(root.resolve("secret.json"), "{\"secret\":true}");
        TableDefinition table = new TableDefinition(
                "ShopsTable",
                "stack-ShopsTable",
                List.of(new TableDefinition.Attribute("shopId", "S")),
                List.of(new TableDefinition.Key("shopId", "HASH")),
                List.of(),
                List.of(),
                null,
                null);
        api = new ConsoleApi(
                () -> ApiAnswer.JSON.createObjectNode().put("stack", "stack"),
                new ContextsJson(new Contexts(List.of(SHOP))),
                // No engine: these tests stop before any call to it.
                new TablesApi(null, List.of(table), Map.of()),
                new RuntimeJson(() -> new Health(Instant.EPOCH, 0, List.of(), List.of(), null), Map.of(), List::of),
                new ReplayApi(
                        Map.of(),
                        event -> {
                            throw new IllegalArgumentException("no HTTP API route POST /x");
                        },
                        root));
    }

    private ApiAnswer get(String path) {
        return api.answer("GET", path, Map.of(), new byte[0]);
    }

    private static void assertError(ApiAnswer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.body().path("ok").asBoolean(true)).isFalse();
        assertThat(answer.body().path("error").path("code").asText()).isEqualTo(code);
        assertThat(answer.body().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void unknownEndpointsAre404AndWrongMethods405() {
        assertError(get("nothing"), 404, "not_found");
        assertError(get("overview/more"), 404, "not_found");
        assertError(api.answer("POST", "overview", Map.of(), new byte[0]), 405, "method_not_allowed");
        assertError(get("replay"), 405, "method_not_allowed");
    }

    @Test
    void overviewIsWhatTheCloudSays() {
        assertThat(get("overview").body().path("stack").asText()).isEqualTo("stack");
    }

    @Test
    void contextsCarryEveryCommandWithTheRulesOfItsFields() {
        ApiAnswer answer = get("contexts");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode shop = answer.body().path("contexts").get(0);
        assertThat(shop.path("name").asText()).isEqualTo("shop");
        JsonNode open = shop.path("commands").get(0);
        assertThat(open.path("name").asText()).isEqualTo("OPEN_SHOP");
        assertThat(open.path("access").asText()).isEqualTo("authenticated");
        assertThat(open.path("roles").toString()).isEqualTo("[\"admin\",\"owner\"]");
        assertThat(open.path("route").asText()).isEqualTo("POST /commands/open-shop");
        assertThat(open.path("fields").toString())
                .isEqualTo(
                        "[{\"name\":\"name\",\"type\":\"string\",\"required\":true,\"min\":1,\"max\":80,\"values\":[]},"
                                + "{\"name\":\"kind\",\"type\":\"enum\",\"required\":false,\"min\":null,\"max\":null,"
                                + "\"values\":[\"books\",\"games\"]},"
                                + "{\"name\":\"shelves\",\"type\":\"integer\",\"required\":false,\"min\":1,\"max\":50,\"values\":[]}]");
        JsonNode close = shop.path("commands").get(1);
        assertThat(close.path("access").asText()).isEqualTo("internal");
        assertThat(close.path("route").isNull()).isTrue();
        assertThat(shop.path("events").get(0).path("topic").asText()).isEqualTo("shop.{shopId}.events");
        assertThat(shop.path("streams").get(0).path("stream").asText()).isEqualTo("shop-{id}");
        assertThat(shop.path("queries").get(0).path("path").asText()).isEqualTo("/shops/{id}");
    }

    @Test
    void itemsOfATableNotInTheTemplateAre404() {
        assertError(get("tables/other/items"), 404, "not_found");
    }

    @Test
    void badItemParametersAre400BeforeAnyRead() {
        assertError(
                api.answer("GET", "tables/stack-ShopsTable/items", Map.of("limit", "0"), new byte[0]),
                400,
                "validation_failed");
        assertError(
                api.answer("GET", "tables/stack-ShopsTable/items", Map.of("limit", "101"), new byte[0]),
                400,
                "validation_failed");
        assertError(
                api.answer("GET", "tables/stack-ShopsTable/items", Map.of("cursor", "bm90IGEgY3Vyc29y"), new byte[0]),
                400,
                "validation_failed");
        assertError(
                api.answer("GET", "tables/stack-ShopsTable/items", Map.of("index", "ByName"), new byte[0]),
                400,
                "validation_failed");
        // The table has no sort key.
        assertError(
                api.answer(
                        "GET",
                        "tables/stack-ShopsTable/items",
                        Map.of("partition", "1", "sortOp", "=", "sort", "a"),
                        new byte[0]),
                400,
                "validation_failed");
    }

    @Test
    void fixturesAreTheJsonFilesUnderEventsAndNothingElse() {
        assertThat(get("fixtures").body().path("fixtures").toString()).isEqualTo("[\"events/http/shop/open.json\"]");
        assertThat(get("fixtures/events/http/shop/open.json")
                        .body()
                        .path("routeKey")
                        .asText())
                .isEqualTo("POST /x");
        assertError(get("fixtures/secret.json"), 404, "not_found");
        assertError(get("fixtures/events/../secret.json"), 404, "not_found");
        assertError(get("fixtures/events%2F..%2Fsecret.json"), 404, "not_found");
    }

    @Test
    void replayRefusesWhatIsNoEventOrHasNoFunction() {
        assertError(replay("{\"version\":"), 400, "malformed_json");
        assertError(replay("[1,2]"), 400, "malformed_json");
        ApiAnswer noRoute = replay("{\"version\":\"2.0\",\"routeKey\":\"POST /x\"}");
        assertError(noRoute, 400, "validation_failed");
        assertThat(noRoute.body().path("error").path("message").asText()).isEqualTo("no HTTP API route POST /x");
        assertError(
                api.answer("POST", "replay", Map.of("function", "Nope"), "{}".getBytes(StandardCharsets.UTF_8)),
                404,
                "not_found");
    }

    @Test
    void healthIsTheLocalCloudsReportPlusSkippedBatches() {
        JsonNode health = get("health").body();
        assertThat(health.path("generatedAt").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(health.path("mappings").isArray()).isTrue();
        assertThat(health.path("chaos").isNull()).isTrue();
        assertThat(health.path("onFailureRecords").isArray()).isTrue();
        assertThat(get("functions").body().path("functions").isEmpty()).isTrue();
    }

    private ApiAnswer replay(String body) {
        return api.answer("POST", "replay", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
