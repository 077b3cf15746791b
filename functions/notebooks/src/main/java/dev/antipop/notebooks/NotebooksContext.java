package dev.antipop.notebooks;

import static dev.antipop.notebooks.notebook.NotebookEvents.TOPIC;

import dev.antipop.notebooks.notebook.NotebookEvents;
import dev.antipop.notebooks.search.SearchIndex;
import dev.antipop.notebooks.snapshot.NotebookLoader;
import dev.antipop.notebooks.snapshot.NotebookSnapshots;
import dev.antipop.notebooks.view.NotebookListView;
import dev.antipop.notebooks.view.NotebookProjection;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.MembershipProjection;
import dev.antipop.runtime.context.MembershipRule;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import dev.antipop.runtime.context.SubjectGrant;
import dev.antipop.runtime.projection.ViewProjection;
import dev.antipop.runtime.rebuild.RebuildPlan;
import java.util.List;

/**
 * The notebooks context's descriptor (issue 12, seed 004): notebooks whose cells live in the notebook's stream
 * ({@code notebook-<id>}, topic {@code notebook.<id>.events}), with history and time travel from the log, sharing
 * (memberships of scope {@code notebook}: {@code owner}, {@code viewer}, {@code editor}, and {@code reader} for the
 * pseudo-user {@code *} of a public notebook), full-text search and live collaboration.
 */
public final class NotebooksContext implements BoundedContext {

    /** Longest title, in characters. */
    public static final int MAX_TITLE = 200;

    /** Longest description, in characters. */
    public static final int MAX_DESCRIPTION = 2_000;

    /** Largest cell value and execution result: 64 KB of UTF-8 (issue 12). */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    /** Longest cell name, in characters. */
    public static final int MAX_NAME = 64;

    /** Most inputs of one cell. */
    public static final int MAX_INPUTS = 64;

    /** Longest recorded execution time: one day, in milliseconds. */
    public static final long MAX_EXECUTION_TIME = 86_400_000L;

    /** The membership scope of notebooks. */
    public static final String SCOPE = "notebook";

