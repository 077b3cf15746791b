package dev.antipop.local.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.http.ApiGatewayId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the events an API Gateway WebSocket API sends to Lambda proxy integrations (the JSON behind
 * {@code APIGatewayV2WebSocketEvent}; "Setting up WebSocket API integrations"):
 *
 * <pre>{@code
 * {"headers":{...},"multiValueHeaders":{...},                        // $connect and $disconnect only
 *  "queryStringParameters":{...},"multiValueQueryStringParameters":{...}, // $connect only, when present
 *  "requestContext":{"routeKey":"$default","messageId":"...",          // messageId: MESSAGE only
 *    "eventType":"CONNECT|MESSAGE|DISCONNECT","extendedRequestId":"...","requestTime":"22/Nov/2026:19:00:00 +0000",
 *    "messageDirection":"IN","stage":"local","connectedAt":1795374000000,"requestTimeEpoch":1795374000123,
 *    "identity":{"sourceIp":"127.0.0.1","userAgent":"..."},"requestId":"...","domainName":"localhost:3001",
 *    "connectionId":"L0SM9cOFvHcCIhw=","apiId":"local",
 *    "disconnectStatusCode":1000,"disconnectReason":"..."},             // DISCONNECT only
 *  "body":"...","isBase64Encoded":false}                                // body: MESSAGE only
 * }</pre>
 *
 * Header names keep the client's case (WebSocket APIs use the 1.0-style maps); single-value maps hold the last value.
 */
final class WebSocketEvent {

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebSocketEvent() {}

    /** The {@code $connect} event with the handshake's headers and query parameters. */
    static byte[] connect(
            WebSocketApiSpec api,
            WebSocketConnection connection,
            Map<String, List<String>> headers,
            Map<String, List<String>> query,
            long now) {
        ObjectNode event = JSON.createObjectNode();
        putMultiValue(event, "headers", "multiValueHeaders", headers);
        if (!query.isEmpty()) {
            putMultiValue(event, "queryStringParameters", "multiValueQueryStringParameters", query);
        }
        requestContext(event, api, connection, WebSocketRoute.CONNECT, "CONNECT", now);
        event.put("isBase64Encoded", false);
        return bytes(event);
    }

    /** A {@code MESSAGE} event for the selected route key. */
    static byte[] message(
            WebSocketApiSpec api,
            WebSocketConnection connection,
            String routeKey,
            String body,
            boolean isBase64Encoded,
            long now) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode context = requestContext(event, api, connection, routeKey, "MESSAGE", now);
        context.put("messageId", ApiGatewayId.next());
        event.put("body", body);
        event.put("isBase64Encoded", isBase64Encoded);
        return bytes(event);
    }

    /** The {@code $disconnect} event with the close status and reason. */
    static byte[] disconnect(
            WebSocketApiSpec api, WebSocketConnection connection, int statusCode, String reason, long now) {
        ObjectNode event = JSON.createObjectNode();
        putMultiValue(
                event,
                "headers",
                "multiValueHeaders",
                Map.of(
                        "Host", List.of(connection.domainName),
                        "X-Forwarded-For", List.of(connection.sourceIp)));
        ObjectNode context = requestContext(event, api, connection, WebSocketRoute.DISCONNECT, "DISCONNECT", now);
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason == null ? "" : reason);
        event.put("isBase64Encoded", false);
        return bytes(event);
    }

    /**
     * The JSON API Gateway sends a client when its message cannot be handled: {@code {"message":"Forbidden",
     * "connectionId":"...","requestId":"..."}} (no route) or {@code "Internal server error"} (integration failed).
     */
    static String errorMessage(String message, String connectionId) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message);
        error.put("connectionId", connectionId);
        error.put("requestId", ApiGatewayId.next());
        return error.toString();
    }

    private static ObjectNode requestContext(
            ObjectNode event,
            WebSocketApiSpec api,
            WebSocketConnection connection,
            String routeKey,
            String eventType,
            long now) {
        String requestId = ApiGatewayId.next();
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        context.put("messageDirection", "IN");
        context.put("stage", api.stage());
        context.put("connectedAt", connection.connectedAt);
        context.put("requestTimeEpoch", now);
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", connection.sourceIp);
        identity.put("userAgent", connection.userAgent);
        context.put("requestId", requestId);
        context.put("domainName", connection.domainName);
        context.put("connectionId", connection.connectionId);
        context.put("apiId", api.apiId());
        return context;
    }

    private static void putMultiValue(
            ObjectNode event, String singleName, String multiName, Map<String, List<String>> values) {
        ObjectNode single = event.putObject(singleName);
        ObjectNode multi = event.putObject(multiName);
        values.forEach((name, list) -> {
            if (list.isEmpty()) {
                return;
            }
            single.put(name, list.get(list.size() - 1));
            ArrayNode array = multi.putArray(name);
            list.forEach(array::add);
        });
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event tree always serialises", e);
        }
    }
}
