package dev.antipop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.json.InvalidJsonException;
import dev.antipop.core.json.StrictJson;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.realtime.Frames.ErrorCode;

/**
 * One client → server message of WebSocket protocol version 1 (DESIGN.md section 5), parsed and validated without any
 * I/O. {@link #parse} gives one of the operations or an {@link Invalid} carrying the error frame's code and reason.
 *
 * <pre>{@code
 * {"v":1,"op":"ping","id":"c3"}
 * {"v":1,"op":"sub","id":"c1","target":"chat.room.*"}
 * {"v":1,"op":"sub","id":"c1","target":"user.42.events","data":{"start_seq":17}}
 * {"v":1,"op":"sub","id":"c1","target":"chat.room.42","data":{"presence":true}}
 * {"v":1,"op":"unsub","id":"c2","target":"chat.room.42"}
 * {"v":1,"op":"presence","id":"c4","target":"chat.room.42"}
 * {"v":1,"op":"typing","id":"c5","target":"srv.9.chan.12"}
 * }</pre>
 *
 * <table>
 *   <caption>Validation, in order</caption>
 *   <tr><th>problem</th><th>error code</th></tr>
 *   <tr><td>not strict JSON ({@link StrictJson}: one value, no repeated names, nesting and number limits), or not a
 *       JSON object</td><td>{@code malformed_json}</td></tr>
 *   <tr><td>{@code id} present but not a string of 1–{@value #MAX_ID_LENGTH} characters of valid Unicode</td>
 *       <td>{@code invalid_message} (without {@code id})</td></tr>
 *   <tr><td>{@code v} missing or not {@code 1}</td><td>{@code unsupported_version}</td></tr>
 *   <tr><td>{@code op} missing, not a string, or none of {@code ping sub unsub presence typing}</td>
 *       <td>{@code unknown_op}</td></tr>
 *   <tr><td>{@code target} missing, not a string, or not a valid subject pattern; for {@code presence} and
 *       {@code sub} with {@code presence:true} not a room subject ({@code chat.room.<id>} or {@code
 *       srv.<id>.presence}); for {@code typing} not a channel {@code srv.<serverId>.chan.<channelId>}</td>
 *       <td>{@code invalid_target}</td></tr>
 *   <tr><td>{@code data} not an object, {@code start_seq} not an integer, {@code presence} not a boolean</td>
 *       <td>{@code invalid_message}</td></tr>
 * </table>
 *
 * A {@code start_seq} below 1 is well-formed here; the subscription answers it with {@code position_unavailable}.
 * Client values are quoted in reasons only abbreviated to {@value #MAX_QUOTED} characters.
 */
public sealed interface ClientMessage {

    /** Longest message {@code id} echoed back, in characters; ids are client correlation tokens, not payload. */
    int MAX_ID_LENGTH = 128;

    /** Longest piece of client input quoted in an error reason, in characters. */
    int MAX_QUOTED = 64;

    /** The operations this server speaks, for error reasons. */
    String SUPPORTED = "ping, sub, unsub, presence, typing, kv_sub, kv_unsub";

    /** The message's {@code id}, or null. */
    String id();

    /** {@code ping}. */
    record Ping(String id) implements ClientMessage {}

    /**
     * {@code sub}.
     *
     * @param startSeq {@code data.start_seq}: replay the stream behind the target from this version; null for none
     * @param presence {@code data.presence}: also join the room's presence set
     */
    record Sub(String id, SubjectPattern pattern, Long startSeq, boolean presence) implements ClientMessage {}

    /** {@code unsub}. */
    record Unsub(String id, SubjectPattern pattern) implements ClientMessage {}

    /** {@code presence}: the current members of a room. */
    record PresenceQuery(String id, Subject room) implements ClientMessage {}

    /**
     * {@code typing}: the sender is typing in a chat channel (ephemeral, never stored).
     *
     * @param channel the channel subject, {@code srv.<serverId>.chan.<channelId>}
     */
    record Typing(String id, Subject channel) implements ClientMessage {}

    /**
     * {@code kv_sub}: watch the keys of {@code bucket} matching {@code pattern} (see {@link KvWatches}).
     *
     * @param startRevision {@code data.start_revision}: 0 for the current values, n for every change from revision n
     */
    record KvSub(String id, String bucket, SubjectPattern pattern, long startRevision) implements ClientMessage {}

