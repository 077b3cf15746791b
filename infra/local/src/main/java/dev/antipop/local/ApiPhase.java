package dev.antipop.local;

import dev.antipop.local.http.CorsPolicy;
import dev.antipop.local.http.HttpApiEmulator;
import dev.antipop.local.http.HttpRoute;
import dev.antipop.local.template.DeploymentFacts;
import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.local.template.WebSocketApiDefinition;
import dev.antipop.local.websocket.WebSocketApiEmulator;
import dev.antipop.local.websocket.WebSocketApiSpec;
import dev.antipop.local.websocket.WebSocketRoute;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The third start phase: one HTTP API emulator per HTTP API and one WebSocket API emulator per WebSocket API, each on
 * the next port after the first one the options give (or an ephemeral one). Routes point at {@link DeferredInvoker}s,
 * bound once the functions exist.
 *
 * @param httpApis the started HTTP APIs, in template order
 * @param webSocketApis the started WebSocket APIs, in template order
 * @param httpEmulators the HTTP API emulators, in the same order
 * @param webSocketEmulators the WebSocket API emulators, in the same order
 * @param facts the deployment facts plus every API's local endpoint
 * @param invokers the route targets by function logical id
 */
record ApiPhase(
        List<LocalCloud.HttpApi> httpApis,
        List<LocalCloud.WebSocketApi> webSocketApis,
        List<HttpApiEmulator> httpEmulators,
        List<WebSocketApiEmulator> webSocketEmulators,
        DeploymentFacts facts,
        Map<String, DeferredInvoker> invokers) {

    /**
     * Starts every emulator (each pushed onto {@code started}).
     *
     * @throws LocalCloudException when a port is in use or a server cannot start
     */
    static ApiPhase start(
            LocalCloud.Options options, DeploymentPlan plan, DeploymentFacts known, Deque<AutoCloseable> started) {
        Map<String, DeferredInvoker> invokers = new HashMap<>();
        DeploymentFacts facts = known;
        List<LocalCloud.HttpApi> httpApis = new ArrayList<>();
        List<HttpApiEmulator> httpEmulators = new ArrayList<>();
        int httpPort = options.httpPort();
        for (HttpApiDefinition api : plan.httpApis()) {
            List<HttpRoute> routes = new ArrayList<>();
            for (HttpApiDefinition.Route route : api.routes()) {
                routes.add(new HttpRoute(
                        route.method(),
                        route.path(),
                        invokers.computeIfAbsent(route.functionLogicalId(), DeferredInvoker::new)));
            }
            HttpApiDefinition.Cors cors = api.cors();
            HttpApiEmulator emulator = new HttpApiEmulator(
                    api.apiId(),
                    api.stageName(),
                    options.bindHost(),
                    httpPort,
                    routes,
                    HttpApiEmulator.INTEGRATION_TIMEOUT,
                    cors == null
                            ? null
                            : new CorsPolicy(
                                    cors.allowOrigins(),
                                    cors.allowHeaders(),
                                    cors.allowMethods(),
                                    cors.exposeHeaders(),
                                    cors.maxAgeSeconds(),
                                    cors.allowCredentials()));
            startServer("HTTP API " + api.logicalId(), httpPort, "--port-http", emulator::start);
            started.push(emulator);
            httpEmulators.add(emulator);
            String base = "http://" + options.bindHost() + ":" + emulator.port();
            facts = facts.withApiEndpoint(api.logicalId(), base);
            String stagePath = api.stageName().equals("$default") ? "" : "/" + api.stageName();
            httpApis.add(new LocalCloud.HttpApi(api, URI.create(base + stagePath)));
            httpPort = httpPort == 0 ? 0 : httpPort + 1;
        }
        List<LocalCloud.WebSocketApi> webSocketApis = new ArrayList<>();
        List<WebSocketApiEmulator> webSocketEmulators = new ArrayList<>();
        int webSocketPort = options.webSocketPort();
        for (WebSocketApiDefinition api : plan.webSocketApis()) {
            Map<String, WebSocketRoute> routes = new LinkedHashMap<>();
            for (WebSocketApiDefinition.Route route : api.routes()) {
                routes.put(
                        route.routeKey(),
                        new WebSocketRoute(
                                route.routeKey(),
                                invokers.computeIfAbsent(route.functionLogicalId(), DeferredInvoker::new),
                                route.returnsResponse()));
            }
            WebSocketApiEmulator emulator = new WebSocketApiEmulator(
                    new WebSocketApiSpec(
                            api.apiId(),
                            api.stageName(),
                            api.routeSelectionExpression(),
                            routes,
                            options.webSocketLimits()),
                    options.bindHost(),
                    webSocketPort);
            startServer("WebSocket API " + api.logicalId(), webSocketPort, "--port-ws", emulator::start);
            started.push(emulator);
            webSocketEmulators.add(emulator);
            String authority = options.bindHost() + ":" + emulator.port();
            facts = facts.withApiEndpoint(api.logicalId(), "http://" + authority);
            webSocketApis.add(new LocalCloud.WebSocketApi(
                    api,
                    URI.create("ws://" + authority + "/" + api.stageName()),
                    URI.create("http://" + authority + "/" + api.stageName())));
            webSocketPort = webSocketPort == 0 ? 0 : webSocketPort + 1;
        }
        return new ApiPhase(
                List.copyOf(httpApis),
                List.copyOf(webSocketApis),
                List.copyOf(httpEmulators),
                List.copyOf(webSocketEmulators),
                facts,
                Map.copyOf(invokers));
    }

    private static void startServer(String what, int port, String option, Runnable start) {
        try {
            start.run();
        } catch (UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new LocalCloudException(
                            what + ": port " + port + " is in use (choose another with " + option + ")", e);
                }
            }
            throw new LocalCloudException(what + " cannot start: " + e.getMessage(), e);
        }
    }
}
