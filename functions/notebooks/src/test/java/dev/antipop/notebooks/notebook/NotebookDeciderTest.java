package dev.antipop.notebooks.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection: every rule of the notebook aggregate. */
class NotebookDeciderTest {

    private static final String NB = "100";
    private static final Actor OWNER = new Actor("1", false);
    private static final Actor EDITOR = new Actor("2", false);
    private static final Actor VIEWER = new Actor("3", false);
    private static final Actor STRANGER = new Actor("4", false);
    private static final Actor ADMIN = new Actor("9", true);

    private final NotebookDecider decider = new NotebookDecider();

    private List<NotebookEvent> given = new ArrayList<>();

    private NotebookState state() {
        NotebookState state = decider.initialState();
        for (NotebookEvent event : given) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    private List<NotebookEvent> when(NotebookCommand command) {
        return decider.decide(command, state());
    }

    private void rejected(NotebookCommand command, ErrorCode code, String fieldOrMessage) {
        assertThatThrownBy(() -> when(command)).isInstanceOfSatisfying(CommandException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage() + " " + e.fields()).contains(fieldOrMessage);
        });
    }

    private void givenShared() {
        given.add(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
        given.add(new NotebookShared(NB, EDITOR.userId(), "editor"));
        given.add(new NotebookShared(NB, VIEWER.userId(), "viewer"));
    }

    private static CellCreated cell(String id, int position, String name, List<String> inputs) {
        return new CellCreated(NB, id, "javascript", name + " = 1", position, name, inputs, List.of(id));
    }

    private static CreateCell createCell(String id, String name, List<String> inputs) {
        return new CreateCell(NB, id, OWNER, "javascript", "x", null, name, inputs, null);
    }

    @Nested
    class Lifecycle {

        @Test
        void aNewNotebookIsPrivateToItsOwnerAtVersionOne() {
            assertThat(when(new CreateNotebook(NB, OWNER, "Sums", null)))
                    .containsExactly(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
            given.add(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
            Notebook notebook = ((NotebookState.Active) state()).notebook();
            assertThat(notebook.visibility()).isEqualTo(Notebook.PRIVATE);
            assertThat(notebook.version()).isEqualTo(1);
        }

        @Test
        void aRepeatedCreateDecidesNothing() {
            given.add(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
            assertThat(when(new CreateNotebook(NB, OWNER, "Sums", null))).isEmpty();
        }

        @Test
        void anUpdateCarriesOnlyWhatChanged() {
            givenShared();
            assertThat(when(new UpdateNotebook(NB, EDITOR, "Sums", "More", null)))
                    .containsExactly(new NotebookUpdated(NB, null, "More"));
            assertThat(when(new UpdateNotebook(NB, EDITOR, "Sums", null, null))).isEmpty();
        }

        @Test
        void deleteIsSoftAndThenEveryCommandIsNotFound() {
            givenShared();
            assertThat(when(new DeleteNotebook(NB, OWNER, null))).containsExactly(new NotebookDeleted(NB));
            given.add(new NotebookDeleted(NB));
            NotebookState state = state();
            assertThat(state).isInstanceOf(NotebookState.Deleted.class);
            assertThat(((NotebookState.Deleted) state).notebook().title()).isEqualTo("Sums");
            rejected(new UpdateNotebook(NB, OWNER, "New", null, null), ErrorCode.NOT_FOUND, "No notebook");
            rejected(createCell("200", null, null), ErrorCode.NOT_FOUND, "No notebook");
        }

        @Test
        void onlyTheOwnerDeletes() {
            givenShared();
            rejected(new DeleteNotebook(NB, EDITOR, null), ErrorCode.FORBIDDEN, "owner");
            assertThat(when(new DeleteNotebook(NB, ADMIN, null))).containsExactly(new NotebookDeleted(NB));
        }

        @Test
        void anUnknownNotebookIsNotFound() {
            rejected(new UpdateNotebook(NB, OWNER, "x", null, null), ErrorCode.NOT_FOUND, "No notebook " + NB);
        }
    }

    @Nested
    class SharingAndVisibility {

        @Test
        void aStrangerCannotTellAPrivateNotebookExists() {
            givenShared();
            rejected(createCell("200", null, null).withActor(STRANGER), ErrorCode.NOT_FOUND, "No notebook");
        }

        @Test
        void aViewerReadsButMayNotEdit() {
            givenShared();
            rejected(
                    new UpdateCell(NB, "200", VIEWER, "v", null, null, null, null, null),
                    ErrorCode.FORBIDDEN,
                    "not edit");
            rejected(new UpdateNotebook(NB, VIEWER, "x", null, null), ErrorCode.FORBIDDEN, "not edit");
        }

        @Test
        void anEditorEditsButDoesNotShare() {
            givenShared();
            assertThat(when(createCell("200", null, null).withActor(EDITOR))).hasSize(1);
            rejected(new ShareNotebook(NB, EDITOR, "5", "viewer"), ErrorCode.FORBIDDEN, "owner");
            rejected(new SetNotebookVisibility(NB, EDITOR, "public"), ErrorCode.FORBIDDEN, "owner");
        }

        @Test
        void sharingGrantsARoleOnceAndUnsharingWithdrawsIt() {
            given.add(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
            assertThat(when(new ShareNotebook(NB, OWNER, "5", "viewer")))
                    .containsExactly(new NotebookShared(NB, "5", "viewer"));
            given.add(new NotebookShared(NB, "5", "viewer"));
            assertThat(when(new ShareNotebook(NB, OWNER, "5", "viewer"))).isEmpty();
            assertThat(when(new ShareNotebook(NB, OWNER, "5", "editor")))
                    .containsExactly(new NotebookShared(NB, "5", "editor"));
            assertThat(when(new UnshareNotebook(NB, OWNER, "5"))).containsExactly(new NotebookUnshared(NB, "5"));
            given.add(new NotebookUnshared(NB, "5"));
            assertThat(when(new UnshareNotebook(NB, OWNER, "5"))).isEmpty();
            rejected(
                    new UpdateNotebook(NB, new Actor("5", false), "x", null, null), ErrorCode.NOT_FOUND, "No notebook");
        }

        @Test
        void theOwnerIsNotShared() {
            given.add(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
            rejected(new ShareNotebook(NB, OWNER, OWNER.userId(), "viewer"), ErrorCode.VALIDATION_FAILED, "owner");
        }

        @Test
        void aPublicNotebookIsReadableByAnyoneButEditableOnlyByItsEditors() {
            given.add(new NotebookCreated(NB, OWNER.userId(), "Sums", ""));
            assertThat(when(new SetNotebookVisibility(NB, OWNER, "public")))
                    .containsExactly(new NotebookMadePublic(NB, "*"));
            given.add(new NotebookMadePublic(NB, "*"));
            Notebook notebook = ((NotebookState.Active) state()).notebook();
            assertThat(Access.mayRead(notebook, STRANGER)).isTrue();
            assertThat(Access.mayRead(notebook, null)).isTrue();
            rejected(createCell("200", null, null).withActor(STRANGER), ErrorCode.FORBIDDEN, "not edit");
            assertThat(when(new SetNotebookVisibility(NB, OWNER, "public"))).isEmpty();
            assertThat(when(new SetNotebookVisibility(NB, OWNER, "private")))
                    .containsExactly(new NotebookMadePrivate(NB, "*"));
            given.add(new NotebookMadePrivate(NB, "*"));
            assertThat(Access.mayRead(((NotebookState.Active) state()).notebook(), STRANGER))
                    .isFalse();
        }
    }

    @Nested
    class ExpectedVersion {

        @Test
        void theCurrentVersionPasses() {
            givenShared();
            assertThat(when(new UpdateNotebook(NB, EDITOR, "New", null, 3L))).hasSize(1);
        }

        @Test
        void aStaleVersionIsAConflictNamingTheCurrentOne() {
            givenShared();
            rejected(new UpdateNotebook(NB, EDITOR, "New", null, 2L), ErrorCode.CONFLICT, "currentVersion=3");
            rejected(
                    new CreateCell(NB, "200", EDITOR, "sql", "select 1", null, null, null, 1L),
                    ErrorCode.CONFLICT,
                    "is at version 3");
        }

        @Test
        void aStrangerLearnsNoVersion() {
            givenShared();
            rejected(new UpdateNotebook(NB, STRANGER, "New", null, 1L), ErrorCode.NOT_FOUND, "No notebook");
        }
    }

    @Nested
    class Cells {

        @Test
        void cellsAreInsertedAtTheirPositionAndMoved() {
            givenShared();
            given.add(cell("200", 0, "a", List.of()));
            given.add(cell("201", 1, "b", List.of()));
            List<NotebookEvent> created =
                    when(new CreateCell(NB, "202", OWNER, "markdown", "# T", 0, null, null, null));
            assertThat(((CellCreated) created.getFirst()).position()).isZero();
            given.addAll(created);
            assertThat(cellIds()).containsExactly("202", "200", "201");
            assertThat(when(new MoveCell(NB, "202", EDITOR, 99, null))).containsExactly(new CellMoved(NB, "202", 2));
            given.add(new CellMoved(NB, "202", 2));
            assertThat(cellIds()).containsExactly("200", "201", "202");
            assertThat(when(new MoveCell(NB, "202", EDITOR, 2, null))).isEmpty();
        }

        @Test
        void anUnknownCellIsNotFound() {
            givenShared();
            rejected(new DeleteCell(NB, "999", OWNER, null), ErrorCode.NOT_FOUND, "no cell 999");
        }

        @Test
        void executingRecordsTheClientsResultAndAChangeClearsIt() {
            givenShared();
            given.add(cell("200", 0, "a", List.of()));
            List<NotebookEvent> executed = when(new ExecuteCell(NB, "200", EDITOR, IntNode.valueOf(42), 7, null));
            assertThat(executed).containsExactly(new CellExecuted(NB, "200", IntNode.valueOf(42), 7));
            given.addAll(executed);
            assertThat(cell("200").result()).isEqualTo(IntNode.valueOf(42));
            assertThat(cell("200").executionTime()).isEqualTo(7);
            given.add(new CellUpdated(NB, "200", "a = 2", null, null, null, null, List.of("200")));
            assertThat(cell("200").result()).isNull();
            rejected(new ExecuteCell(NB, "200", VIEWER, IntNode.valueOf(1), 1, null), ErrorCode.FORBIDDEN, "edit");
        }

        @Test
        void closingACellMakesNothingStale() {
            givenShared();
            given.add(cell("200", 0, "a", List.of()));
            given.add(cell("201", 1, "b", List.of("a")));
            assertThat(when(new UpdateCell(NB, "200", OWNER, null, null, true, null, null, null)))
                    .containsExactly(new CellUpdated(NB, "200", null, null, true, null, null, List.of()));
        }
    }

    @Nested
    class Dependencies {

        @Test
        void aChangeListsTheCellsItMakesStaleInTopologicalOrder() {
            givenShared();
            // Notebook order c, b, a; graph a → b → c and a → c.
            given.add(cell("203", 0, "c", List.of("b", "a")));
            given.add(cell("202", 0, "b", List.of("a")));
            given.add(cell("201", 0, "a", List.of()));
            given.add(cell("204", 3, "other", List.of()));
            List<NotebookEvent> events = when(new UpdateCell(NB, "201", OWNER, "a = 5", null, null, null, null, null));
            assertThat(((CellUpdated) events.getFirst()).stale()).containsExactly("201", "202", "203");
        }

        @Test
        void aNewCellIsStaleWithItsReaders() {
            givenShared();
            given.add(cell("202", 0, "total", List.of("data")));
            List<NotebookEvent> events = when(createCell("201", "data", null));
            assertThat(((CellCreated) events.getFirst()).stale()).containsExactly("201", "202");
        }

        @Test
        void deletingACellMakesItsReadersStale() {
            givenShared();
            given.add(cell("201", 0, "a", List.of()));
            given.add(cell("202", 1, "b", List.of("a")));
            given.add(cell("203", 2, "c", List.of("b")));
            assertThat(when(new DeleteCell(NB, "201", OWNER, null)))
                    .containsExactly(new CellDeleted(NB, "201", List.of("202", "203")));
        }

        @Test
        void renamingACellMakesTheReadersOfItsOldNameStale() {
            givenShared();
            given.add(cell("201", 0, "a", List.of()));
            given.add(cell("202", 1, "b", List.of("a")));
            List<NotebookEvent> events = when(new UpdateCell(NB, "201", OWNER, null, null, null, "z", null, null));
            assertThat(((CellUpdated) events.getFirst()).stale()).containsExactly("201", "202");
        }

        @Test
        void aCycleIsRefusedNamingIt() {
            givenShared();
            given.add(cell("201", 0, "a", List.of()));
            given.add(cell("202", 1, "b", List.of("a")));
            given.add(cell("203", 2, "c", List.of("b")));
            rejected(
                    new UpdateCell(NB, "201", OWNER, null, null, null, null, List.of("c"), null),
                    ErrorCode.VALIDATION_FAILED,
                    "inputs=make a cycle: a → b → c → a");
        }

        @Test
        void aCellReadingItselfIsACycle() {
            givenShared();
            rejected(createCell("201", "a", List.of("a")), ErrorCode.VALIDATION_FAILED, "make a cycle: a → a");
        }

        @Test
        void twoCellsMayNotShareAName() {
            givenShared();
            given.add(cell("201", 0, "a", List.of()));
            rejected(createCell("202", "a", null), ErrorCode.VALIDATION_FAILED, "already the name of cell 201");
        }

        @Test
        void anUnresolvedInputIsAllowed() {
            givenShared();
            assertThat(when(createCell("201", "a", List.of("missing")))).hasSize(1);
        }
    }

    private List<String> cellIds() {
        return ((NotebookState.Active) state())
                .notebook().cells().stream().map(Cell::cellId).toList();
    }

    private Cell cell(String id) {
        return ((NotebookState.Active) state()).notebook().cell(id).orElseThrow();
    }
}
