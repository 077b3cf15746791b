package dev.antipop.local.lambda;

/**
 * One Lambda function as the local cloud's emulators see it: JSON bytes in, JSON bytes out, the way the Lambda
 * service invokes a {@code RequestStreamHandler}.
 *
 * <p>Implementations must be safe to call from several threads at once (the local cloud does not model one execution
 * environment per concurrent request).
 */
public interface LambdaInvoker {

    /** The function's name as the template gives it ({@code FunctionName}, else the logical id). */
    String functionName();

    /**
     * Invokes the function synchronously ({@code RequestResponse}).
     *
     * @param event the event JSON exactly as Lambda would deliver it (UTF-8)
     * @return the bytes the handler wrote to its output stream (may be empty)
     * @throws FunctionErrorException when the handler threw: Lambda's "Unhandled" function error, which callers map as
     *     AWS does (API Gateway answers 500, an event source mapping retries the batch)
     */
    byte[] invoke(byte[] event) throws FunctionErrorException;
}
