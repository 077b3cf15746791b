package dev.antipop.runtime.projection;

import dev.antipop.core.event.EventEnvelope;

/**
 * What a view does with its context's events, without the processor's policies: the seam a rebuild replays
 * ({@code rebuild-projections}). Implementations are the views' own {@code project} methods, so a rebuilt view is
 * written by the very code the stream processor runs.
 *
 * <p>Contract, as for the processor: events of one stream come in version order; events of different streams in any
 * relative order and possibly from several threads at once; an event may come again (a resumed rebuild), so applying
 * is idempotent (views are version-conditional, {@code ViewStore}).
 */
@FunctionalInterface
public interface Projector {

    /** Applies one event of the context's events table; throwing stops the rebuild (it resumes from its checkpoint). */
    void apply(EventEnvelope event) throws Exception;

    /**
     * Told once a stream's events read in a row have all been applied (a view that refreshes per stream rather than
     * per event, as the notebooks list does once per batch). Default: nothing.
     */
    default void streamDone(String stream) throws Exception {}
}
