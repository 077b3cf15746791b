package dev.antipop.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.dynamodb.PresenceStore.Member;
import java.util.List;

/**
 * The server → client frames of WebSocket protocol version 1 (DESIGN.md section 5), as JSON text.
 *
 * <pre>{@code
 * {"v":1,"op":"pong","id":"c3"}
 * {"v":1,"op":"ack","id":"c1"}
 * {"v":1,"op":"ack","id":"c1","data":{"replayed":3}}
 * {"v":1,"op":"error","id":"c1","data":{"code":"unknown_op","reason":"…"}}
 * {"v":1,"op":"event","target":"user.42.events","data":<envelope>}
 * {"v":1,"op":"event","target":"presence.chat.room.42","data":{"type":"presence.joined","userId":"7","topic":"chat.room.42"}}
 * {"v":1,"op":"presence","id":"c4","target":"chat.room.42","data":{"members":[{"userId":"7","joinedAt":"…"}]}}
 * {"v":1,"op":"cap_update","data":{"subjects":["user.7.>","chat.room.*","presence.>"]}}
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
        /** {@code target} is missing, not a valid subject pattern, or not the kind of subject the op needs. */
        INVALID_TARGET("invalid_target"),
        /** The operation is outside the connection's capabilities. */
        FORBIDDEN("forbidden"),
        /** The connection is not (or no longer) registered: it must reconnect with a valid token. */
        UNAUTHORIZED("unauthorized"),
        /** The connection sends faster than its token bucket allows; the message was not processed. */
        RATE_LIMITED("rate_limited"),
        /** The connection holds the maximum number of subscriptions. */
        LIMIT_EXCEEDED("limit_exceeded"),
        /** {@code start_seq} cannot be served: no stream behind the target, or a position outside 1..head+1. */
        POSITION_UNAVAILABLE("position_unavailable"),
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

    /** {@code {"v":1,"op":"ack","id":…}}; {@code id} may be null. */
    public static String ack(String id) {
        return write(frame("ack", id));
    }

    /** {@code {"v":1,"op":"ack","id":…,"data":{"replayed":n}}}: the answer to a resuming {@code sub}. */
    public static String ackReplayed(String id, int replayed) {
        ObjectNode frame = frame("ack", id);
        frame.putObject("data").put("replayed", replayed);
        return write(frame);
    }

    /**
     * {@code {"v":1,"op":"presence","id":…,"target":<room>,"data":{"members":[{"userId":…,"joinedAt":…}]}}}.
     *
     * <p>A user present with several connections is listed once per connection: the list is of presences, and a
     * client that wants people dedupes by {@code userId}.
     *
     * @param members in join order; {@code joinedAt} is ISO-8601 UTC with milliseconds
     */
    public static String presence(String id, String target, List<Member> members) {
        ObjectNode frame = frame("presence", id);
        frame.put("target", target);
        var array = frame.putObject("data").putArray("members");
        for (Member member : members) {
            array.addObject()
                    .put("userId", member.userId())
                    .put("joinedAt", EnvelopeJson.formatTimestamp(member.joinedAt()));
        }
        return write(frame);
    }

    /** {@code {"v":1,"op":"cap_update","data":{"subjects":[…]}}}, as UTF-8 bytes ready to post. */
    public static byte[] capUpdate(List<String> subjects) {
        ObjectNode frame = frame("cap_update", null);
        var array = frame.putObject("data").putArray("subjects");
        subjects.forEach(array::add);
        return bytes(frame);
    }

    /**
     * A presence change pushed to the subscribers of {@code presence.<room>}: {@code
     * {"v":1,"op":"event","target":"presence.<room>","data":{"type":…,"userId":…,"topic":<room>}}}.
     *
     * @param type {@code presence.joined} or {@code presence.left}
     */
    public static byte[] presenceEvent(String type, String userId, String room) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.put("type", type);
        data.put("userId", userId);
        data.put("topic", room);
        return event(Presence.subjectOf(room), data);
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
        return bytes(frame);
    }

    private static byte[] bytes(ObjectNode frame) {
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
