package dev.antipop.notebooks.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What may be asked of one notebook (stream {@code notebook-<notebookId>}); payloads as DESIGN.md section 10 lists
 * them. {@code expectedVersion}, when not null, is the notebook version the sender last saw: a notebook at another
 * version refuses the command with 409 {@code conflict} naming the current version.
 */
public sealed interface NotebookCommand {

    /** The notebook. */
    String notebookId();

    /** Who sends it. */
    Actor actor();

    /** {@code CREATE_NOTEBOOK}: a new private notebook owned by the sender. */
    record CreateNotebook(String notebookId, Actor actor, String title, String description)
            implements NotebookCommand {}

    /** {@code UPDATE_NOTEBOOK}: a new title and/or description (null: unchanged). */
    record UpdateNotebook(String notebookId, Actor actor, String title, String description, Long expectedVersion)
            implements NotebookCommand {}

    /** {@code DELETE_NOTEBOOK}: soft delete; the owner only. */
    record DeleteNotebook(String notebookId, Actor actor, Long expectedVersion) implements NotebookCommand {}

    /**
     * {@code CREATE_CELL}.
     *
     * @param position the index to insert at (null or past the end: last)
     * @param name null for an unnamed cell
     * @param inputs the names it reads; null for none
     */
    record CreateCell(
            String notebookId,
            String cellId,
            Actor actor,
            String kind,
            String value,
            Integer position,
            String name,
            List<String> inputs,
            Long expectedVersion)
            implements NotebookCommand {

        /** The same command from another sender. */
        public CreateCell withActor(Actor other) {
            return new CreateCell(notebookId, cellId, other, kind, value, position, name, inputs, expectedVersion);
        }
    }

    /**
     * {@code UPDATE_CELL}: each non-null field replaces the cell's; {@code name} {@code ""} removes the name.
     */
    record UpdateCell(
            String notebookId,
            String cellId,
            Actor actor,
            String value,
            String kind,
            Boolean isClosed,
            String name,
            List<String> inputs,
            Long expectedVersion)
            implements NotebookCommand {}

    /** {@code MOVE_CELL}: to index {@code position} (past the end: last). */
    record MoveCell(String notebookId, String cellId, Actor actor, int position, Long expectedVersion)
            implements NotebookCommand {}

    /** {@code DELETE_CELL}. */
    record DeleteCell(String notebookId, String cellId, Actor actor, Long expectedVersion) implements NotebookCommand {}

    /** {@code EXECUTE_CELL}: records a result the client computed; the server never runs cell code. */
    record ExecuteCell(
            String notebookId, String cellId, Actor actor, JsonNode result, long executionTime, Long expectedVersion)
            implements NotebookCommand {}

    /** {@code SHARE_NOTEBOOK}: {@code role} {@code viewer} or {@code editor}; the owner only. */
    record ShareNotebook(String notebookId, Actor actor, String userId, String role) implements NotebookCommand {}

    /** {@code UNSHARE_NOTEBOOK}: the owner only. */
    record UnshareNotebook(String notebookId, Actor actor, String userId) implements NotebookCommand {}

    /** {@code SET_NOTEBOOK_VISIBILITY}: {@code public} or {@code private}; the owner only. */
    record SetNotebookVisibility(String notebookId, Actor actor, String visibility) implements NotebookCommand {}
}
