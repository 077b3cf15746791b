package dev.antipop.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.Main;
import dev.antipop.local.http.HttpApiEmulator;
import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.runtime.context.Contexts;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local cloud's console: a single page (plain HTML, CSS and JavaScript modules, no build) and its JSON endpoints,
 * served at {@code http://<host>:<port>/_local/} on the first HTTP API's port, so the page reaches the API's routes
 * ({@code /auth/register}, {@code POST /command}) from its own origin. It is part of the local cloud only: nothing of
 * it is in the template, and {@code --no-console} leaves it out.
 *
 * <p>{@code GET /_local/api/overview}: {@code {"stack","region","template","startMs","httpApi":{"logicalId","stage",
 * "base"},"webSocket":{"logicalId","url"},"dynamoDb","console","routes":[{"method","path","function"}]}} ({@code base}
 * is the stage path, empty for {@code $default}; {@code webSocket} null when the template has no WebSocket API).
 */
public final class Console {

    private final URI url;

    private Console(URI url) {
        this.url = url;
    }

    /**
     * Mounts the console on {@code emulator} (the first HTTP API's) for {@code cloud}.
     *
     * @return the console, with its URL
     */
    public static Console mount(LocalCloud cloud, HttpApiEmulator emulator) {
        String host = cloud.options().bindHost();
        URI url = URI.create(
                "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + emulator.port() + "/_local/");
        Path templateDirectory = cloud.options().template().toAbsolutePath().getParent();
        Contexts contexts = Contexts.onClasspath();
        Map<String, Set<String>> sensitive = new HashMap<>();
        contexts.all().forEach(c -> c.events().forEach(e -> sensitive.put(e.type(), e.sensitiveFields())));
        ConsoleApi api = new ConsoleApi(
                () -> overview(cloud, url),
                new ContextsJson(contexts),
                new TablesApi(cloud.dynamoDb().client(), cloud.tables(), sensitive),
                new RuntimeJson(cloud::health, cloud.functions(), cloud::onFailureRecords),
                new ReplayApi(cloud.functions(), event -> Main.replayTargets(cloud, event), templateDirectory));
        List<String> webSocketOrigins = cloud.webSocketApis().stream()
                .map(ws -> ws.endpoint().getScheme() + "://" + ws.endpoint().getAuthority())
                .toList();
        emulator.mountLocal(new ConsoleHandler(api, new StaticAssets(), host, webSocketOrigins));
        return new Console(url);
    }

    /** Where the console is: {@code http://<host>:<port>/_local/}. */
    public URI url() {
        return url;
    }

    private static ObjectNode overview(LocalCloud cloud, URI url) {
        ObjectNode body = ApiAnswer.JSON.createObjectNode();
        body.put("stack", cloud.stack().stackName());
        body.put("region", cloud.stack().region());
        body.put("template", cloud.options().template().toString());
        body.put(
                "startMs",
                cloud.startDuration() == null ? null : cloud.startDuration().toMillis());
        LocalCloud.HttpApi http = cloud.httpApis().get(0);
        ObjectNode httpApi = body.putObject("httpApi");
        httpApi.put("logicalId", http.definition().logicalId());
        httpApi.put("stage", http.definition().stageName());
        httpApi.put("base", http.endpoint().getPath());
        if (cloud.webSocketApis().isEmpty()) {
            body.putNull("webSocket");
        } else {
            LocalCloud.WebSocketApi ws = cloud.webSocketApis().get(0);
            body.putObject("webSocket")
                    .put("logicalId", ws.definition().logicalId())
                    .put("url", ws.endpoint().toString());
        }
        body.put("dynamoDb", cloud.dynamoDbEndpoint().toString());
        body.put("console", url.toString());
        ArrayNode routes = body.putArray("routes");
        for (HttpApiDefinition.Route route : http.definition().routes()) {
            var function = cloud.functions().get(route.functionLogicalId());
            routes.addObject()
                    .put("method", route.method() == null ? "$default" : route.method())
                    .put("path", route.path())
                    .put("function", function == null ? route.functionLogicalId() : function.functionName());
        }
        return body;
    }
}
