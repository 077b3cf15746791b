package dev.antipop.local.lambda;

/**
 * A function invocation that ended in a function error: the handler threw, or did not finish within its
 * {@code Timeout}. Mirrors the Lambda {@code Invoke} response with {@code X-Amz-Function-Error: Unhandled}, whose
 * payload is {@code {"errorType": "...", "errorMessage": "..."}}.
 */
public class FunctionErrorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String errorType;
    private final String errorMessage;

    /**
     * @param functionName the function that failed
     * @param errorType the exception class name, or {@code Sandbox.Timedout} for a timeout, as Lambda reports it
     * @param errorMessage the exception message
     * @param cause the throwable, when there is one
     */
    public FunctionErrorException(String functionName, String errorType, String errorMessage, Throwable cause) {
        super(functionName + " failed: " + errorType + ": " + errorMessage, cause);
        this.functionName = functionName;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    /** Lambda's {@code errorMessage}: the exception's message. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The function that failed. */
    public String functionName() {
        return functionName;
    }

    /** Lambda's {@code errorType}: the exception class name, or {@code Sandbox.Timedout}. */
    public String errorType() {
        return errorType;
    }
}
