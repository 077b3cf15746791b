package dev.antipop.core.store;

import java.util.List;

/**
 * What a command appended. For a successful append {@code firstVersion..lastVersion} are the new events' versions;
 * for a no-op (the decider decided nothing) both are the stream's current version and {@code eventIds} is empty.
 *
 * @param commandId the id of the command that first produced this result (a replay keeps the first command's id)
 * @param stream the stream appended to
 * @param firstVersion the first new version
 * @param lastVersion the last new version
 * @param eventIds the new events' ids, in version order
 * @param replayed true when this is the stored result of an earlier command with the same idempotency key, returned
 *     without appending anything
 */
public record AppendResult(
        String commandId, String stream, long firstVersion, long lastVersion, List<String> eventIds, boolean replayed) {

    /** Copies {@code eventIds}. */
    public AppendResult {
        eventIds = List.copyOf(eventIds);
    }

    /** The result of a command that decided no events; {@code version} is the stream's current version. */
    public static AppendResult noop(String commandId, String stream, long version) {
        return new AppendResult(commandId, stream, version, version, List.of(), false);
    }

    /** This result marked as replayed. */
    public AppendResult asReplay() {
        return replayed ? this : new AppendResult(commandId, stream, firstVersion, lastVersion, eventIds, true);
    }

    /** Whether no event was appended. */
    public boolean isNoop() {
        return eventIds.isEmpty();
    }
}
