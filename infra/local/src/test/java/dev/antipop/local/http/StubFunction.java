package dev.antipop.local.http;

import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import java.nio.charset.StandardCharsets;

/** A function that answers a fixed output, for route and mapping tests without Spring. */
record StubFunction(String functionName, byte[] output) implements LambdaInvoker {

    StubFunction(String functionName) {
        this(functionName, "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] invoke(byte[] event) throws FunctionErrorException {
        return output;
    }
}
