package dev.antipop.local.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.chaos.Chaos;
import dev.antipop.local.chaos.Fault;
import dev.antipop.local.http.RequestBodies;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/** {@code POST|GET|DELETE /@connections/{id}}, what {@code ApiGatewayManagementApiClient} calls. */
final class ManagementApi extends Handler.Abstract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTIONS = "/@connections/";

    /** How long a management POST's body may take to arrive (API Gateway's integration timeout). */
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(30);

    /** How long a management call waits for a connection whose handshake is answered but not yet open here. */
    private static final long OPEN_WAIT_MILLIS = 5_000;

    private final WebSocketApiSpec spec;
    private final ConnectionRegistry connections;
    private final Supplier<Chaos> chaos;

    ManagementApi(WebSocketApiSpec spec, ConnectionRegistry connections, Supplier<Chaos> chaos) {
        this.spec = spec;
        this.connections = connections;
        this.chaos = chaos;
    }

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
            refuse(request, response, callback, 403, "ForbiddenException", "\"Forbidden\"");
            return true;
        }
        String connectionId = path.substring(CONNECTIONS.length());
        String missing = SigV4Presence.missing(request);
        if (missing != null) {
            if (missing.isEmpty()) {
                refuse(
                        request,
                        response,
                        callback,
                        403,
                        "MissingAuthenticationTokenException",
                        "\"Missing Authentication Token\"");
            } else {
                refuse(
                        request,
                        response,
                        callback,
                        403,
                        "IncompleteSignatureException",
                        JSON.writeValueAsString(missing));
            }
            return true;
        }
        switch (request.getMethod()) {
            case "POST" -> post(request, response, callback, connectionId);
            case "GET" -> get(response, callback, connectionId);
            case "DELETE" -> delete(response, callback, connectionId);
            default -> refuse(request, response, callback, 403, "ForbiddenException", "\"Forbidden\"");
        }
        return true;
    }

    private void post(Request request, Response response, Callback callback, String connectionId) throws IOException {
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
        if (injectFault(response, callback, connection, session)) {
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

    /**
     * The chaos switch's faults of a post: 429 {@code LimitExceededException} (the error the API's model declares for
     * "more than the allowed number of requests per unit of time"; the SDK retries a 429 as throttling), or the
     * connection closed with 1001 and the post answered 410, as when a client goes away mid-fan-out.
     *
     * @return whether a fault was answered
     */
    private boolean injectFault(Response response, Callback callback, WebSocketConnection connection, Session session) {
        Chaos faults = chaos.get();
        if (!faults.enabled()) {
            return false;
        }
        String key = connection.connectionId + "#" + connection.managementPosts.incrementAndGet();
        String site = "WebSocketApi " + spec.apiId();
        if (faults.hits(Fault.THROTTLED_POST, site, key)) {
            error(response, callback, 429, "LimitExceededException", "\"Too Many Requests\"");
            return true;
        }
        if (faults.hits(Fault.GONE_POST, site, key)) {
            // Closed as a client going away: $disconnect runs as for any close.
            session.close(StatusCode.SHUTDOWN, "Going away", org.eclipse.jetty.websocket.api.Callback.NOOP);
            gone(response, callback);
            return true;
        }
        return false;
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
        info.put("lastActiveAt", Instant.ofEpochMilli(connection.lastActiveAt).toString());
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

    /**
     * {@link #error} for a request refused before its body was read. Jetty cannot keep a connection whose request body
     * is still arriving when the answer completes: it closes it after the answer, and a client that sends its next
     * request on it reads nothing ("header parser received no bytes", seen once in CI after a refused PUT). {@code
     * Connection: close} says so in the answer (RFC 9112 §9.6), so the client opens a new connection instead.
     */
    private void refuse(
            Request request, Response response, Callback callback, int status, String errorType, String message) {
        if (request.getLength() != 0) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        error(response, callback, status, errorType, message);
    }

    /** API Gateway's error shape; {@code message} is a JSON literal (a quoted string or {@code null}). */
    private void error(Response response, Callback callback, int status, String errorType, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("x-amzn-ErrorType", errorType);
        byte[] body = ("{\"message\":" + message + "}").getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
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
