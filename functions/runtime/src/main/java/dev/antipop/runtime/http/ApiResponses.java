package dev.antipop.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP responses of DESIGN.md section 2, as API Gateway payload format 2.0 responses.
 *
 * <ul>
 *   <li>accepted: {@code 202 {"ok":true,"commandId":"…","correlationId":"…"}}
 *   <li>error: {@code {"ok":false,"error":{"code":"…","message":"…","fields":{…}}}} with the code's status; 429
 *       carries {@code Retry-After} (RFC 9110 §10.2.3)
 * </ul>
 */
public final class ApiResponses {

    private ApiResponses() {}

    /** 202 for a command that was accepted (its results arrive as events). */
    public static APIGatewayV2HTTPResponse accepted(String commandId, String correlationId) {
        return json(202, acceptedBody(commandId, correlationId, null, 0));
    }

    /**
     * 202 for an accepted command, with the position it produced: {@code "position":{"stream":"…","version":N}}, the
     * read-your-writes token a view GET accepts as {@code ?position=<stream>:<version>} ({@link ReadYourWrites}).
     *
     * @param stream the stream the command appended to; null when it changed nothing (no position then)
     * @param version the last version it appended (or, for a replay or no-op, the version it found)
     */
    public static APIGatewayV2HTTPResponse accepted(
            String commandId, String correlationId, String stream, long version) {
        return json(202, acceptedBody(commandId, correlationId, stream, version));
    }

    /** The body of a 202 (or 201) answer: {@code ok}, {@code commandId}, {@code correlationId}, {@code position}. */
    public static ObjectNode acceptedBody(String commandId, String correlationId, String stream, long version) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        body.put("commandId", commandId);
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        if (stream != null && version > 0) {
            ObjectNode position = body.putObject("position");
            position.put("stream", stream);
            position.put("version", version);
        }
        return body;
    }

    /** A JSON response with the given status. */
    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("cache-control", "no-store");
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(headers)
                    .withBody(EnvelopeJson.mapper().writeValueAsString(body))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response body is not serialisable", e);
        }
    }

    /** The error body for a rejected request. */
    public static APIGatewayV2HTTPResponse error(CommandException e) {
        APIGatewayV2HTTPResponse response =
                json(e.code().httpStatus(), errorBody(e.code(), e.getMessage(), e.fields()));
        if (e.code() == ErrorCode.RATE_LIMITED) {
            response.getHeaders().put("retry-after", String.valueOf(Math.max(1, e.retryAfterSeconds())));
        }
        return response;
    }

    /** 500 for a fault of ours (never for client input); the request id lets an operator find the logged cause. */
    public static APIGatewayV2HTTPResponse internalError(String requestId) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", false);
        ObjectNode error = body.putObject("error");
        error.put("code", "internal_error");
        error.put("message", "Internal error; request id " + requestId);
        return json(500, body);
    }

    /** The {@code {"ok":false,"error":{…}}} body. */
    public static ObjectNode errorBody(ErrorCode code, String message, Map<String, String> fields) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", false);
        ObjectNode error = body.putObject("error");
        error.put("code", code.code());
        error.put("message", message);
        if (fields != null && !fields.isEmpty()) {
            ObjectNode fieldNode = error.putObject("fields");
            fields.forEach(fieldNode::put);
        }
        return body;
    }
}
