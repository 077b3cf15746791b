package dev.antipop.core.json;

/**
 * Client input that {@link StrictJson} refuses. The message completes a sentence about the input ({@code "nests deeper
 * than 32 levels"}); callers prefix what the input was ({@code "Body "}, {@code "Message "}). No stack trace is
 * captured: this is an expected outcome of bad input, not a fault.
 */
public final class InvalidJsonException extends IllegalArgumentException {

    /** @param reason what is wrong, as the end of a sentence about the input */
    public InvalidJsonException(String reason) {
        super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
