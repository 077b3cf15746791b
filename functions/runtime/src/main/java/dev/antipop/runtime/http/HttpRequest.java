package dev.antipop.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.json.InvalidJsonException;
import dev.antipop.core.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
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

    /**
     * Largest command body accepted ({@code POST /commands/{name}}, {@code POST /command}): 256 KiB. A notebook cell's
     * value and an execution result may each be 64 KB (issue 12), which JSON escaping can grow severalfold; the event
     * they become still fits a DynamoDB item (400 KB). Every other command field is bounded by its declaration.
     */
    public static final int MAX_COMMAND_BODY_BYTES = 256 * 1024;

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

    /** A query string parameter (API Gateway joins repeated ones with commas). */
    public Optional<String> queryParameter(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Optional.empty() : Optional.ofNullable(query.get(name));
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
     * The body parsed as a JSON object, strictly (see {@link StrictJson}: one value, no repeated names, at most {@value
     * StrictJson#MAX_NESTING_DEPTH} levels, numbers of at most {@value StrictJson#MAX_NUMBER_LENGTH} characters, valid
     * Unicode).
     *
     * <p>The {@code Content-Type} must be {@code application/json}, parameters allowed ({@code ; charset=utf-8}; a
     * charset other than UTF-8 is refused, RFC 8259 §8.1). A request without a {@code Content-Type} is read as JSON:
     * common HTTP clients send none for a string body (the JDK's {@code HttpClient}, Python {@code requests} with
     * {@code data=}), and RFC 9110 §8.3 lets the recipient examine the data then; the body must still be strict JSON.
     *
     * @param maxBytes the largest body accepted
     * @throws CommandException {@code unsupported_media_type} (415) for another declared media type;
     *     {@code payload_too_large} over {@code maxBytes}; {@code malformed_json} when the body is missing, not
     *     strict JSON, or not a JSON object
     */
    public JsonNode jsonObjectBody(int maxBytes) {
        requireJsonMediaType();
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
            node = StrictJson.parse(bytes);
            StrictJson.requireWellFormedUnicode(node);
        } catch (InvalidJsonException e) {
            throw new CommandException(ErrorCode.MALFORMED_JSON, "Body " + e.getMessage(), Map.of());
        }
        if (node == null || !node.isObject()) {
            throw new CommandException(ErrorCode.MALFORMED_JSON, "Body must be a JSON object", Map.of());
        }
        return node;
    }

    /** Refuses a declared media type other than {@code application/json} (see {@link #jsonObjectBody}). */
    private void requireJsonMediaType() {
        Optional<String> declared = header("content-type");
        if (declared.isEmpty() || declared.get().isBlank()) {
            return;
        }
        String[] parts = declared.get().split(";");
        boolean json = parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
        for (int i = 1; json && i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                json = charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        if (!json) {
            String shown = declared.get().length() <= 64
                    ? declared.get()
                    : declared.get().substring(0, 64) + "…";
            throw new CommandException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + shown + " is not supported; send application/json",
                    Map.of());
        }
    }
}
