package dev.antipop.local.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.http.ApiGatewayId;
import dev.antipop.local.http.JsonErrorHandler;
import dev.antipop.local.http.RequestBodies;
import dev.antipop.local.lambda.FunctionErrorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
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
 * and maximum duration close it with 1001 {@code Going away}.
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTIONS = "/@connections/";

    /** How long a management POST's body may take to arrive (API Gateway's integration timeout). */
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(30);

    /** How long a management call waits for a connection whose handshake is answered but not yet open here. */
    private static final long OPEN_WAIT_MILLIS = 5_000;

    private final WebSocketApiSpec spec;
    private final String bindHost;
    private final int requestedPort;
    private final RouteSelectionExpression routeSelection;
    private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService disconnects;

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
        this.routeSelection = RouteSelectionExpression.parse(spec.routeSelectionExpression());
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("ws-api-" + spec.apiId() + "-timers"));
        // $disconnect invocations block on the function: one virtual thread each.
        this.disconnects = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .name("ws-api-" + spec.apiId() + "-disconnect-", 1)
                .factory());
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
            container.addMapping(defaultStage ? "/" : "/" + spec.stage(), this::upgrade);
        });
        upgrades.setHandler(new ManagementApi());
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
        return Set.copyOf(connections.keySet());
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

    // ---------------------------------------------------------------- handshake ($connect)

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        long now = System.currentTimeMillis();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        String sourceIp = Request.getRemoteAddr(request);
        String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
        String host = request.getHeaders().get(HttpHeader.HOST);
        headers.computeIfAbsent("X-Forwarded-For", name -> new ArrayList<>()).add(sourceIp);
        headers.putIfAbsent("X-Forwarded-Port", List.of(String.valueOf(Request.getLocalPort(request))));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        WebSocketConnection connection = new WebSocketConnection(
                ApiGatewayId.next(), now, sourceIp, userAgent == null ? "" : userAgent, host == null ? "" : host);

        WebSocketRoute route = spec.routes().get(WebSocketRoute.CONNECT);
        if (route != null) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field field : fields) {
                query.put(field.getName(), field.getValues());
            }
            int status;
            try {
                byte[] output = route.target().invoke(WebSocketEvent.connect(spec, connection, headers, query, now));
                status = statusCode(output);
            } catch (FunctionErrorException e) {
                status = 500;
            } catch (RuntimeException e) {
                LOG.error("$connect of {} failed", connection.connectionId, e);
                status = 500;
            }
            if (status < 200 || status > 299) {
                LOG.debug("$connect refused {} with {}", connection.connectionId, status);
                response.setStatus(status);
                // JSON like every other answer of API Gateway: {"message":"Unauthorized"} for a 401.
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(JsonErrorHandler.body(status)), callback);
                return null;
            }
        }
        // Registered before the 101 goes out, so a post racing the server-side open waits instead of seeing 410.
        connections.put(connection.connectionId, connection);
        return new Endpoint(connection);
    }

    /** The {@code statusCode} of a proxy integration's output; 200 when the output has none, 500 when not JSON. */
    private static int statusCode(byte[] output) {
        if (output.length == 0) {
            return 200;
        }
        try {
            JsonNode root = JSON.readTree(output);
            if (root != null && root.isObject() && root.has("statusCode")) {
                return root.get("statusCode").asInt(500);
            }
            return 200;
        } catch (IOException notJson) {
            return 500;
        }
    }

    // ---------------------------------------------------------------- messages and $disconnect

    /**
     * The server side of one connection; Jetty calls it one event at a time (demand follows each return). Public only
     * because Jetty binds listener methods through a public lookup; it has no use outside the emulator.
     */
    public final class Endpoint implements Session.Listener.AutoDemanding {

        private final WebSocketConnection connection;

        Endpoint(WebSocketConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            connection.session = session;
            connection.outgoing = new OutgoingMessages(session, spec.limits().maxFrameBytes());
            connection.touch();
            connections.put(connection.connectionId, connection);
            connection.opened.complete(session);
            WebSocketLimits limits = spec.limits();
            try {
                scheduleIdleCheck(limits.idleTimeout().toMillis());
                connection.maxDurationClose = timers.schedule(
                        () -> closeGoingAway("maximum connection duration"),
                        limits.maxConnectionDuration().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                session.close(StatusCode.SHUTDOWN, "Going away", org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }

        private void scheduleIdleCheck(long delayMillis) {
            connection.idleCheck = timers.schedule(this::checkIdle, delayMillis, TimeUnit.MILLISECONDS);
        }

        private void checkIdle() {
            long idleFor = System.currentTimeMillis() - connection.lastActiveAt;
            long limit = spec.limits().idleTimeout().toMillis();
            if (idleFor >= limit) {
                closeGoingAway("idle timeout");
            } else {
                scheduleIdleCheck(limit - idleFor);
            }
        }

        private void closeGoingAway(String why) {
            Session session = connection.session;
            if (session != null && session.isOpen()) {
                LOG.debug("closing {}: {}", connection.connectionId, why);
                session.close(StatusCode.SHUTDOWN, "Going away", org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketText(String message) {
            connection.touch();
            dispatch(message, false);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            connection.touch();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            callback.succeed();
            dispatch(Base64.getEncoder().encodeToString(bytes), true);
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            connection.touch();
        }

        private void dispatch(String body, boolean isBase64Encoded) {
            // A binary message is routed like a text one: its (base64) body is not JSON, so it selects $default.
            Optional<String> selected = isBase64Encoded ? Optional.empty() : routeSelection.select(body);
            WebSocketRoute route = selected.map(spec.routes()::get)
                    .filter(found -> !found.routeKey().equals(WebSocketRoute.CONNECT)
                            && !found.routeKey().equals(WebSocketRoute.DISCONNECT))
                    .orElse(spec.routes().get(WebSocketRoute.DEFAULT));
            if (route == null) {
                send(WebSocketEvent.errorMessage("Forbidden", connection.connectionId));
                return;
            }
            byte[] event = WebSocketEvent.message(
                    spec, connection, route.routeKey(), body, isBase64Encoded, System.currentTimeMillis());
            byte[] output;
            try {
                output = route.target().invoke(event);
            } catch (FunctionErrorException e) {
                send(WebSocketEvent.errorMessage("Internal server error", connection.connectionId));
                return;
            } catch (RuntimeException e) {
                LOG.error("route {} of {} failed", route.routeKey(), connection.connectionId, e);
                send(WebSocketEvent.errorMessage("Internal server error", connection.connectionId));
                return;
            }
            if (route.returnsResponse()) {
                sendRouteResponse(output);
            }
        }

        /** Sends the integration response's {@code body} (base64-decoded when flagged), or the output itself. */
        private void sendRouteResponse(byte[] output) {
            if (output.length == 0) {
                return;
            }
            JsonNode root;
            try {
                root = JSON.readTree(output);
            } catch (IOException notJson) {
                root = null;
            }
            if (root != null && root.isObject() && root.has("statusCode")) {
                JsonNode body = root.get("body");
                if (body == null || body.isNull()) {
                    return;
                }
                if (root.path("isBase64Encoded").asBoolean(false)) {
                    sendBinary(Base64.getDecoder().decode(body.asText()));
                } else {
                    send(body.asText());
                }
            } else if (root == null || !root.isNull()) {
                send(new String(output, StandardCharsets.UTF_8));
            }
        }

        private void send(String text) {
            connection.touch();
            try {
                connection.outgoing.sendText(text);
            } catch (IOException e) {
                LOG.debug("response to {} not sent: {}", connection.connectionId, e.getMessage());
            }
        }

        private void sendBinary(byte[] bytes) {
            connection.touch();
            try {
                connection.outgoing.sendBinary(bytes);
            } catch (IOException e) {
                LOG.debug("response to {} not sent: {}", connection.connectionId, e.getMessage());
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            LOG.debug("connection {} failed: {}", connection.connectionId, cause.toString());
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            connection.cancelTimers();
            connection.opened.completeExceptionally(new IllegalStateException("closed"));
            if (connections.remove(connection.connectionId) == null) {
                return;
            }
            WebSocketRoute route = spec.routes().get(WebSocketRoute.DISCONNECT);
            if (route == null) {
                return;
            }
            byte[] event = WebSocketEvent.disconnect(spec, connection, statusCode, reason, System.currentTimeMillis());
            try {
                disconnects.execute(() -> {
                    try {
                        route.target().invoke(event);
                    } catch (FunctionErrorException e) {
                        LOG.warn("$disconnect of {} failed: {}", connection.connectionId, e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.error("$disconnect of {} failed", connection.connectionId, e);
                    }
                });
            } catch (RejectedExecutionException stopped) {
                LOG.warn("$disconnect of {} skipped: the WebSocket API is stopping", connection.connectionId);
            }
        }
    }

    // ---------------------------------------------------------------- management API

    /** {@code POST|GET|DELETE /@connections/{id}}, what {@code ApiGatewayManagementApiClient} calls. */
    private final class ManagementApi extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getDecodedPath();
            String stagePrefix = "/" + spec.stage();
            if (path != null && path.startsWith(stagePrefix + CONNECTIONS)) {
                path = path.substring(stagePrefix.length());
            }
            if (path == null
                    || !path.startsWith(CONNECTIONS)
                    || path.length() == CONNECTIONS.length()
                    || path.indexOf('/', CONNECTIONS.length()) >= 0) {
                error(response, callback, 403, "ForbiddenException", "\"Forbidden\"");
                return true;
            }
            String connectionId = path.substring(CONNECTIONS.length());
            String missing = SigV4Presence.missing(request);
            if (missing != null) {
                if (missing.isEmpty()) {
                    error(
                            response,
                            callback,
                            403,
                            "MissingAuthenticationTokenException",
                            "\"Missing Authentication Token\"");
                } else {
                    error(response, callback, 403, "IncompleteSignatureException", JSON.writeValueAsString(missing));
                }
                return true;
            }
            switch (request.getMethod()) {
                case "POST" -> post(request, response, callback, connectionId);
                case "GET" -> get(response, callback, connectionId);
                case "DELETE" -> delete(response, callback, connectionId);
                default -> error(response, callback, 403, "ForbiddenException", "\"Forbidden\"");
            }
            return true;
        }

        private void post(Request request, Response response, Callback callback, String connectionId)
                throws IOException {
            int limit = spec.limits().maxMessageBytes();
            if (request.getLength() > limit) {
                error(response, callback, 413, "PayloadTooLargeException", "\"Message too long\"");
                return;
            }
            RequestBodies.Body read;
            try {
                read = RequestBodies.read(request, limit, BODY_DEADLINE);
            } catch (RequestBodies.TooSlowException e) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                error(response, callback, 408, "RequestTimeoutException", "\"Request Timeout\"");
                return;
            }
            if (read.tooLarge()) {
                error(response, callback, 413, "PayloadTooLargeException", "\"Message too long\"");
                return;
            }
            byte[] data = read.bytes();
            if (data.length == 0) {
                error(response, callback, 400, "BadRequestException", "\"Invalid request body\"");
                return;
            }
            WebSocketConnection connection = connections.get(connectionId);
            Session session = openSession(connection);
            if (session == null) {
                gone(response, callback);
                return;
            }
            connection.touch();
            try {
                String text = utf8(data);
                if (text != null) {
                    connection.outgoing.sendText(text);
                } else {
                    connection.outgoing.sendBinary(data);
                }
            } catch (IOException e) {
                gone(response, callback);
                return;
            }
            response.setStatus(200);
            response.write(true, ByteBuffer.allocate(0), callback);
        }

        private void get(Response response, Callback callback, String connectionId) {
            WebSocketConnection connection = connections.get(connectionId);
            if (openSession(connection) == null) {
                gone(response, callback);
                return;
            }
            ObjectNode info = JSON.createObjectNode();
            info.put("connectedAt", Instant.ofEpochMilli(connection.connectedAt).toString());
            ObjectNode identity = info.putObject("identity");
            identity.put("sourceIp", connection.sourceIp);
            identity.put("userAgent", connection.userAgent);
            info.put(
                    "lastActiveAt",
                    Instant.ofEpochMilli(connection.lastActiveAt).toString());
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(info.toString().getBytes(StandardCharsets.UTF_8)), callback);
        }

        private void delete(Response response, Callback callback, String connectionId) {
            WebSocketConnection connection = connections.get(connectionId);
            Session session = openSession(connection);
            if (session == null) {
                gone(response, callback);
                return;
            }
            session.close(StatusCode.NORMAL, "", org.eclipse.jetty.websocket.api.Callback.NOOP);
            response.setStatus(204);
            response.write(true, ByteBuffer.allocate(0), callback);
        }

        /** The connection's open session, or null (unknown, closed, or a handshake that never completed). */
        private Session openSession(WebSocketConnection connection) {
            if (connection == null) {
                return null;
            }
            Session session = connection.awaitOpenSession(OPEN_WAIT_MILLIS);
            if (session == null && !connection.opened.isDone()) {
                connections.remove(connection.connectionId, connection); // accepted, but the upgrade never finished
            }
            return session;
        }

        private void gone(Response response, Callback callback) {
            error(response, callback, 410, "GoneException", "null");
        }

        /** API Gateway's error shape; {@code message} is a JSON literal (a quoted string or {@code null}). */
        private void error(Response response, Callback callback, int status, String errorType, String message) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put("x-amzn-ErrorType", errorType);
            byte[] body = ("{\"message\":" + message + "}").getBytes(StandardCharsets.UTF_8);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    /** The text when the bytes are valid UTF-8, else null (then they go out as a binary message). */
    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
