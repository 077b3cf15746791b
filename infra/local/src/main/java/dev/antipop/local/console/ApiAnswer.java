package dev.antipop.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One answer of a console endpoint: a status and a JSON body. Errors have the commands' error shape (DESIGN.md section
 * 2): {@code {"ok":false,"error":{"code","message"}}} with {@code 400 validation_failed | malformed_json},
 * {@code 404 not_found}, {@code 405 method_not_allowed}, {@code 403 forbidden}, {@code 413 payload_too_large}.
 *
 * @param status the HTTP status
 * @param body the JSON body
 */
public record ApiAnswer(int status, JsonNode body) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** 200 with {@code body}. */
    public static ApiAnswer ok(JsonNode body) {
        return new ApiAnswer(200, body);
    }

    /** An error answer in the commands' shape. */
    public static ApiAnswer error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", false);
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return new ApiAnswer(status, body);
    }

    /** 400 {@code validation_failed}. */
    public static ApiAnswer invalid(String message) {
        return error(400, "validation_failed", message);
    }

    /** 404 {@code not_found}. */
    public static ApiAnswer notFound(String message) {
        return error(404, "not_found", message);
    }
}
