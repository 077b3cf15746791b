package dev.antipop.local.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulation of one API Gateway HTTP API stage with Lambda proxy integrations (payload format 2.0), on Jetty 12.
 *
 * <p>Per request: strip the stage prefix (unless the stage is {@code $default}), select the route
 * ({@link HttpRouteTable}), build the event ({@link HttpApiEvent}), invoke the route's function and map its output
 * ({@link HttpApiResponse}). Every response carries {@code apigw-requestid}. Errors answer as API Gateway does:
 *
 * <ul>
 *   <li>no route: 404 {@code {"message":"Not Found"}};
 *   <li>body over 10 MB (HTTP API quota "Maximum payload size: 10 MB"): 413 {@code Request Entity Too Large};
 *   <li>function error, including a Lambda {@code Timeout} ({@code Sandbox.Timedout}): 500 {@code Internal Server
 *       Error};
 *   <li>no answer within the integration timeout (HTTP API quota "Maximum integration timeout: 30 seconds"): 503
 *       {@code {"message":"Service Unavailable"}}, what HTTP APIs answer then (unlike REST APIs' 504; see
 *       serverless/serverless#11222). The function keeps running.
 *   <li>a body that has not fully arrived within the integration timeout (a client trickling or stalling its upload):
 *       408 {@code {"message":"Request Timeout"}} and the connection is closed; the request could not be answered in
 *       time anyway, and it must not hold the server for longer ({@link RequestBodies});
 *   <li>with a CORS configuration ({@link CorsPolicy}): a preflight is answered 204 by the emulator itself, and
 *       responses to an allowed {@code Origin} carry the configured CORS headers;
 *   <li>anything Jetty refuses itself (an unparsable request line or URI, an ambiguous path, headers too large): its
 *       status with {@code {"message":"<reason phrase>"}} ({@link JsonErrorHandler}), never an HTML page.
 * </ul>
 */
public final class HttpApiEmulator implements AutoCloseable {

    /** HTTP API quota: maximum request payload size, 10 MB. */
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    /** HTTP API quota: maximum (and default) integration timeout, 30 seconds. */
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiEmulator.class);
    /** Jetty tasks (requests, selector work) in flight at most; each runs on its own virtual thread. */
    private static final int MAX_CONCURRENT_TASKS = 4_096;

    private final String apiId;
    private final String stage;
    private final String bindHost;
    private final int requestedPort;
    private final HttpRouteTable routes;
    private final Duration integrationTimeout;
    private final ScheduledExecutorService timeouts;
    private final CorsPolicy cors;
    private final Map<String, Supplier<byte[]>> localRoutes = new ConcurrentHashMap<>();

    private Server server;
    private ServerConnector connector;
    private LocalMount localMount;

    /**
     * @param apiId the API id written into events ({@code requestContext.apiId})
     * @param stage the stage: {@code $default} (no path prefix) or a name, then served under {@code /<stage>}
     * @param bindHost the address to listen on ({@code 127.0.0.1}, {@code 0.0.0.0})
     * @param port the port; 0 for an ephemeral one (see {@link #port()})
     * @param routes the routes; at most one {@code $default}
     */
    public HttpApiEmulator(String apiId, String stage, String bindHost, int port, List<HttpRoute> routes) {
        this(apiId, stage, bindHost, port, routes, INTEGRATION_TIMEOUT);
    }

    /**
     * As {@link #HttpApiEmulator(String, String, String, int, List)} with an integration timeout shorter than API
     * Gateway's 30 s (API Gateway lets a route's integration set 50 ms to 30 s).
     */
    public HttpApiEmulator(
            String apiId,
            String stage,
            String bindHost,
            int port,
            List<HttpRoute> routes,
            Duration integrationTimeout) {
        this(apiId, stage, bindHost, port, routes, integrationTimeout, null);
    }

    /**
     * As {@link #HttpApiEmulator(String, String, String, int, List, Duration)} with the API's CORS configuration.
     *
     * @param cors how to answer CORS, or {@code null} for an API without a CORS configuration (no preflight answers,
     *     CORS headers from functions passed through)
     */
    public HttpApiEmulator(
            String apiId,
            String stage,
            String bindHost,
            int port,
            List<HttpRoute> routes,
            Duration integrationTimeout,
            CorsPolicy cors) {
        this.cors = cors;
        this.apiId = Objects.requireNonNull(apiId, "apiId");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
        this.requestedPort = port;
        this.routes = new HttpRouteTable(routes);
        if (integrationTimeout.compareTo(Duration.ofMillis(50)) < 0
                || integrationTimeout.compareTo(INTEGRATION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "HTTP API integration timeout must be between 50 ms and 30 s, was " + integrationTimeout);
        }
        this.integrationTimeout = integrationTimeout;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "http-api-" + apiId + "-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // One timer per request, cancelled when the function answers: drop it from the queue then, not 30 s later.
        timers.setRemoveOnCancelPolicy(true);
        this.timeouts = timers;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound (in use, bad address)
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("HTTP API " + apiId + " is already started");
        }
        // Every Jetty task on a virtual thread (requests block on the function); bounded by a semaphore on
        // concurrent tasks, not by a number of platform threads.
        VirtualThreadPool threads = new VirtualThreadPool(MAX_CONCURRENT_TASKS);
        threads.setName("http-api-" + apiId);
        Server jetty = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        configuration.setSendXPoweredBy(false);
        // Jetty's per-connection header cache matches without regard to case by default: a header differing from the
        // previous request's only in case (a bearer token with one letter flipped) would reach the function as that
        // previous value. Header values are case-sensitive (RFC 9110 §5.5).
        configuration.setHeaderCacheCaseSensitive(true);
        ServerConnector http = new ServerConnector(jetty, new HttpConnectionFactory(configuration));
        http.setHost(bindHost);
        http.setPort(requestedPort);
        jetty.addConnector(http);
        jetty.setErrorHandler(new JsonErrorHandler());
        LocalMount mount =
                new LocalMount(new StageHandler(apiId, stage, routes, integrationTimeout, timeouts, cors, localRoutes));
        jetty.setHandler(mount);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new UncheckedIOException(new IOException(
                    "HTTP API " + apiId + " failed to start on " + bindHost + ":" + requestedPort + ": "
                            + e.getMessage(),
                    e));
        }
        this.server = jetty;
        this.connector = http;
        this.localMount = mount;
        LOG.info("HTTP API {} (stage {}) listening on http://{}:{}", apiId, stage, bindHost, http.getLocalPort());
    }

    /**
     * Serves a local-only JSON document at {@code GET /_local/<name>} (outside any stage; API Gateway has no such
     * path): the local cloud's health and console data.
     *
     * @param path the path, starting with {@code /_local/}
     * @param json produces the UTF-8 JSON body on each request
     * @throws IllegalArgumentException when the path is not under {@code /_local/}
     */
    public void localRoute(String path, Supplier<byte[]> json) {
        if (!path.startsWith(StageHandler.LOCAL_PREFIX)) {
            throw new IllegalArgumentException(path + " is not under " + StageHandler.LOCAL_PREFIX);
        }
        localRoutes.put(path, Objects.requireNonNull(json, "json"));
    }

    /**
     * Mounts a handler for requests under {@code /_local} (the local cloud's console, its pages and JSON), asked
     * before {@link #localRoute} documents and the API's routes; what it declines (returns {@code false}) goes on to
     * them. Outside the stage, so a named stage changes nothing there.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized void mountLocal(Handler handler) {
        if (localMount == null) {
            throw new IllegalStateException("HTTP API " + apiId + " is not started");
        }
        localMount.mount(handler);
    }

    /** The bound port (the ephemeral one when constructed with 0). */
    public int port() {
        if (connector == null) {
            throw new IllegalStateException("HTTP API " + apiId + " is not started");
        }
        return connector.getLocalPort();
    }

    /** Stops serving; in-flight invocations are abandoned. */
    @Override
    public synchronized void close() {
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
        timeouts.shutdownNow();
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping Jetty failed", e);
        }
    }
}
