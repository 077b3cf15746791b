package dev.antipop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.realtime.Frames.ErrorCode;

/**
 * Parses {@code kv_sub} and {@code kv_unsub} (seed 002): {@code target} is a bucket name ({@code [a-z][a-z0-9_-]},
 * at most 32), {@code data.pattern} a key pattern ({@code .}-separated tokens, NATS wildcards; default {@code >},
 * every key), {@code data.start_revision} an integer ≥ 0 (default 0: the current values).
 */
final class KvMessages {

    private static final String BUCKET = "[a-z][a-z0-9_-]{0,31}";

    private KvMessages() {}

    static ClientMessage parse(String id, String op, JsonNode node) {
        JsonNode target = node.get("target");
        if (target == null || !target.isTextual() || !target.textValue().matches(BUCKET)) {
            return new ClientMessage.Invalid(
                    id, ErrorCode.INVALID_TARGET, "target must be a bucket name (lower case letters, digits, - and _)");
        }
        String bucket = target.textValue();
        JsonNode data = node.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            return new ClientMessage.Invalid(id, ErrorCode.INVALID_MESSAGE, "data must be an object");
        }
        JsonNode patternNode = data == null ? null : data.get("pattern");
        SubjectPattern pattern;
        if (patternNode == null || patternNode.isNull()) {
            pattern = SubjectPattern.parse(">");
        } else if (!patternNode.isTextual()) {
            return new ClientMessage.Invalid(id, ErrorCode.INVALID_MESSAGE, "data.pattern must be a key pattern");
        } else {
            try {
                pattern = SubjectPattern.parse(patternNode.textValue());
                SubjectPattern.parse("kv." + bucket + "." + pattern.value());
            } catch (InvalidSubjectException e) {
                return new ClientMessage.Invalid(
                        id,
                        ErrorCode.INVALID_MESSAGE,
                        "data.pattern '" + ClientMessage.abbreviate(patternNode.textValue())
                                + "' is not a key pattern ('.'-separated tokens; '*' one token, '>' the rest)");
            }
        }
        if (op.equals("kv_unsub")) {
            return new ClientMessage.KvUnsub(id, bucket, pattern);
        }
        long start = 0;
        JsonNode startNode = data == null ? null : data.get("start_revision");
        if (startNode != null && !startNode.isNull()) {
            if (!startNode.isIntegralNumber() || !startNode.canConvertToLong() || startNode.longValue() < 0) {
                return new ClientMessage.Invalid(
                        id, ErrorCode.INVALID_MESSAGE, "data.start_revision must be an integer revision, 0 or more");
            }
            start = startNode.longValue();
        }
        return new ClientMessage.KvSub(id, bucket, pattern, start);
    }
}
