package dev.antipop.notebooks.notebook;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import dev.antipop.notebooks.notebook.NotebookCommand.CreateCell;
import dev.antipop.notebooks.notebook.NotebookCommand.CreateNotebook;
import dev.antipop.notebooks.notebook.NotebookCommand.DeleteCell;
import dev.antipop.notebooks.notebook.NotebookCommand.DeleteNotebook;
import dev.antipop.notebooks.notebook.NotebookCommand.ExecuteCell;
import dev.antipop.notebooks.notebook.NotebookCommand.MoveCell;
import dev.antipop.notebooks.notebook.NotebookCommand.SetNotebookVisibility;
import dev.antipop.notebooks.notebook.NotebookCommand.ShareNotebook;
import dev.antipop.notebooks.notebook.NotebookCommand.UnshareNotebook;
import dev.antipop.notebooks.notebook.NotebookCommand.UpdateCell;
import dev.antipop.notebooks.notebook.NotebookCommand.UpdateNotebook;
import dev.antipop.notebooks.notebook.NotebookEvent.CellCreated;
import dev.antipop.notebooks.notebook.NotebookEvent.CellDeleted;
import dev.antipop.notebooks.notebook.NotebookEvent.CellExecuted;
import dev.antipop.notebooks.notebook.NotebookEvent.CellMoved;
import dev.antipop.notebooks.notebook.NotebookEvent.CellUpdated;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookCreated;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookDeleted;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookMadePrivate;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookMadePublic;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookShared;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookUnshared;
import dev.antipop.notebooks.notebook.NotebookEvent.NotebookUpdated;
import dev.antipop.notebooks.notebook.NotebookState.Active;
import dev.antipop.notebooks.notebook.NotebookState.Deleted;
import dev.antipop.notebooks.notebook.NotebookState.None;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The notebook aggregate's decisions (its cells live in its stream, so one expected version covers the notebook and
 * its dependency graph). Pure: no I/O, no clock.
 *
 * <ul>
 *   <li>Access comes from the notebook's own state: readers are the owner, its shares and (public) everyone; editors
 *       the owner and {@code editor} shares; the owner alone deletes, shares, unshares and sets visibility; admins do
 *       everything. Someone who may not read it gets 404 (its existence is not revealed); a reader who may not do
 *       the command gets 403.
 *   <li>{@code expectedVersion}: checked after access; another version is 409 {@code conflict} with field {@code
 *       currentVersion}.
 *   <li>Cells: the graph must stay acyclic with unique names ({@link DependencyGraph#check}); a change lists the cells
 *       it makes stale in topological order.
 *   <li>A deleted notebook refuses every command with 404; a repeated create decides nothing.
 * </ul>
 */
public final class NotebookDecider implements Decider<NotebookCommand, NotebookEvent, NotebookState> {

    /** Share roles. */
    public static final List<String> SHARE_ROLES = List.of("viewer", "editor");

    /** The membership role of the owner (scope {@code notebook}). */
    public static final String OWNER = "owner";

    /** The pseudo-user of a public notebook's {@code reader} membership: every user. */
    public static final String EVERYONE = "*";

    @Override
    public NotebookState initialState() {
        return new None();
    }

    @Override
    public List<NotebookEvent> decide(NotebookCommand command, NotebookState state) {
        if (command instanceof CreateNotebook create) {
            return state instanceof None
                    ? List.of(new NotebookCreated(
                            create.notebookId(),
                            create.actor().userId(),
                            create.title(),
                            Objects.requireNonNullElse(create.description(), "")))
                    : List.of();
        }
        Notebook notebook = switch (state) {
            case None none -> throw notFound(command.notebookId());
            case Deleted deleted -> throw notFound(command.notebookId());
            case Active active -> active.notebook();
        };
        if (!Access.mayRead(notebook, command.actor())) {
            throw notFound(command.notebookId());
        }
        return switch (command) {
            case CreateNotebook create -> List.of();
            case UpdateNotebook update -> {
                edit(notebook, update.actor(), update.expectedVersion());
                String title =
                        update.title() != null && !update.title().equals(notebook.title()) ? update.title() : null;
                String description =
                        update.description() != null && !update.description().equals(notebook.description())
                                ? update.description()
                                : null;
                yield title == null && description == null
                        ? List.of()
                        : List.of(new NotebookUpdated(notebook.notebookId(), title, description));
            }
            case DeleteNotebook delete -> {
                manage(notebook, delete.actor(), delete.expectedVersion());
                yield List.of(new NotebookDeleted(notebook.notebookId()));
            }
            case CreateCell create -> createCell(notebook, create);
            case UpdateCell update -> updateCell(notebook, update);
            case MoveCell move -> {
                edit(notebook, move.actor(), move.expectedVersion());
                int from = requireCell(notebook, move.cellId());
                int to = Math.min(move.position(), notebook.cells().size() - 1);
                yield from == to ? List.of() : List.of(new CellMoved(notebook.notebookId(), move.cellId(), to));
            }
            case DeleteCell delete -> {
                edit(notebook, delete.actor(), delete.expectedVersion());
                requireCell(notebook, delete.cellId());
                List<Cell> after = notebook.mutableCells();
                after.removeIf(c -> c.cellId().equals(delete.cellId()));
                List<String> stale = DependencyGraph.stale(
                        after, delete.cellId(), false, DependencyGraph.readersOf(notebook.cells(), delete.cellId()));
                yield List.of(new CellDeleted(notebook.notebookId(), delete.cellId(), stale));
            }
            case ExecuteCell execute -> {
                edit(notebook, execute.actor(), execute.expectedVersion());
                requireCell(notebook, execute.cellId());
                yield List.of(new CellExecuted(
                        notebook.notebookId(), execute.cellId(), execute.result(), execute.executionTime()));
            }
            case ShareNotebook share -> {
                manage(notebook, share.actor(), null);
                if (share.userId().equals(notebook.ownerId())) {
                    throw CommandException.validation(Map.of("userId", "is the notebook's owner"));
                }
                yield share.role().equals(notebook.shares().get(share.userId()))
                        ? List.of()
                        : List.of(new NotebookShared(notebook.notebookId(), share.userId(), share.role()));
            }
            case UnshareNotebook unshare -> {
                manage(notebook, unshare.actor(), null);
                yield notebook.shares().containsKey(unshare.userId())
                        ? List.of(new NotebookUnshared(notebook.notebookId(), unshare.userId()))
                        : List.of();
            }
            case SetNotebookVisibility visibility -> {
                manage(notebook, visibility.actor(), null);
                if (visibility.visibility().equals(notebook.visibility())) {
                    yield List.of();
                }
                yield visibility.visibility().equals(Notebook.PUBLIC)
                        ? List.of(new NotebookMadePublic(notebook.notebookId(), EVERYONE))
                        : List.of(new NotebookMadePrivate(notebook.notebookId(), EVERYONE));
            }
        };
    }

    private static List<NotebookEvent> createCell(Notebook notebook, CreateCell create) {
        edit(notebook, create.actor(), create.expectedVersion());
        if (notebook.indexOf(create.cellId()) >= 0) {
            return List.of();
        }
        int position = create.position() == null
                ? notebook.cells().size()
                : Math.min(create.position(), notebook.cells().size());
        Cell cell = new Cell(
                create.cellId(),
                create.kind(),
                create.value(),
                blankToNull(create.name()),
                create.inputs(),
                false,
                null,
                null);
        List<Cell> after = notebook.mutableCells();
        after.add(position, cell);
        DependencyGraph.check(after);
        return List.of(new CellCreated(
                notebook.notebookId(),
                create.cellId(),
                create.kind(),
                create.value(),
                position,
                cell.name(),
                cell.inputs(),
                DependencyGraph.stale(after, create.cellId(), true, null)));
    }

    private static List<NotebookEvent> updateCell(Notebook notebook, UpdateCell update) {
        edit(notebook, update.actor(), update.expectedVersion());
        int index = requireCell(notebook, update.cellId());
        Cell before = notebook.cells().get(index);
        String value = changed(update.value(), before.value());
        String kind = changed(update.kind(), before.kind());
        Boolean isClosed =
                update.isClosed() != null && update.isClosed() != before.isClosed() ? update.isClosed() : null;
        String name = update.name() == null || Objects.equals(blankToNull(update.name()), before.name())
                ? null
                : update.name();
        List<String> inputs =
                update.inputs() != null && !update.inputs().equals(before.inputs()) ? update.inputs() : null;
        if (value == null && kind == null && isClosed == null && name == null && inputs == null) {
            return List.of();
        }
        List<Cell> after = notebook.mutableCells();
        Cell changedCell = apply(before, value, kind, isClosed, name, inputs);
        after.set(index, changedCell);
        DependencyGraph.check(after);
        // Only what changes a computed value makes cells stale: opening or closing a cell does not.
        boolean recompute = value != null || kind != null || name != null || inputs != null;
        List<String> stale = List.of();
        if (recompute) {
            stale = DependencyGraph.stale(after, update.cellId(), true, null);
            if (name != null) {
                // Readers of the old name lose their input: stale too, in the order of the graph after the change.
                java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(stale);
                for (String reader : DependencyGraph.readersOf(notebook.cells(), update.cellId())) {
                    all.addAll(DependencyGraph.stale(after, reader, true, null));
                }
                stale = DependencyGraph.stale(after, update.cellId(), true, all);
            }
        }
        return List.of(
                new CellUpdated(notebook.notebookId(), update.cellId(), value, kind, isClosed, name, inputs, stale));
    }

    @Override
    public NotebookState evolve(NotebookState state, NotebookEvent event) {
        if (event instanceof NotebookCreated created) {
            return new Active(new Notebook(
                    created.notebookId(),
                    created.ownerId(),
                    created.title(),
                    created.description(),
                    Notebook.PRIVATE,
                    Map.of(),
                    List.of(),
                    1));
        }
        Notebook notebook = switch (state) {
            case None none ->
                throw new IllegalStateException(
                        "Notebook " + event.notebookId() + " has events before notebook_created");
            case Active active -> active.notebook();
            case Deleted deleted -> deleted.notebook();
        };
        Notebook next = switch (event) {
            case NotebookCreated created -> notebook.bumped();
            case NotebookUpdated updated ->
                notebook.next(
                        Objects.requireNonNullElse(updated.title(), notebook.title()),
                        Objects.requireNonNullElse(updated.description(), notebook.description()),
                        notebook.visibility(),
                        notebook.shares(),
                        notebook.cells());
            case NotebookDeleted deleted -> notebook.bumped();
            case NotebookShared shared -> {
                Map<String, String> shares = new java.util.HashMap<>(notebook.shares());
                shares.put(shared.userId(), shared.role());
                yield notebook.next(
                        notebook.title(), notebook.description(), notebook.visibility(), shares, notebook.cells());
            }
            case NotebookUnshared unshared -> {
                Map<String, String> shares = new java.util.HashMap<>(notebook.shares());
                shares.remove(unshared.userId());
                yield notebook.next(
                        notebook.title(), notebook.description(), notebook.visibility(), shares, notebook.cells());
            }
            case NotebookMadePublic made ->
                notebook.next(
                        notebook.title(), notebook.description(), Notebook.PUBLIC, notebook.shares(), notebook.cells());
            case NotebookMadePrivate made ->
                notebook.next(
                        notebook.title(),
                        notebook.description(),
                        Notebook.PRIVATE,
                        notebook.shares(),
                        notebook.cells());
            case CellCreated created -> {
                List<Cell> cells = notebook.mutableCells();
                cells.add(
                        Math.min(created.position(), cells.size()),
                        new Cell(
                                created.cellId(),
                                created.kind(),
                                created.value(),
                                created.name(),
                                created.inputs(),
                                false,
                                null,
                                null));
                yield notebook.withCells(cells);
            }
            case CellUpdated updated -> {
                List<Cell> cells = notebook.mutableCells();
                int index = notebook.indexOf(updated.cellId());
                if (index >= 0) {
                    cells.set(
                            index,
                            apply(
                                    cells.get(index),
                                    updated.value(),
                                    updated.kind(),
                                    updated.isClosed(),
                                    updated.name(),
                                    updated.inputs()));
                }
                yield notebook.withCells(cells);
            }
            case CellMoved moved -> {
                List<Cell> cells = notebook.mutableCells();
                int index = notebook.indexOf(moved.cellId());
                if (index >= 0) {
                    Cell cell = cells.remove(index);
                    cells.add(Math.min(moved.position(), cells.size()), cell);
                }
                yield notebook.withCells(cells);
            }
            case CellDeleted deleted -> {
                List<Cell> cells = notebook.mutableCells();
                cells.removeIf(c -> c.cellId().equals(deleted.cellId()));
                yield notebook.withCells(cells);
            }
            case CellExecuted executed -> {
                List<Cell> cells = notebook.mutableCells();
                int index = notebook.indexOf(executed.cellId());
                if (index >= 0) {
                    Cell c = cells.get(index);
                    cells.set(
                            index,
                            new Cell(
                                    c.cellId(),
                                    c.kind(),
                                    c.value(),
                                    c.name(),
                                    c.inputs(),
                                    c.isClosed(),
                                    executed.result(),
                                    executed.executionTime()));
                }
                yield notebook.withCells(cells);
            }
        };
        return event instanceof NotebookDeleted || state instanceof Deleted ? new Deleted(next) : new Active(next);
    }

    @Override
    public List<String> uniqueClaims(NotebookEvent event) {
        // The claim's item names the cell's stream: /api/cells/{id} finds its notebook with one consistent GetItem.
        return event instanceof CellCreated created ? List.of(cellClaim(created.cellId())) : List.of();
    }

    /** The uniqueness claim of a cell id, {@code cell#<cellId>}, whose item names the notebook's stream. */
    public static String cellClaim(String cellId) {
        return "cell#" + cellId;
    }

    /** A changed cell: a new value clears the recorded result (it is stale until a client executes it again). */
    private static Cell apply(Cell c, String value, String kind, Boolean isClosed, String name, List<String> inputs) {
        boolean recompute = value != null || kind != null || name != null || inputs != null;
        return new Cell(
                c.cellId(),
                Objects.requireNonNullElse(kind, c.kind()),
                Objects.requireNonNullElse(value, c.value()),
                name == null ? c.name() : blankToNull(name),
                inputs == null ? c.inputs() : inputs,
                isClosed == null ? c.isClosed() : isClosed,
                recompute ? null : c.result(),
                recompute ? null : c.executionTime());
    }

    private static void edit(Notebook notebook, Actor actor, Long expectedVersion) {
        if (!Access.mayEdit(notebook, actor)) {
            throw CommandException.forbidden("You may read notebook " + notebook.notebookId() + " but not edit it");
        }
        expect(notebook, expectedVersion);
    }

    private static void manage(Notebook notebook, Actor actor, Long expectedVersion) {
        if (!Access.mayManage(notebook, actor)) {
            throw CommandException.forbidden("Only the owner of notebook " + notebook.notebookId() + " may do this");
        }
        expect(notebook, expectedVersion);
    }

    private static void expect(Notebook notebook, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != notebook.version()) {
            throw CommandException.conflict(
                    "Notebook " + notebook.notebookId() + " is at version " + notebook.version() + ", not "
                            + expectedVersion + "; reload it and apply your change again",
                    Map.of("expectedVersion", "is stale", "currentVersion", Long.toString(notebook.version())));
        }
    }

    private static int requireCell(Notebook notebook, String cellId) {
        int index = notebook.indexOf(cellId);
        if (index < 0) {
            throw CommandException.notFound("Notebook " + notebook.notebookId() + " has no cell " + cellId);
        }
        return index;
    }

    private static String changed(String requested, String current) {
        return requested != null && !requested.equals(current) ? requested : null;
    }

    private static String blankToNull(String name) {
        return name == null || name.isEmpty() ? null : name;
    }

    private static CommandException notFound(String notebookId) {
        return CommandException.notFound("No notebook " + notebookId);
    }
}
