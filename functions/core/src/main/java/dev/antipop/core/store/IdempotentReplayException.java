package dev.antipop.core.store;

/**
 * An append carried an idempotency key that already holds a result: an earlier or concurrent command with the same
 * key won. Nothing was appended; answer {@link #firstResult()}. Stack trace not captured.
 */
public class IdempotentReplayException extends RuntimeException {

    private final AppendResult firstResult;

    /** @param firstResult the result stored by the command that won */
    public IdempotentReplayException(AppendResult firstResult) {
        super("Idempotency key already used by command " + firstResult.commandId(), null, false, false);
        this.firstResult = firstResult;
    }

    /** The result stored by the command that won. */
    public AppendResult firstResult() {
        return firstResult;
    }
}
