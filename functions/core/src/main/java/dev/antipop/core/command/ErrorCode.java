package dev.antipop.core.command;

/**
 * The error codes a command can answer with, and their HTTP status (DESIGN.md section 2). The body is
 * {@code {"ok":false,"error":{"code":"…","message":"…","fields":{…}}}}.
 */
public enum ErrorCode {
    /** The payload breaks a field rule; {@code fields} says which and why. */
    VALIDATION_FAILED("validation_failed", 400),
    /** No command of that name. */
    UNKNOWN_COMMAND("unknown_command", 400),
    /** The body is not JSON (or not the expected JSON shape). */
    MALFORMED_JSON("malformed_json", 400),
    /** Missing, invalid or expired credentials (RFC 9110 §15.5.2). */
    UNAUTHORIZED("unauthorized", 401),
    /** Authenticated but not allowed. */
    FORBIDDEN("forbidden", 403),
    /** Registration needs an invite code (template parameter {@code InviteOnly}). */
    INVITE_REQUIRED("invite_required", 403),
    /** The invite code is unknown, expired or already used. */
    INVITE_INVALID("invite_invalid", 403),
    /** The addressed aggregate does not exist. */
    NOT_FOUND("not_found", 404),
    /** Concurrent modification, a taken unique value, or a state that forbids the command. */
    CONFLICT("conflict", 409),
    /**
     * A feed position (long-poll cursor, SSE {@code Last-Event-ID}) older than what the topic log keeps (24 h): the
     * events after it are gone, so the client reloads state and starts again without a cursor (like HTTP 410 Gone,
     * RFC 9110 §15.5.11: the resource at that position is no longer available).
     */
    POSITION_UNAVAILABLE("position_unavailable", 410),
    /** The body exceeds the accepted size. */
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    /**
     * The request declares a {@code Content-Type} other than {@code application/json} on a route that reads a JSON
     * body (RFC 9110 §15.5.16).
     */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    /** Too many requests; the response carries {@code Retry-After} (RFC 6585 §4). */
    RATE_LIMITED("rate_limited", 429),
    /**
     * A read that cannot be answered yet: the view has not reached the position the client asked for within 5 s
     * (read-your-writes, DESIGN.md section 2); the response carries {@code Retry-After}.
     */
    UNAVAILABLE("unavailable", 503);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The wire code, e.g. {@code validation_failed}. */
    public String code() {
        return code;
    }

    /** The HTTP status the code is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
