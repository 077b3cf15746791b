package dev.antipop.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to an API Gateway HTTP API request (payload format 2.0) as a function receives it.
 *
 * <p>API Gateway lower-cases header names in payload format 2.0 and joins repeated headers with commas; the lookup
 * here is case-insensitive anyway so that hand-written fixtures work too.
 */
public final class HttpRequest {

    /**
     * Largest command body accepted: 64 KiB. Commands are small intent records; API Gateway would accept 10 MB, but
     * nothing larger than this belongs in an event (a DynamoDB item is at most 400 KB, a WebSocket message 128 KB).
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayV2HTTPEvent event;

    /** Wraps the event Spring Cloud Function converted from the Lambda JSON. */
    public HttpRequest(APIGatewayV2HTTPEvent event) {
        this.event = event == null ? new APIGatewayV2HTTPEvent() : event;
    }

    /** The raw event. */
    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /** A header value by name, ignoring case; empty when absent. */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** A path parameter ({@code /commands/{name}} → {@code name}); empty when absent. */
    public Optional<String> pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? Optional.empty() : Optional.ofNullable(parameters.get(name));
    }

    /** The API Gateway request id (for error bodies and logs), or {@code "-"}. */
    public String requestId() {
        return event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId()
                : "-";
    }

    /** The token of an {@code Authorization: Bearer <token>} header (RFC 6750 §2.1); empty when absent. */
    public Optional<String> bearerToken() {
        return header("authorization")
                .map(String::trim)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim())
                .filter(token -> !token.isEmpty());
    }

    /** The body as bytes, base64-decoded when API Gateway flagged it ({@code isBase64Encoded}); empty if none. */
    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new CommandException(ErrorCode.MALFORMED_JSON, "Body is flagged base64 but is not", Map.of());
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as a JSON object.
     *
     * @param maxBytes the largest body accepted
     * @throws CommandException {@code payload_too_large} over {@code maxBytes}; {@code malformed_json} when the body
     *     is missing, not JSON, or not a JSON object
     */
    public JsonNode jsonObjectBody(int maxBytes) {
        byte[] bytes = bodyBytes();
        if (bytes.length > maxBytes) {
            throw new CommandException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "Body is " + bytes.length + " bytes; the limit is " + maxBytes + " bytes",
                    Map.of());
        }
        if (bytes.length == 0) {
            throw new CommandException(ErrorCode.MALFORMED_JSON, "Body is empty; a JSON object is required", Map.of());
        }
        JsonNode node;
        try {
            node = EnvelopeJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CommandException(
                    ErrorCode.MALFORMED_JSON,
                    "Body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    Map.of());
        } catch (java.io.IOException e) {
            throw new CommandException(ErrorCode.MALFORMED_JSON, "Body is not valid JSON", Map.of());
        }
        if (node == null || !node.isObject()) {
            throw new CommandException(ErrorCode.MALFORMED_JSON, "Body must be a JSON object", Map.of());
        }
        return node;
    }
}