    private static final FieldSpec NOTEBOOK_ID = FieldSpec.required("notebookId", FieldSpec.Type.ID);
    private static final FieldSpec CELL_ID = FieldSpec.required("cellId", FieldSpec.Type.ID);
    private static final FieldSpec EXPECTED_VERSION = FieldSpec.integer("expectedVersion", false, 1, Long.MAX_VALUE);
    private static final FieldSpec KIND_REQUIRED =
            FieldSpec.oneOf("kind", true, "markdown", "javascript", "sql", "html");
    private static final FieldSpec KIND_OPTIONAL =
            FieldSpec.oneOf("kind", false, "markdown", "javascript", "sql", "html");
    private static final FieldSpec NAME = FieldSpec.string("name", false, 0, MAX_NAME);
    private static final FieldSpec INPUTS = FieldSpec.array("inputs", false, MAX_INPUTS);
    private static final FieldSpec DESCRIPTION = FieldSpec.string("description", false, 0, MAX_DESCRIPTION);

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "notebooks",
            NotebooksFunctions.class,
            "notebooksProcessor",
            List.of(
                    CommandSpec.user(
                            "CREATE_NOTEBOOK",
                            "notebook",
                            "Create a private notebook you own",
                            FieldSpec.string("title", true, 1, MAX_TITLE),
                            DESCRIPTION),
                    CommandSpec.user(
                            "UPDATE_NOTEBOOK",
                            "notebook",
                            "Change a notebook's title or description (editors)",
                            NOTEBOOK_ID,
                            FieldSpec.string("title", false, 1, MAX_TITLE),
                            DESCRIPTION,
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "DELETE_NOTEBOOK",
                            "notebook",
                            "Delete a notebook (soft: its history stays; the owner)",
                            NOTEBOOK_ID,
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "CREATE_CELL",
                            "notebook",
                            "Add a cell (editors); the event lists the cells it makes stale",
                            NOTEBOOK_ID,
                            KIND_REQUIRED,
                            FieldSpec.string("value", true, 0, MAX_VALUE_BYTES),
                            FieldSpec.integer("position", false, 0, Integer.MAX_VALUE),
                            NAME,
                            INPUTS,
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "UPDATE_CELL",
                            "notebook",
                            "Change a cell's value, kind, name, inputs or isClosed (editors; a cycle is refused)",
                            NOTEBOOK_ID,
                            CELL_ID,
                            FieldSpec.string("value", false, 0, MAX_VALUE_BYTES),
                            KIND_OPTIONAL,
                            FieldSpec.optional("isClosed", FieldSpec.Type.BOOLEAN),
                            NAME,
                            INPUTS,
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "MOVE_CELL",
                            "notebook",
                            "Move a cell to another position (editors)",
                            NOTEBOOK_ID,
                            CELL_ID,
                            FieldSpec.integer("position", true, 0, Integer.MAX_VALUE),
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "DELETE_CELL",
                            "notebook",
                            "Delete a cell (editors)",
                            NOTEBOOK_ID,
                            CELL_ID,
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "EXECUTE_CELL",
                            "notebook",
                            "Record the result a client computed for a cell (editors; the server runs no cell code)",
                            NOTEBOOK_ID,
                            CELL_ID,
                            FieldSpec.required("result", FieldSpec.Type.ANY),
                            FieldSpec.integer("executionTime", true, 0, MAX_EXECUTION_TIME),
                            EXPECTED_VERSION),
                    CommandSpec.user(
                            "SHARE_NOTEBOOK",
                            "notebook",
                            "Share a notebook with a user as viewer or editor (the owner)",
                            NOTEBOOK_ID,
                            FieldSpec.required("userId", FieldSpec.Type.ID),
                            FieldSpec.oneOf("role", true, "viewer", "editor")),
                    CommandSpec.user(
                            "UNSHARE_NOTEBOOK",
                            "notebook",
                            "Stop sharing a notebook with a user; their live subscriptions end (the owner)",
                            NOTEBOOK_ID,
                            FieldSpec.required("userId", FieldSpec.Type.ID)),
                    CommandSpec.user(
                            "SET_NOTEBOOK_VISIBILITY",
                            "notebook",
                            "Make a notebook public (anyone may read it) or private (the owner)",
                            NOTEBOOK_ID,
                            FieldSpec.oneOf("visibility", true, "public", "private"))),
            NotebookEvents.TYPES.keySet().stream()
                    .map(type -> EventSpec.of(type, TOPIC))
                    .toList(),
            List.of(new StreamSpec("notebook.{id}.events", "notebook-{id}")),
            List.of(
                    SubjectGrant.toMembers(SCOPE, "notebook.{id}.events"),
                    SubjectGrant.toMembers(SCOPE, "presence.notebook.{id}.events")),
            List.of(
                    MembershipRule.grants(NotebookEvents.NOTEBOOK_CREATED, SCOPE, "notebookId", "ownerId", "owner"),
                    MembershipRule.grantsRoleIn(NotebookEvents.NOTEBOOK_SHARED, SCOPE, "notebookId", "userId", "role"),
                    MembershipRule.withdraws(NotebookEvents.NOTEBOOK_UNSHARED, SCOPE, "notebookId", "userId"),
                    MembershipRule.grants(
                            NotebookEvents.NOTEBOOK_MADE_PUBLIC, SCOPE, "notebookId", "audience", "reader"),
                    MembershipRule.withdraws(NotebookEvents.NOTEBOOK_MADE_PRIVATE, SCOPE, "notebookId", "audience")),
            List.of(
                    QuerySpec.get(
                            "/api/notebooks",
                            "listNotebooks",
                            "Your notebooks and those shared with you, newest first (?cursor=, ?limit=, ?position=)"),
                    QuerySpec.get(
                            "/api/notebooks/search",
                            "searchNotebooks",
                            "Full-text search over titles, descriptions and cells you may read (?q=, ?limit=, ?position=)"),
                    QuerySpec.get(
                            "/api/notebooks/{id}",
                            "getNotebook",
                            "A notebook with its cells, now or at ?version=N (time travel)"),
                    QuerySpec.get("/api/notebooks/{id}/cells", "listCells", "A notebook's cells (?version=N)"),
                    QuerySpec.get(
                            "/api/notebooks/{id}/events",
                            "notebookHistory",
                            "A notebook's history: who changed what, when (?after=, ?limit=)"),
                    QuerySpec.get("/api/cells/{id}", "getCell", "One cell"),
                    write("POST", "/api/notebooks", "CREATE_NOTEBOOK"),
                    write("PUT", "/api/notebooks/{id}", "UPDATE_NOTEBOOK"),
                    write("DELETE", "/api/notebooks/{id}", "DELETE_NOTEBOOK"),
                    write("POST", "/api/cells", "CREATE_CELL"),
                    write("PUT", "/api/cells/{id}", "UPDATE_CELL (MOVE_CELL when only position is given)"),
                    write("DELETE", "/api/cells/{id}", "DELETE_CELL"),
                    write("POST", "/api/cells/{id}/execute", "EXECUTE_CELL")));

    /** A REST write of seed 004: answered by {@code notebooksApi}, which sends the command (202 with its position). */
    private static QuerySpec write(String method, String path, String command) {
        return new QuerySpec(method, path, "notebooksApi", "REST form of " + command);
    }

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * The memberships (owner, shares, the public reader) and the notebooks list with the search index (refreshed per
     * stream from the notebook's state: its latest snapshot in {@code SNAPSHOTS_TABLE} and the events after it).
     */
    @Override
    public List<ViewProjection> views() {
        return List.of(
                MembershipProjection.view(DESCRIPTOR),
                new ViewProjection("notebooks", List.of("NOTEBOOKS_TABLE", "SEARCH_TABLE"), (dynamoDb, tables) -> {
                    NotebookLoader loader = new NotebookLoader(
                            dynamoDb,
                            tables.apply(RebuildPlan.eventsVariable(DESCRIPTOR.name())),
                            new NotebookSnapshots(dynamoDb, tables.apply("SNAPSHOTS_TABLE")));
                    return NotebookProjection.rebuilding(
                            loader,
                            new NotebookListView(dynamoDb, tables.apply("NOTEBOOKS_TABLE")),
                            new SearchIndex(dynamoDb, tables.apply("SEARCH_TABLE")));
                }));
    }
}
