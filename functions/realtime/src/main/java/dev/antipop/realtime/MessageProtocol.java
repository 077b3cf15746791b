package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.realtime.Frames.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $default} route of the WebSocket API: client messages of protocol version 1 (DESIGN.md section 5). The
 * template gives the route a RouteResponse, so the body of the answer goes back to the sending client as one message.
 *
 * <table>
 *   <caption>Replies</caption>
 *   <tr><th>client sends</th><th>reply</th></tr>
 *   <tr><td>{@code {"v":1,"op":"ping","id":"c3"}}</td><td>{@code {"v":1,"op":"pong","id":"c3"}}</td></tr>
 *   <tr><td>not JSON, not one JSON value, or not a JSON object</td><td>error {@code malformed_json}</td></tr>
 *   <tr><td>{@code id} present but not a string of 1–{@value #MAX_ID_LENGTH} characters</td>
 *       <td>error {@code invalid_message} (without {@code id})</td></tr>
 *   <tr><td>{@code v} missing or not {@code 1}</td><td>error {@code unsupported_version}</td></tr>
 *   <tr><td>{@code op} missing, not a string, or unknown (for now {@code sub} and {@code unsub} too)</td>
 *       <td>error {@code unknown_op}</td></tr>
 * </table>
 *
 * <p>Errors are {@code {"v":1,"op":"error","id":<the message's id, if any>,"data":{"code":…,"reason":…}}}. Client
 * input never makes this function throw: every problem is answered with an error frame and status 200 (the WebSocket
 * stays open). Values the client sent are quoted in reasons only abbreviated to {@value #MAX_QUOTED} characters.
 */
public final class MessageProtocol implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    /** Longest message {@code id} echoed back, in characters; ids are client correlation tokens, not payload. */
    public static final int MAX_ID_LENGTH = 128;

    /** Longest piece of client input quoted in an error reason, in characters. */
    public static final int MAX_QUOTED = 64;

    private static final Logger log = LoggerFactory.getLogger(MessageProtocol.class);

    // One JSON value per message: "{} trailing" is as malformed as "{".
    private static final ObjectReader READER =
            EnvelopeJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        String reply;
        try {
            reply = replyTo(event);
        } catch (RuntimeException e) {
            String requestId = requestId(event);
            log.error("WebSocket message failed unexpectedly (request {})", requestId, e);
            reply = Frames.error(null, ErrorCode.INTERNAL_ERROR, "Internal error; request id " + requestId);
        }
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(reply);
        return response;
    }

    /**
     * The reply to one client message.
     *
     * @param message the message text as the client sent it; {@code null} is treated as empty
     * @return the reply frame's JSON text
     */
    public String reply(String message) {
        if (message == null || message.isBlank()) {
            return Frames.error(null, ErrorCode.MALFORMED_JSON, "Message is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = READER.readTree(message);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            return Frames.error(null, ErrorCode.MALFORMED_JSON, "Message is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            return Frames.error(null, ErrorCode.MALFORMED_JSON, "Message must be a JSON object");
        }

        JsonNode idNode = node.get("id");
        String id = null;
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()
                    || idNode.textValue().isEmpty()
                    || idNode.textValue().length() > MAX_ID_LENGTH) {
                return Frames.error(
                        null,
                        ErrorCode.INVALID_MESSAGE,
                        "id must be a string of 1 to " + MAX_ID_LENGTH + " characters");
            }
            id = idNode.textValue();
        }

        JsonNode version = node.get("v");
        if (version == null || version.isNull()) {
            return Frames.error(
                    id,
                    ErrorCode.UNSUPPORTED_VERSION,
                    "v is required; this server speaks protocol version " + Frames.VERSION);
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != Frames.VERSION) {
            return Frames.error(
                    id,
                    ErrorCode.UNSUPPORTED_VERSION,
                    "Protocol version " + abbreviate(version.toString()) + " is not supported; this server speaks "
                            + "version " + Frames.VERSION);
        }

        JsonNode op = node.get("op");
        if (op == null || op.isNull()) {
            return Frames.error(id, ErrorCode.UNKNOWN_OP, "op is required; supported: ping");
        }
        if (!op.isTextual()) {
            return Frames.error(id, ErrorCode.UNKNOWN_OP, "op must be a string; supported: ping");
        }
        if (op.textValue().equals("ping")) {
            return Frames.pong(id);
        }
        // sub and unsub arrive with capabilities (a later issue); until then they are as unknown as any other op.
        return Frames.error(
                id, ErrorCode.UNKNOWN_OP, "Unknown op '" + abbreviate(op.textValue()) + "'; supported: ping");
    }

    /** The reply to the event's message; a binary frame arrives base64-encoded and is read as UTF-8 text. */
    private String replyTo(APIGatewayV2WebSocketEvent event) {
        if (event == null || event.getBody() == null) {
            return reply(null);
        }
        if (!event.isIsBase64Encoded()) {
            return reply(event.getBody());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(event.getBody());
        } catch (IllegalArgumentException e) {
            return Frames.error(null, ErrorCode.MALFORMED_JSON, "Binary message is flagged base64 but is not");
        }
        return reply(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String requestId(APIGatewayV2WebSocketEvent event) {
        return event != null
                        && event.getRequestContext() != null
                        && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId()
                : "-";
    }

    private static String abbreviate(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "…";
    }
}