    /** {@code kv_unsub}: end a watch. */
    record KvUnsub(String id, String bucket, SubjectPattern pattern) implements ClientMessage {}

    /** A message that is answered with an error frame without doing anything. */
    record Invalid(String id, ErrorCode code, String reason) implements ClientMessage {

        /** The error frame. */
        public String frame() {
            return Frames.error(id, code, reason);
        }
    }

    /**
     * Parses one message.
     *
     * @param message the text as the client sent it; {@code null} is treated as empty
     */
    static ClientMessage parse(String message) {
        return ClientMessageParser.parse(message);
    }

    /** Quotes client input abbreviated to {@value #MAX_QUOTED} characters. */
    static String abbreviate(String value) {
        String quoted = value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "…";
        if (!StrictJson.hasUnpairedSurrogate(quoted)) {
            return quoted;
        }
        // An unpaired surrogate has no UTF-8 form: quote it as U+FFFD rather than send an ill-formed frame.
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < quoted.length()
                    && Character.isLowSurrogate(quoted.charAt(i + 1))) {
                out.append(c).append(quoted.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}

/** The parsing steps of {@link ClientMessage#parse}, kept off the public surface. */
final class ClientMessageParser {

    private ClientMessageParser() {}

    static ClientMessage parse(String message) {
        if (message == null || message.isBlank()) {
            return new ClientMessage.Invalid(
                    null, ErrorCode.MALFORMED_JSON, "Message is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            // Unpaired surrogates are left to the fields: a target with one is an invalid_target, an id one an
            // invalid_message, and no other string of a message is used.
            node = StrictJson.parse(message);
        } catch (InvalidJsonException e) {
            return new ClientMessage.Invalid(null, ErrorCode.MALFORMED_JSON, "Message " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return new ClientMessage.Invalid(null, ErrorCode.MALFORMED_JSON, "Message must be a JSON object");
        }

        JsonNode idNode = node.get("id");
        String id = null;
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()
                    || idNode.textValue().isEmpty()
                    || idNode.textValue().length() > ClientMessage.MAX_ID_LENGTH
                    || StrictJson.hasUnpairedSurrogate(idNode.textValue())) {
                return new ClientMessage.Invalid(
                        null,
                        ErrorCode.INVALID_MESSAGE,
                        "id must be a string of 1 to " + ClientMessage.MAX_ID_LENGTH + " characters of valid Unicode");
            }
            id = idNode.textValue();
        }

        JsonNode version = node.get("v");
        if (version == null || version.isNull()) {
            return new ClientMessage.Invalid(
                    id,
                    ErrorCode.UNSUPPORTED_VERSION,
                    "v is required; this server speaks protocol version " + Frames.VERSION);
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != Frames.VERSION) {
            return new ClientMessage.Invalid(
                    id,
                    ErrorCode.UNSUPPORTED_VERSION,
                    "Protocol version " + ClientMessage.abbreviate(version.toString())
                            + " is not supported; this server " + "speaks version " + Frames.VERSION);
        }

        JsonNode op = node.get("op");
        if (op == null || op.isNull()) {
            return new ClientMessage.Invalid(
                    id, ErrorCode.UNKNOWN_OP, "op is required; supported: " + ClientMessage.SUPPORTED);
        }
        if (!op.isTextual()) {
            return new ClientMessage.Invalid(
                    id, ErrorCode.UNKNOWN_OP, "op must be a string; supported: " + ClientMessage.SUPPORTED);
        }
        return switch (op.textValue()) {
            case "ping" -> new ClientMessage.Ping(id);
            case "sub" -> sub(id, node);
            case "unsub" -> unsub(id, node);
            case "presence" -> presenceQuery(id, node);
            case "typing" -> typing(id, node);
            case "kv_sub", "kv_unsub" -> KvMessages.parse(id, op.textValue(), node);
            default ->
                new ClientMessage.Invalid(
                        id,
                        ErrorCode.UNKNOWN_OP,
                        "Unknown op '" + ClientMessage.abbreviate(op.textValue()) + "'; supported: "
                                + ClientMessage.SUPPORTED);
        };
    }

    private static ClientMessage sub(String id, JsonNode node) {
        Object target = pattern(id, node);
        if (target instanceof ClientMessage.Invalid invalid) {
            return invalid;
        }
        SubjectPattern pattern = (SubjectPattern) target;
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            return new ClientMessage.Sub(id, pattern, null, false);
        }
        if (!data.isObject()) {
            return new ClientMessage.Invalid(id, ErrorCode.INVALID_MESSAGE, "data must be an object");
        }
        Long startSeq = null;
        JsonNode start = data.get("start_seq");
        if (start != null && !start.isNull()) {
            if (!start.isIntegralNumber() || !start.canConvertToLong()) {
                return new ClientMessage.Invalid(
                        id, ErrorCode.INVALID_MESSAGE, "data.start_seq must be an integer version");
            }
            startSeq = start.longValue();
        }
        boolean presence = false;
        JsonNode presenceNode = data.get("presence");
        if (presenceNode != null && !presenceNode.isNull()) {
            if (!presenceNode.isBoolean()) {
                return new ClientMessage.Invalid(id, ErrorCode.INVALID_MESSAGE, "data.presence must be true or false");
            }
            presence = presenceNode.booleanValue();
        }
        if (presence && roomOf(pattern) == null) {
            return new ClientMessage.Invalid(
                    id,
                    ErrorCode.INVALID_TARGET,
                    "presence needs a room subject like "
                            + Presence.ROOMS.value().replace("*", "42") + " or "
                            + Presence.SERVERS.value().replace("*", "42") + ", got '"
                            + ClientMessage.abbreviate(pattern.value()) + "'");
        }
        return new ClientMessage.Sub(id, pattern, startSeq, presence);
    }

    private static ClientMessage unsub(String id, JsonNode node) {
        Object target = pattern(id, node);
        return target instanceof ClientMessage.Invalid invalid
                ? invalid
                : new ClientMessage.Unsub(id, (SubjectPattern) target);
    }

    private static ClientMessage presenceQuery(String id, JsonNode node) {
        Object target = pattern(id, node);
        if (target instanceof ClientMessage.Invalid invalid) {
            return invalid;
        }
        Subject room = roomOf((SubjectPattern) target);
        if (room == null) {
            return new ClientMessage.Invalid(
                    id,
                    ErrorCode.INVALID_TARGET,
                    "presence needs a room subject like "
                            + Presence.ROOMS.value().replace("*", "42") + " or "
                            + Presence.SERVERS.value().replace("*", "42") + ", got '"
                            + ClientMessage.abbreviate(((SubjectPattern) target).value()) + "'");
        }
        return new ClientMessage.PresenceQuery(id, room);
    }

    private static ClientMessage typing(String id, JsonNode node) {
        Object target = pattern(id, node);
        if (target instanceof ClientMessage.Invalid invalid) {
            return invalid;
        }
        SubjectPattern pattern = (SubjectPattern) target;
        if (!TypingIndicators.isChannel(pattern)) {
            return new ClientMessage.Invalid(
                    id,
                    ErrorCode.INVALID_TARGET,
                    "typing needs a channel subject like srv.9.chan.12, got '"
                            + ClientMessage.abbreviate(pattern.value()) + "'");
        }
        return new ClientMessage.Typing(id, Subject.parse(pattern.value()));
    }

    /** The target as a pattern, or an {@link Invalid}. */
    private static Object pattern(String id, JsonNode node) {
        JsonNode target = node.get("target");
        if (target == null || target.isNull()) {
            return new ClientMessage.Invalid(id, ErrorCode.INVALID_TARGET, "target is required: a subject pattern");
        }
        if (!target.isTextual()) {
            return new ClientMessage.Invalid(
                    id, ErrorCode.INVALID_TARGET, "target must be a string: a subject pattern");
        }
        try {
            return SubjectPattern.parse(target.textValue());
        } catch (InvalidSubjectException e) {
            return new ClientMessage.Invalid(
                    id,
                    ErrorCode.INVALID_TARGET,
                    "target '" + ClientMessage.abbreviate(target.textValue())
                            + "' is not a valid subject pattern ('.'-separated "
                            + "tokens; '*' one token, '>' the rest)");
        }
    }

    private static Subject roomOf(SubjectPattern pattern) {
        return Presence.isRoom(pattern) ? Subject.parse(pattern.value()) : null;
    }
}
