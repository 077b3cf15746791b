package dev.antipop.local.template;

/**
 * A mistake in a SAM/CloudFormation template or in the parameters given for it: malformed YAML, an unknown
 * {@code !Ref} target, a missing required property, a parameter value outside {@code AllowedValues}. The message is
 * one line naming the resource and field ({@code Resources.EventsTable.Properties.KeySchema: ...}), fit to print to a
 * user as is; the CLI prints it without a stack trace.
 */
public class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming where in the template the problem is and what it is */
    public TemplateException(String message) {
        super(message);
    }

    /**
     * @param message one line naming where in the template the problem is and what it is
     * @param cause the parser or I/O error behind it
     */
    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
