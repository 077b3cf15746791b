package dev.antipop.notebooks.notebook;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.LinkedHashMap;
import java.util.Map;

/** The notebook aggregate's event types, stream and topic. */
public final class NotebookEvents {

    public static final String NOTEBOOK_CREATED = "notebooks.notebook_created";
    public static final String NOTEBOOK_UPDATED = "notebooks.notebook_updated";
    public static final String NOTEBOOK_DELETED = "notebooks.notebook_deleted";
    public static final String NOTEBOOK_SHARED = "notebooks.notebook_shared";
    public static final String NOTEBOOK_UNSHARED = "notebooks.notebook_unshared";
    public static final String NOTEBOOK_MADE_PUBLIC = "notebooks.notebook_made_public";
    public static final String NOTEBOOK_MADE_PRIVATE = "notebooks.notebook_made_private";
    public static final String CELL_CREATED = "notebooks.cell_created";
    public static final String CELL_UPDATED = "notebooks.cell_updated";
    public static final String CELL_MOVED = "notebooks.cell_moved";
    public static final String CELL_DELETED = "notebooks.cell_deleted";
    public static final String CELL_EXECUTED = "notebooks.cell_executed";

    /** The topic shape of every notebook event. */
    public static final String TOPIC = "notebook.{notebookId}.events";

    /** Every event type with its record class. */
    public static final Map<String, Class<? extends NotebookEvent>> TYPES = types();

    /** Envelope mapping; every event goes to {@code notebook.<notebookId>.events}. */
    public static final EventCodec<NotebookEvent> CODEC =
            new RecordEventCodec<>(TYPES, (stream, event) -> topicOf(event.notebookId()), SensitiveFields.of(Map.of()));

    private NotebookEvents() {}

    private static Map<String, Class<? extends NotebookEvent>> types() {
        Map<String, Class<? extends NotebookEvent>> types = new LinkedHashMap<>();
        types.put(NOTEBOOK_CREATED, NotebookEvent.NotebookCreated.class);
        types.put(NOTEBOOK_UPDATED, NotebookEvent.NotebookUpdated.class);
        types.put(NOTEBOOK_DELETED, NotebookEvent.NotebookDeleted.class);
        types.put(NOTEBOOK_SHARED, NotebookEvent.NotebookShared.class);
        types.put(NOTEBOOK_UNSHARED, NotebookEvent.NotebookUnshared.class);
        types.put(NOTEBOOK_MADE_PUBLIC, NotebookEvent.NotebookMadePublic.class);
        types.put(NOTEBOOK_MADE_PRIVATE, NotebookEvent.NotebookMadePrivate.class);
        types.put(CELL_CREATED, NotebookEvent.CellCreated.class);
        types.put(CELL_UPDATED, NotebookEvent.CellUpdated.class);
        types.put(CELL_MOVED, NotebookEvent.CellMoved.class);
        types.put(CELL_DELETED, NotebookEvent.CellDeleted.class);
        types.put(CELL_EXECUTED, NotebookEvent.CellExecuted.class);
        return java.util.Collections.unmodifiableMap(types);
    }

    /** The stream of a notebook: {@code notebook-<notebookId>}. */
    public static String streamOf(String notebookId) {
        return "notebook-" + notebookId;
    }

    /** The notebook id of stream {@code notebook-<id>}. */
    public static String idOf(String stream) {
        return stream.substring("notebook-".length());
    }

    /** A notebook's topic: {@code notebook.<notebookId>.events}. */
    public static String topicOf(String notebookId) {
        return "notebook." + notebookId + ".events";
    }
}
