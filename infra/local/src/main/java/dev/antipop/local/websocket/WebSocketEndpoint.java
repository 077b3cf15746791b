package dev.antipop.local.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.lambda.FunctionErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one connection; Jetty calls it one event at a time (demand follows each return). Public only
 * because Jetty binds listener methods through a public lookup; it has no use outside the emulator.
 */
public final class WebSocketEndpoint implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketConnection connection;
    private final WebSocketApiSpec spec;
    private final RouteSelectionExpression routeSelection;
    private final ConnectionRegistry connections;
    private final ScheduledExecutorService timers;
    private final ExecutorService disconnects;

    WebSocketEndpoint(StageContext stage, WebSocketConnection connection) {
        this.connection = connection;
        this.spec = stage.spec();
        this.routeSelection = stage.routeSelection();
        this.connections = stage.connections();
        this.timers = stage.timers();
        this.disconnects = stage.disconnects();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection.session = session;
        connection.outgoing = new OutgoingMessages(session, spec.limits().maxFrameBytes(), why -> {
            LOG.info("dropping {} (1008 Slow consumer): {}", connection.connectionId, why);
            // Released at once: posts racing the close see 410 without waiting for the socket to go.
            connections.remove(connection.connectionId, connection);
        });
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
        connections.remove(connection.connectionId, connection);
        if (!connection.disconnected.compareAndSet(false, true)) {
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
