package dev.antipop.local.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.http.ApiGatewayId;
import dev.antipop.local.http.JsonErrorHandler;
import dev.antipop.local.lambda.FunctionErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake at the stage path: gives the connection its id, builds the {@code $connect} event and lets the
 * {@code $connect} route decide. A 2xx {@code statusCode} (or no {@code $connect} route) completes the upgrade with a
 * {@link WebSocketEndpoint}; another status refuses it with that HTTP status and API Gateway's JSON body, a function
 * error with 500.
 */
final class ConnectUpgrade implements WebSocketCreator {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectUpgrade.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StageContext stage;
    private final WebSocketApiSpec spec;
    private final ConnectionRegistry connections;

    ConnectUpgrade(StageContext stage) {
        this.stage = stage;
        this.spec = stage.spec();
        this.connections = stage.connections();
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
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
        return new WebSocketEndpoint(stage, connection);
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
}
