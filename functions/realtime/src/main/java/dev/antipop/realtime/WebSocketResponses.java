package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.http.ApiResponses;
import java.util.Map;

/**
 * Answers of the {@code $connect} and {@code $disconnect} integrations. On {@code $connect} the status decides the
 * handshake: 2xx accepts it, anything else refuses it with that HTTP status; the body is the HTTP API's error shape
 * (DESIGN.md section 2).
 */
final class WebSocketResponses {

    private WebSocketResponses() {}

    /** 200 without a body. */
    static APIGatewayV2WebSocketResponse ok() {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }

    /** The code's status with {@code {"ok":false,"error":{"code":…,"message":…}}}. */
    static APIGatewayV2WebSocketResponse error(ErrorCode code, String message) {
        return json(code.httpStatus(), ApiResponses.errorBody(code, message, Map.of()));
    }

    /** 500 for a fault of ours; the request id lets an operator find the logged cause. */
    static APIGatewayV2WebSocketResponse internalError(String requestId) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", false);
        ObjectNode error = body.putObject("error");
        error.put("code", "internal_error");
        error.put("message", "Internal error; request id " + requestId);
        return json(500, body);
    }

    private static APIGatewayV2WebSocketResponse json(int status, ObjectNode body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setHeaders(Map.of("content-type", "application/json"));
        try {
            response.setBody(EnvelopeJson.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree failed to serialise", e);
        }
        return response;
    }
}
