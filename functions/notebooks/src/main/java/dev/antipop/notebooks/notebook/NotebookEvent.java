package dev.antipop.notebooks.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Facts about one notebook; types {@code notebooks.<fact>} (the seed's {@code notebook.created} is {@code
 * notebooks.notebook_created}, its {@code cell.updated} is {@code notebooks.cell_updated}: every type of a context
 * starts with the context's name), all on topic {@code notebook.<notebookId>.events}. Every event carries the ids it
 * concerns. {@code stale} lists the cells a change made stale (the changed cell and everything that reads it,
 * transitively), in topological order, so clients re-run them in that order.
 */
public sealed interface NotebookEvent {

    /** The notebook. */
    String notebookId();

    /** {@code notebooks.notebook_created}. */
    record NotebookCreated(String notebookId, String ownerId, String title, String description)
            implements NotebookEvent {}

    /** {@code notebooks.notebook_updated}: the changed fields (null: unchanged). */
    record NotebookUpdated(String notebookId, String title, String description) implements NotebookEvent {}

    /** {@code notebooks.notebook_deleted}. */
    record NotebookDeleted(String notebookId) implements NotebookEvent {}

    /** {@code notebooks.notebook_shared}: {@code userId} becomes a {@code role} member (scope {@code notebook}). */
    record NotebookShared(String notebookId, String userId, String role) implements NotebookEvent {}

    /** {@code notebooks.notebook_unshared}: {@code userId}'s membership is withdrawn. */
    record NotebookUnshared(String notebookId, String userId) implements NotebookEvent {}

    /**
     * {@code notebooks.notebook_made_public}: everyone may read it. {@code audience} is {@code *}, the pseudo-user whose
     * {@code reader} membership realtime applies to every user.
     */
    record NotebookMadePublic(String notebookId, String audience) implements NotebookEvent {}

    /** {@code notebooks.notebook_made_private}: only its owner and shares may read it again. */
    record NotebookMadePrivate(String notebookId, String audience) implements NotebookEvent {}

    /** {@code notebooks.cell_created} at index {@code position}. */
    record CellCreated(
            String notebookId,
            String cellId,
            String kind,
            String value,
            int position,
            String name,
            List<String> inputs,
            List<String> stale)
            implements NotebookEvent {
        public CellCreated {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            stale = stale == null ? List.of() : List.copyOf(stale);
        }
    }

    /**
     * {@code notebooks.cell_updated}: the changed fields (null: unchanged; {@code name} {@code ""}: the name removed).
     */
    record CellUpdated(
            String notebookId,
            String cellId,
            String value,
            String kind,
            Boolean isClosed,
            String name,
            List<String> inputs,
            List<String> stale)
            implements NotebookEvent {
        public CellUpdated {
            inputs = inputs == null ? null : List.copyOf(inputs);
            stale = stale == null ? List.of() : List.copyOf(stale);
        }
    }

    /** {@code notebooks.cell_moved} to index {@code position}. */
    record CellMoved(String notebookId, String cellId, int position) implements NotebookEvent {}

    /** {@code notebooks.cell_deleted}; {@code stale}: the cells that read it, now without their input. */
    record CellDeleted(String notebookId, String cellId, List<String> stale) implements NotebookEvent {
        public CellDeleted {
            stale = stale == null ? List.of() : List.copyOf(stale);
        }
    }

    /** {@code notebooks.cell_executed}: the result a client computed (JSON, at most 64 KB) in {@code executionTime} ms. */
    record CellExecuted(String notebookId, String cellId, JsonNode result, long executionTime)
            implements NotebookEvent {}
}
