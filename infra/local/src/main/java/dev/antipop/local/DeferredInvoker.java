package dev.antipop.local;

import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A route target whose function is created after the emulator starts: emulators start before the functions exist
 * (their ports go into the functions' environment), and {@link FunctionPhase} binds each one before the local cloud's
 * start returns. Until then an invocation fails with {@code Local.NotReady}.
 */
final class DeferredInvoker implements LambdaInvoker {

    private final String logicalId;
    private final AtomicReference<LambdaInvoker> target = new AtomicReference<>();

    DeferredInvoker(String logicalId) {
        this.logicalId = logicalId;
    }

    void bind(LambdaInvoker function) {
        target.set(function);
    }

    @Override
    public String functionName() {
        LambdaInvoker function = target.get();
        return function == null ? logicalId : function.functionName();
    }

    @Override
    public byte[] invoke(byte[] event) throws FunctionErrorException {
        LambdaInvoker function = target.get();
        if (function == null) {
            throw new FunctionErrorException(
                    logicalId, "Local.NotReady", "the local cloud is still starting this function", null);
        }
        return function.invoke(event);
    }
}
