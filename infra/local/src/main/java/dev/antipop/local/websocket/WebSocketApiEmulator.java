package dev.antipop.local.websocket;

import dev.antipop.local.http.ApiGatewayId;
import dev.antipop.local.http.JsonErrorHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulation of one API Gateway WebSocket API stage and its {@code @connections} management API, on one Jetty 12
 * port.
 *
 * <p><b>Connections.</b> A WebSocket upgrade at the stage path {@code /<stage>} (at {@code /} for the stage
 * {@code $default}) gets a connection id ({@link ApiGatewayId}) and invokes the {@code $connect} route: only a 2xx
 * {@code statusCode} completes the handshake; another status refuses it with that HTTP status, a function error with
 * 500. Without a {@code $connect} route every client is accepted. An upgrade at any other path is not a WebSocket
 * endpoint of the API: it gets 403 {@code {"message":"Forbidden"}} like any unknown path. No extension is negotiated:
 * API Gateway offers none, so a client offering {@code permessage-deflate} (browsers, the {@code ws} package) talks
 * uncompressed and the frame and message limits apply to what it sends.
 *
 * <p><b>Messages.</b> Each message's route key comes from the {@link RouteSelectionExpression}; a key without a route
 * (or no key) goes to {@code $default}; with no {@code $default} either the client gets {@code {"message":
 * "Forbidden","connectionId":..,"requestId":..}}. A failing integration sends {@code {"message":"Internal server
 * error",...}}. Binary messages arrive base64-encoded with {@code isBase64Encoded: true}. Messages of one connection
 * are invoked one after the other, in order. When the route {@code returnsResponse}, the function's response
 * {@code body} goes back as a message.
 *
 * <p><b>Disconnects.</b> After a connection is gone (client close, idle timeout, maximum duration, management
 * {@code DELETE}, server stop) the {@code $disconnect} route is invoked, best effort and asynchronously, with
 * {@code disconnectStatusCode} and {@code disconnectReason}.
 *
 * <p><b>Limits</b> ({@link WebSocketLimits}): a frame or message over the limit closes the connection with 1009; idle
 * and maximum duration close it with 1001 {@code Going away}. A client that stops reading is dropped with 1008
 * {@code Slow consumer} once a write to it stays blocked 250 ms or over 1 MB is queued for it, and posts to it answer
 * 410 within that bound ({@link OutgoingMessages}). Per connection the emulator holds no thread (Jetty tasks run on
 * virtual threads, timers share one scheduler) and a bounded queue.
 *
 * <p><b>Management API</b> (also under {@code /<stage>}; the id is URL-decoded). Every call needs SigV4
 * credentials, as API Gateway's IAM authorization does: an {@code Authorization: AWS4-HMAC-SHA256 Credential=…,
 * SignedHeaders=…, Signature=…} header (or a presigned URL's {@code X-Amz-Algorithm}, {@code X-Amz-Credential} and
 * {@code X-Amz-Signature}). The signature is not verified locally. Without them: 403 {@code {"message":"Missing
 * Authentication Token"}} ({@code MissingAuthenticationTokenException}); with an incomplete header: 403
 * {@code IncompleteSignatureException}. The AWS SDK clients always sign.
 *
 * <ul>
 *   <li>{@code POST /@connections/{id}}: sends the body as one text message (binary when not UTF-8) and answers 200
 *       once written; unknown or closed id: 410 {@code GoneException}; body over the message limit: 413
 *       {@code PayloadTooLargeException}; no body: 400 {@code BadRequestException};
 *   <li>{@code GET /@connections/{id}}: 200 {@code {"connectedAt":"<ISO-8601>","identity":{"sourceIp":..,
 *       "userAgent":..},"lastActiveAt":"<ISO-8601>"}}; unknown: 410;
 *   <li>{@code DELETE /@connections/{id}}: 204 and the connection closes (1000); unknown: 410;
 *   <li>anything else: 403 {@code {"message":"Forbidden"}}.
 * </ul>
 *
 * Whatever Jetty refuses itself (a bad request line or URI) is answered {@code {"message":"<reason phrase>"}}
 * ({@link JsonErrorHandler}); a POST body that has not arrived within 30 s gets 408 and the connection closes.
 *
 * Errors carry {@code x-amzn-ErrorType}, from which the AWS SDK's {@code ApiGatewayManagementApiClient} raises
 * {@code GoneException}, {@code PayloadTooLargeException}, {@code BadRequestException} and {@code ForbiddenException}.
 */
public final class WebSocketApiEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketApiEmulator.class);
    /** Jetty tasks (frames, upgrades, management calls) in flight at most; each on its own virtual thread. */
    private static final int MAX_CONCURRENT_TASKS = 16_384;

    /** SO_SNDBUF of every accepted connection. */
    private static final int SEND_BUFFER_BYTES = 256 * 1024;

    private final WebSocketApiSpec spec;
    private final String bindHost;
    private final int requestedPort;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final ScheduledExecutorService timers;
    private final ExecutorService disconnects;
    private final StageContext stage;

    private Server server;
    private ServerConnector connector;

    /**
     * @param spec the API
     * @param bindHost the address to listen on
     * @param port the port; 0 for an ephemeral one (see {@link #port()})
     * @throws IllegalArgumentException when the route selection expression is not supported
     */
    public WebSocketApiEmulator(WebSocketApiSpec spec, String bindHost, int port) {
        this.spec = spec;
        this.bindHost = bindHost;
        this.requestedPort = port;
        RouteSelectionExpression routeSelection = RouteSelectionExpression.parse(spec.routeSelectionExpression());
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("ws-api-" + spec.apiId() + "-timers"));
        // $disconnect invocations block on the function: one virtual thread each.
        this.disconnects = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .name("ws-api-" + spec.apiId() + "-disconnect-", 1)
                .factory());
        this.stage = new StageContext(spec, routeSelection, connections, timers, disconnects);
    }

    /**
     * Binds the port and starts serving connections and the management API.
     *
     * @throws UncheckedIOException when the port cannot be bound (in use, bad address)
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("WebSocket API " + spec.apiId() + " is already started");
        }
        // Every Jetty task on a virtual thread: connections and management posts block on functions and sockets.
        // The pool's bound is a semaphore on concurrent tasks, not a number of platform threads.
        VirtualThreadPool threads = new VirtualThreadPool(MAX_CONCURRENT_TASKS);
        threads.setName("ws-api-" + spec.apiId());
        Server jetty = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        // Header values are case-sensitive: see HttpApiEmulator (a ?token= lives in the URI, Authorization in a
        // header).
        configuration.setHeaderCacheCaseSensitive(true);
        ServerConnector http = new ServerConnector(jetty, new HttpConnectionFactory(configuration));
        http.setHost(bindHost);
        http.setPort(requestedPort);
        // The kernel's share of a connection's outbound queue: bounded, so that a client that stops reading holds
        // at most this (Linux doubles it) plus one message before its writes block and it is dropped
        // (OutgoingMessages: 1008 after 250 ms blocked).
        http.setAcceptedSendBufferSize(SEND_BUFFER_BYTES);
        jetty.addConnector(http);

        jetty.setErrorHandler(new JsonErrorHandler());

        // API Gateway negotiates no WebSocket extension. Jetty's registry offers permessage-deflate and others: drop
        // every one from this server's registry, so no upgrade can negotiate them (the registry is per server).
        WebSocketExtensionRegistry extensions =
                WebSocketServerComponents.ensureWebSocketComponents(jetty).getExtensionRegistry();
        for (String name : Set.copyOf(extensions.getAvailableExtensionNames())) {
            if (!name.startsWith("@")) { // "@..." are Jetty's internal, never-negotiated ones
                extensions.unregister(name);
            }
        }

        WebSocketLimits limits = spec.limits();
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxFrameSize(limits.maxFrameBytes());
            // Without this Jetty splits an oversized frame instead of failing it with 1009.
            container.setAutoFragment(false);
            container.setMaxTextMessageSize(limits.maxMessageBytes());
            container.setMaxBinaryMessageSize(limits.maxMessageBytes());
            // Idle and maximum duration are enforced by this class (1001 "Going away"); Jetty's own idle timeout only
            // backs them up.
            container.setIdleTimeout(limits.idleTimeout().plusMinutes(1));
            // Only the stage path upgrades: wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}.
            boolean defaultStage = spec.stage().isEmpty() || spec.stage().equals("$default");
            container.addMapping(defaultStage ? "/" : "/" + spec.stage(), new ConnectUpgrade(stage));
        });
        upgrades.setHandler(new ManagementApi(spec, connections));
        jetty.setHandler(upgrades);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new UncheckedIOException(new IOException(
                    "WebSocket API " + spec.apiId() + " failed to start on " + bindHost + ":" + requestedPort + ": "
                            + e.getMessage(),
                    e));
        }
        this.server = jetty;
        this.connector = http;
        LOG.info(
                "WebSocket API {} (stage {}) listening on ws://{}:{} (management API http://{}:{}/{}/@connections)",
                spec.apiId(),
                spec.stage(),
                bindHost,
                http.getLocalPort(),
                bindHost,
                http.getLocalPort(),
                spec.stage());
    }

    /** The bound port (the ephemeral one when constructed with 0). */
    public int port() {
        if (connector == null) {
            throw new IllegalStateException("WebSocket API " + spec.apiId() + " is not started");
        }
        return connector.getLocalPort();
    }

    /** The ids of the accepted connections, a snapshot (a just-accepted one may be a moment from open). */
    public Set<String> connectionIds() {
        return connections.ids();
    }

    /** How many connections are registered (accepted and not yet closed or dropped). */
    public int connectionCount() {
        return connections.size();
    }

    /** Closes every connection (each gets its {@code $disconnect}, best effort) and stops serving. */
    @Override
    public synchronized void close() {
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
        timers.shutdownNow();
        disconnects.shutdown();
        try {
            if (!disconnects.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("WebSocket API {}: $disconnect invocations still running at close", spec.apiId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping Jetty failed", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
