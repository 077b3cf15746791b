package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRouteTableTest {

    private static HttpRoute route(String method, String path) {
        return new HttpRoute(method, path, new StubFunction(method + " " + path));
    }

    private static String selected(HttpRouteTable table, String method, String path) {
        return table.select(method, path).map(m -> m.route().routeKey()).orElse("none");
    }

    @Test
    void exactPathBeatsVariableBeatsGreedy() {
        HttpRouteTable table = new HttpRouteTable(List.of(
                route("GET", "/items/{proxy+}"),
                route("GET", "/items/{id}"),
                route("GET", "/items/special"),
                route("ANY", "$default")));

        assertThat(selected(table, "GET", "/items/special")).isEqualTo("GET /items/special");
        assertThat(selected(table, "GET", "/items/42")).isEqualTo("GET /items/{id}");
        assertThat(selected(table, "GET", "/items/42/parts/7")).isEqualTo("GET /items/{proxy+}");
        assertThat(selected(table, "GET", "/other")).isEqualTo("$default");
        assertThat(selected(table, "POST", "/items/special")).isEqualTo("$default");
    }

    @Test
    void methodSpecificBeatsAnyOnTheSamePath() {
        HttpRouteTable table =
                new HttpRouteTable(List.of(route("ANY", "/commands/{name}"), route("POST", "/commands/{name}")));

        assertThat(selected(table, "POST", "/commands/create-user")).isEqualTo("POST /commands/{name}");
        assertThat(selected(table, "DELETE", "/commands/create-user")).isEqualTo("ANY /commands/{name}");
    }

    @Test
    void pathParametersAreReturned() {
        HttpRouteTable table =
                new HttpRouteTable(List.of(route("POST", "/commands/{name}"), route("GET", "/files/{bucket}/{key+}")));

        assertThat(table.select("POST", "/commands/create-user").orElseThrow().pathParameters())
                .isEqualTo(Map.of("name", "create-user"));
        assertThat(table.select("GET", "/files/b1/a/b/c.txt").orElseThrow().pathParameters())
                .isEqualTo(Map.of("bucket", "b1", "key", "a/b/c.txt"));
    }

    @Test
    void literalEarlierWinsAmongVariableRoutesAndLongerGreedyPrefixWins() {
        HttpRouteTable table = new HttpRouteTable(List.of(
                route("GET", "/{a}/b"), route("GET", "/a/{b}"), route("GET", "/x/{p+}"), route("GET", "/x/y/{p+}")));

        assertThat(selected(table, "GET", "/a/b")).isEqualTo("GET /a/{b}");
        assertThat(selected(table, "GET", "/z/b")).isEqualTo("GET /{a}/b");
        assertThat(selected(table, "GET", "/x/y/z")).isEqualTo("GET /x/y/{p+}");
        assertThat(selected(table, "GET", "/x/q/z")).isEqualTo("GET /x/{p+}");
    }

    @Test
    void noMatchWithoutDefaultIsEmpty() {
        HttpRouteTable table = new HttpRouteTable(List.of(route("GET", "/a"), route("GET", "/g/{p+}")));

        assertThat(table.select("GET", "/b")).isEmpty();
        assertThat(table.select("GET", "/A")).as("case-sensitive").isEmpty();
        assertThat(table.select("GET", "/g")).as("greedy needs one segment").isEmpty();
        assertThat(table.select("GET", "/a/")).isEmpty();
    }

    @Test
    void malformedRoutesAreRejected() {
        assertThatThrownBy(() -> route("FETCH", "/a")).hasMessageContaining("method FETCH");
        assertThatThrownBy(() -> route("GET", "a")).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> new HttpRouteTable(List.of(route("GET", "/{p+}/x"))))
                .hasMessageContaining("greedy variable must be the last segment");
        assertThatThrownBy(() -> new HttpRouteTable(List.of(route("ANY", "$default"), route("GET", "$default"))))
                .hasMessageContaining("two $default");
    }
}
