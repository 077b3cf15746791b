package dev.antipop.core.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A command was refused: an expected outcome reported to the client as {@code {"ok":false,"error":{"code",
 * "message","fields"}}} with the code's HTTP status, never a 500. Nothing is written when it is thrown. The stack trace
 * is not captured: these are answers, not bugs, and they are thrown on hot paths.
 */
public class CommandException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> fields;
    private final long retryAfterSeconds;

    /**
     * @param code the error code
     * @param message a human-readable summary, safe to show to the client
     * @param fields field name → message, in the order given; {@code null} means none
     */
    public CommandException(ErrorCode code, String message, Map<String, String> fields) {
        this(code, message, fields, 0);
    }

    private CommandException(ErrorCode code, String message, Map<String, String> fields, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
        this.code = Objects.requireNonNull(code, "code");
        this.fields = fields == null || fields.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * {@link ErrorCode#RATE_LIMITED}; the HTTP answer carries {@code Retry-After: <seconds>} (RFC 9110 §10.2.3).
     *
     * @param retryAfterSeconds when the client may try again, at least 1
     */
    public static CommandException rateLimited(long retryAfterSeconds) {
        long seconds = Math.max(1, retryAfterSeconds);
        return new CommandException(
                ErrorCode.RATE_LIMITED, "Too many requests; retry after " + seconds + " s", Map.of(), seconds);
    }

    /** Seconds until a rate-limited client may retry; 0 for other errors. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@link ErrorCode#VALIDATION_FAILED}, message "Validation failed", with the per-field messages. */
    public static CommandException validation(Map<String, String> fields) {
        return new CommandException(ErrorCode.VALIDATION_FAILED, "Validation failed", fields);
    }

    /** {@link ErrorCode#CONFLICT} without field messages. */
    public static CommandException conflict(String message) {
        return new CommandException(ErrorCode.CONFLICT, message, Map.of());
    }

    /** {@link ErrorCode#CONFLICT} with field messages, e.g. {@code email → is already taken}. */
    public static CommandException conflict(String message, Map<String, String> fields) {
        return new CommandException(ErrorCode.CONFLICT, message, fields);
    }

    /** {@link ErrorCode#FORBIDDEN}. */
    public static CommandException forbidden(String message) {
        return new CommandException(ErrorCode.FORBIDDEN, message, Map.of());
    }

    /** {@link ErrorCode#UNAUTHORIZED}. */
    public static CommandException unauthorized(String message) {
        return new CommandException(ErrorCode.UNAUTHORIZED, message, Map.of());
    }

    /** {@link ErrorCode#NOT_FOUND}. */
    public static CommandException notFound(String message) {
        return new CommandException(ErrorCode.NOT_FOUND, message, Map.of());
    }

    /** The error code. */
    public ErrorCode code() {
        return code;
    }

    /** Field name → message, in insertion order; never null, unmodifiable. */
    public Map<String, String> fields() {
        return fields;
    }
}
