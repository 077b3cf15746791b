package dev.antipop.local;

/**
 * The local cloud could not start or run for a reason the user can fix: a port in use, a template mistake, a handler
 * class that is not on the classpath. The message is one line, printed by the CLI as is (no stack trace).
 */
public class LocalCloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line saying what went wrong and, where it helps, which option changes it */
    public LocalCloudException(String message) {
        super(message);
    }

    /**
     * @param message one line saying what went wrong and, where it helps, which option changes it
     * @param cause the underlying error (kept for logs, not printed by the CLI)
     */
    public LocalCloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
