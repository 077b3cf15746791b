package dev.antipop.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The HTTP response API Gateway sends to the client, mapped from a Lambda proxy integration's output as HTTP APIs do
 * for payload format 2.0 ("Create AWS Lambda proxy integrations for HTTP APIs", "Lambda function response for format
 * 2.0"):
 *
 * <ul>
 *   <li>a JSON object with {@code statusCode}: that status; {@code headers} (values as text), {@code
 *       multiValueHeaders} (one header line per value), {@code cookies} (one {@code Set-Cookie} each); {@code body},
 *       base64-decoded when {@code isBase64Encoded} is true;
 *   <li>any other valid JSON (an object without {@code statusCode}, a string, a number...): API Gateway infers 200,
 *       {@code content-type: application/json} and the output itself as the body; empty output is an empty 200;
 *   <li>output that is not JSON, or a {@code statusCode}/{@code body} of the wrong type: 500
 *       {@code {"message":"Internal Server Error"}}, as API Gateway answers a malformed proxy response.
 * </ul>
 *
 * @param status the HTTP status
 * @param headers response header lines in order (a name may repeat)
 * @param body the response body bytes
 */
public record HttpApiResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NULL_JSON = "null".getBytes(StandardCharsets.US_ASCII);

    /** Copies the header list. */
    public HttpApiResponse {
        headers = List.copyOf(headers);
    }

    /** No route matched and there is no {@code $default} route: 404 {@code {"message":"Not Found"}}. */
    public static HttpApiResponse notFound() {
        return message(404, "Not Found");
    }

    /** The function failed (handler exception, Lambda timeout, malformed output): 500. */
    public static HttpApiResponse internalServerError() {
        return message(500, "Internal Server Error");
    }

    /** The integration overran the HTTP API integration timeout (30 s): 503 {@code Service Unavailable}. */
    public static HttpApiResponse serviceUnavailable() {
        return message(503, "Service Unavailable");
    }

    /** The request body exceeds the HTTP API payload quota (10 MB): 413. */
    public static HttpApiResponse requestEntityTooLarge() {
        return message(413, "Request Entity Too Large");
    }

    /** A JSON document of the local cloud's own ({@code /_local/...}), never cached. */
    static HttpApiResponse json(int status, byte[] body) {
        return new HttpApiResponse(
                status,
                List.of(Map.entry("content-type", "application/json"), Map.entry("cache-control", "no-store")),
                body);
    }

    /** API Gateway's error shape: {@code {"message":"..."}} with {@code content-type: application/json}. */
    static HttpApiResponse message(int status, String message) {
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        return new HttpApiResponse(status, List.of(Map.entry("content-type", "application/json")), body);
    }

    /**
     * Maps a function's output.
     *
     * @param output the bytes the function returned
     * @return the client response; never throws (a malformed output is a 500)
     */
    public static HttpApiResponse fromLambdaOutput(byte[] output) {
        if (output.length == 0) {
            return new HttpApiResponse(200, List.of(), output);
        }
        JsonNode root;
        try {
            root = JSON.readTree(output);
        } catch (IOException notJson) {
            return internalServerError();
        }
        if (root == null || !root.isObject() || !root.has("statusCode")) {
            return new HttpApiResponse(
                    200, List.of(Map.entry("content-type", "application/json")), root == null ? NULL_JSON : output);
        }
        JsonNode statusCode = root.get("statusCode");
        if (!statusCode.canConvertToInt() || statusCode.asInt() < 100 || statusCode.asInt() > 599) {
            return internalServerError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        root.path("headers").fields().forEachRemaining(header -> {
            if (!header.getValue().isNull()) {
                headers.add(Map.entry(header.getKey(), header.getValue().asText()));
            }
        });
        root.path("multiValueHeaders").fields().forEachRemaining(header -> {
            for (JsonNode value : header.getValue()) {
                headers.add(Map.entry(header.getKey(), value.asText()));
            }
        });
        for (JsonNode cookie : root.path("cookies")) {
            headers.add(Map.entry("set-cookie", cookie.asText()));
        }
        JsonNode body = root.get("body");
        byte[] bytes;
        if (body == null || body.isNull()) {
            bytes = new byte[0];
        } else if (!body.isTextual()) {
            return internalServerError();
        } else if (root.path("isBase64Encoded").asBoolean(false)) {
            try {
                bytes = Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException notBase64) {
                return internalServerError();
            }
        } else {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpApiResponse(statusCode.asInt(), headers, bytes);
    }

    /** The first value of a header, case-insensitively; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
