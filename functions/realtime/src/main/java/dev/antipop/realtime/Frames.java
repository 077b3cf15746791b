package dev.antipop.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;

/**
 * The server → client frames of WebSocket protocol version 1 (DESIGN.md section 5), as JSON text.
 *
 * <pre>{@code
 * {"v":1,"op":"pong","id":"c3"}
 * {"v":1,"op":"error","id":"c1","data":{"code":"unknown_op","reason":"…"}}
 * {"v":1,"op":"event","target":"user.42.events","data":<envelope>}
 * }</pre>
 *
 * Field order is fixed ({@code v, op, id, target, data}) so that frames are stable in logs and tests; {@code id} is
 * omitted when the client sent none.
 */
public final class Frames {

    /** The protocol version this server speaks. */
    public static final int VERSION = 1;

    /** The error codes an {@code error} frame carries in {@code data.code}. */
    public enum ErrorCode {
        /** The message is not JSON (or not a JSON object). */
        MALFORMED_JSON("malformed_json"),
        /** {@code v} is missing or not {@value Frames#VERSION}. */
        UNSUPPORTED_VERSION("unsupported_version"),
        /** {@code op} is missing or names no operation this server knows. */
        UNKNOWN_OP("unknown_op"),
        /** A field has the wrong type or size ({@code id} not a short string, ...). */
        INVALID_MESSAGE("invalid_message"),
        /** The operation is outside the connection's capabilities. */
        FORBIDDEN("forbidden"),
        /** A fault of the server, never of the client's message; the reason names the request id to look up. */
        INTERNAL_ERROR("internal_error");

        private final String code;

        ErrorCode(String code) {
            this.code = code;
        }

        /** The wire form, e.g. {@code unknown_op}. */
        public String code() {
            return code;
        }
    }

    private Frames() {}

    /** {@code {"v":1,"op":"pong","id":…}}; {@code id} may be null. */
    public static String pong(String id) {
        return write(frame("pong", id));
    }

    /** {@code {"v":1,"op":"error","id":…,"data":{"code":…,"reason":…}}}; {@code id} may be null. */
    public static String error(String id, ErrorCode code, String reason) {
        ObjectNode frame = frame("error", id);
        ObjectNode data = frame.putObject("data");
        data.put("code", code.code());
        data.put("reason", reason);
        return write(frame);
    }

    /**
     * {@code {"v":1,"op":"event","target":<topic>,"data":<envelope>}}, as UTF-8 bytes ready to post.
     *
     * @param envelope the envelope's JSON form, already redacted
     */
    public static byte[] event(String target, ObjectNode envelope) {
        ObjectNode frame = frame("event", null);
        frame.put("target", target);
        frame.set("data", envelope);
        try {
            return EnvelopeJson.mapper().writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree failed to serialise", e);
        }
    }

    private static ObjectNode frame(String op, String id) {
        ObjectNode frame = EnvelopeJson.mapper().createObjectNode();
        frame.put("v", VERSION);
        frame.put("op", op);
        if (id != null) {
            frame.put("id", id);
        }
        return frame;
    }

    private static String write(ObjectNode frame) {
        try {
            return EnvelopeJson.mapper().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            // A tree of plain JSON nodes always serialises; reaching this is a bug, not bad input.
            throw new IllegalStateException("A JSON tree failed to serialise", e);
        }
    }
}
