package dev.antipop.core.store;

/**
 * An append lost an optimistic-concurrency race: the stream's head was not the expected version (or a concurrent
 * transaction held one of the items). Reload the stream, decide again and retry. Stack trace not captured: this is an
 * expected outcome.
 */
public class WrongExpectedVersionException extends RuntimeException {

    private final String stream;
    private final long expectedVersion;

    /**
     * @param stream the stream appended to
     * @param expectedVersion the version the append expected as the stream's head
     */
    public WrongExpectedVersionException(String stream, long expectedVersion) {
        super("Stream " + stream + " is not at expected version " + expectedVersion, null, false, false);
        this.stream = stream;
        this.expectedVersion = expectedVersion;
    }

    /** The stream appended to. */
    public String stream() {
        return stream;
    }

    /** The version the append expected as the stream's head. */
    public long expectedVersion() {
        return expectedVersion;
    }
}
