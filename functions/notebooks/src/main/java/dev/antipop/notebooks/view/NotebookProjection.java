package dev.antipop.notebooks.view;

import dev.antipop.core.event.EventEnvelope;
import dev.antipop.notebooks.notebook.Notebook;
import dev.antipop.notebooks.notebook.NotebookState;
import dev.antipop.notebooks.search.SearchIndex;
import dev.antipop.notebooks.snapshot.NotebookLoader;
import dev.antipop.notebooks.snapshot.NotebookSnapshots;
import dev.antipop.runtime.context.MembershipProjection;
import dev.antipop.runtime.projection.Projector;
import dev.antipop.runtime.stream.EventStreamProcessor;

/**
 * The notebooks processor's work:
 *
 * <ul>
 *   <li>per event: memberships (owner, shares, the public {@code *} reader) and, at every {@value
 *       NotebookSnapshots#EVERY}th version, the snapshot of the notebook at that version;
 *   <li>once per stream and batch (when the processor records the stream's position, before read-your-writes sees
 *       it): the list view and the search index, from the notebook's latest state (a snapshot and at most 99 events).
 * </ul>
 */
public final class NotebookProjection {

    private final MembershipProjection memberships;
    private final NotebookLoader loader;
    private final NotebookSnapshots snapshots;
    private final NotebookListView list;
    private final SearchIndex search;

    public NotebookProjection(
            MembershipProjection memberships,
            NotebookLoader loader,
            NotebookSnapshots snapshots,
            NotebookListView list,
            SearchIndex search) {
        this.memberships = memberships;
        this.loader = loader;
        this.snapshots = snapshots;
        this.list = list;
        this.search = search;
    }

    /**
     * The list view and the search index as {@code rebuild-projections} replays them: nothing per event, and each
     * stream refreshed from its latest state once its events have been read (as the processor does once per batch).
     * Memberships are their own view ({@link MembershipProjection#view}); snapshots are a cache the loader reads, not
     * written here.
     */
    public static Projector rebuilding(NotebookLoader loader, NotebookListView list, SearchIndex search) {
        NotebookProjection projection = new NotebookProjection(null, loader, null, list, search);
        return new Projector() {
            @Override
            public void apply(EventEnvelope event) {
                // The list and the index are refreshed per stream, from the notebook's state.
            }

            @Override
            public void streamDone(String stream) {
                projection.refresh(stream);
            }
        };
    }

    /** Applies one event. */
    public void project(EventEnvelope event) {
        memberships.project(event);
        if (event.version() % NotebookSnapshots.EVERY == 0) {
            NotebookLoader.Loaded loaded = loader.load(event.stream(), event.version());
            if (loaded.version() == event.version()) {
                snapshots.save(event.stream(), event.version(), loaded.state());
            }
        }
    }

    /** Refreshes the views of {@code stream} then tells {@code next} (the read-your-writes positions). */
    public EventStreamProcessor.PositionListener refreshingBefore(EventStreamProcessor.PositionListener next) {
        return (stream, version) -> {
            refresh(stream);
            next.handled(stream, version);
        };
    }

    /** Projects the latest state of {@code stream} into the list view and the search index. */
    public void refresh(String stream) {
        NotebookLoader.Loaded loaded = loader.load(stream);
        switch (loaded.state()) {
            case NotebookState.None none -> {}
            case NotebookState.Active active -> project(active.notebook(), false);
            case NotebookState.Deleted deleted -> project(deleted.notebook(), true);
        }
    }

    private void project(Notebook notebook, boolean deleted) {
        list.refresh(notebook, deleted);
        search.refresh(notebook.notebookId(), notebook, deleted);
    }
}
