package dev.antipop.notebooks.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A notebook as the fold of its stream leaves it: what {@code GET /api/notebooks/{id}} answers and what a snapshot
 * stores.
 *
 * @param notebookId its Snowflake id (stream {@code notebook-<notebookId>})
 * @param ownerId who created it
 * @param title 1–200 characters
 * @param description at most 2,000 characters; empty when none
 * @param visibility {@code private} or {@code public}
 * @param shares user id → {@code viewer} or {@code editor}
 * @param cells in notebook order
 * @param version the stream version this state reflects (every event adds one)
 */
public record Notebook(
        String notebookId,
        String ownerId,
        String title,
        String description,
        String visibility,
        Map<String, String> shares,
        List<Cell> cells,
        long version) {

    /** {@code visibility} of a notebook only its owner and shares may read. */
    public static final String PRIVATE = "private";

    /** {@code visibility} of a notebook anyone may read. */
    public static final String PUBLIC = "public";

    /** Copies the collections (shares sorted by user id, so equal notebooks encode equally). */
    public Notebook {
        shares = shares == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(shares));
        cells = cells == null ? List.of() : List.copyOf(cells);
    }

    /** Whether anyone may read it. */
    public boolean isPublic() {
        return PUBLIC.equals(visibility);
    }

    /** The cell {@code cellId}, if the notebook has it. */
    public Optional<Cell> cell(String cellId) {
        return cells.stream().filter(c -> c.cellId().equals(cellId)).findFirst();
    }

    /** The index of {@code cellId} in {@link #cells}, or -1. */
    public int indexOf(String cellId) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).cellId().equals(cellId)) {
                return i;
            }
        }
        return -1;
    }

    Notebook next(String title, String description, String visibility, Map<String, String> shares, List<Cell> cells) {
        return new Notebook(notebookId, ownerId, title, description, visibility, shares, cells, version + 1);
    }

    Notebook withCells(List<Cell> cells) {
        return next(title, description, visibility, shares, cells);
    }

    Notebook bumped() {
        return next(title, description, visibility, shares, cells);
    }

    List<Cell> mutableCells() {
        return new ArrayList<>(cells);
    }
}
