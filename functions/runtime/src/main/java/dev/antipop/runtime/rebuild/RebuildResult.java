package dev.antipop.runtime.rebuild;

import java.util.Map;

/**
 * What a rebuild did: the answer of the {@code rebuildProjections} function, and what {@code ./run-local
 * rebuild-projections} prints.
 *
 * @param done true once the views are rebuilt and swapped; false when it stopped before (the Lambda function's time
 *     ran short): run it again with the same selection to resume
 * @param runId the checkpoint table's run ({@link RebuildPlan#runId()})
 * @param events events applied by this invocation
 * @param seconds this invocation's duration, in seconds
 * @param eventsPerSecond events applied per second while scanning
 * @param swaps per rebuilt table variable, what the swap wrote (empty until done)
 */
public record RebuildResult(
        boolean done, String runId, long events, double seconds, double eventsPerSecond, Map<String, Swap> swaps) {

    /** What the swap wrote to one live table: items put, items deleted, items left as they were. */
    public record Swap(long put, long deleted, long unchanged) {}
}
