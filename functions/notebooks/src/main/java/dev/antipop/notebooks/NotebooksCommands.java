package dev.antipop.notebooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.store.AppendResult;
import dev.antipop.notebooks.notebook.Actor;
import dev.antipop.notebooks.notebook.NotebookCommand;
import dev.antipop.notebooks.notebook.NotebookEvent;
import dev.antipop.notebooks.notebook.NotebookEvents;
import dev.antipop.notebooks.notebook.NotebookState;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The notebooks context's commands. PayloadSchema has checked the declared fields; these add what a schema cannot say:
 * values and results of at most {@value NotebooksContext#MAX_VALUE_BYTES} bytes of UTF-8, cell names that are
 * JavaScript identifiers (Observable names cells so), inputs that are names. Each builds the command and hands it to
 * the one notebook handler, which folds from the latest snapshot.
 */
public final class NotebooksCommands {

    /** A cell name: a JavaScript identifier of ASCII letters, digits, {@code _} and {@code $}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final CommandHandler<NotebookCommand, NotebookEvent, NotebookState> handler;
    private final Supplier<String> ids;

    /**
     * @param handler the notebook aggregate's handler
     * @param ids new Snowflake ids (notebooks, cells)
     */
    public NotebooksCommands(
            CommandHandler<NotebookCommand, NotebookEvent, NotebookState> handler, Supplier<String> ids) {
        this.handler = handler;
        this.ids = ids;
    }

    /** Every notebooks command with its action. */
    public CommandCatalog catalog() {
        return CommandCatalog.of(
                NotebooksContext.DESCRIPTOR,
                Map.ofEntries(
                        Map.entry("CREATE_NOTEBOOK", r -> {
                            String id = ids.get();
                            return send(
                                    id,
                                    new NotebookCommand.CreateNotebook(
                                            id, actor(r), text(r, "title"), text(r, "description")),
                                    r);
                        }),
                        Map.entry(
                                "UPDATE_NOTEBOOK",
                                r -> send(
                                        new NotebookCommand.UpdateNotebook(
                                                notebookId(r),
                                                actor(r),
                                                text(r, "title"),
                                                text(r, "description"),
                                                expected(r)),
                                        r)),
                        Map.entry(
                                "DELETE_NOTEBOOK",
                                r -> send(new NotebookCommand.DeleteNotebook(notebookId(r), actor(r), expected(r)), r)),
                        Map.entry(
                                "CREATE_CELL",
                                r -> send(
                                        new NotebookCommand.CreateCell(
                                                notebookId(r),
                                                ids.get(),
                                                actor(r),
                                                text(r, "kind"),
                                                value(r),
                                                r.payload().hasNonNull("position")
                                                        ? r.payload()
                                                                .get("position")
                                                                .intValue()
                                                        : null,
                                                name(r),
                                                inputs(r),
                                                expected(r)),
                                        r)),
                        Map.entry(
                                "UPDATE_CELL",
                                r -> send(
                                        new NotebookCommand.UpdateCell(
                                                notebookId(r),
                                                text(r, "cellId"),
                                                actor(r),
                                                value(r),
                                                text(r, "kind"),
                                                r.payload().hasNonNull("isClosed")
                                                        ? r.payload()
                                                                .get("isClosed")
                                                                .booleanValue()
                                                        : null,
                                                name(r),
                                                inputs(r),
                                                expected(r)),
                                        r)),
                        Map.entry(
                                "MOVE_CELL",
                                r -> send(
                                        new NotebookCommand.MoveCell(
                                                notebookId(r),
                                                text(r, "cellId"),
                                                actor(r),
                                                r.payload().get("position").intValue(),
                                                expected(r)),
                                        r)),
                        Map.entry(
                                "DELETE_CELL",
                                r -> send(
                                        new NotebookCommand.DeleteCell(
                                                notebookId(r), text(r, "cellId"), actor(r), expected(r)),
                                        r)),
                        Map.entry(
                                "EXECUTE_CELL",
                                r -> send(
                                        new NotebookCommand.ExecuteCell(
                                                notebookId(r),
                                                text(r, "cellId"),
                                                actor(r),
                                                result(r),
                                                r.payload().get("executionTime").longValue(),
                                                expected(r)),
                                        r)),
                        Map.entry(
                                "SHARE_NOTEBOOK",
                                r -> send(
                                        new NotebookCommand.ShareNotebook(
                                                notebookId(r), actor(r), text(r, "userId"), text(r, "role")),
                                        r)),
                        Map.entry(
                                "UNSHARE_NOTEBOOK",
                                r -> send(
                                        new NotebookCommand.UnshareNotebook(notebookId(r), actor(r), text(r, "userId")),
                                        r)),
                        Map.entry(
                                "SET_NOTEBOOK_VISIBILITY",
                                r -> send(
                                        new NotebookCommand.SetNotebookVisibility(
                                                notebookId(r), actor(r), text(r, "visibility")),
                                        r))));
    }

    private AppendResult send(NotebookCommand command, CommandRequest request) {
        return send(command.notebookId(), command, request);
    }

    private AppendResult send(String notebookId, NotebookCommand command, CommandRequest request) {
        return handler.handle(NotebookEvents.streamOf(notebookId), command, request.meta());
    }

    private static Actor actor(CommandRequest request) {
        var caller = request.requireCaller();
        return new Actor(caller.userId(), caller.isAdmin());
    }

    private static String notebookId(CommandRequest request) {
        return text(request, "notebookId");
    }

    private static String text(CommandRequest request, String field) {
        JsonNode node = request.payload().get(field);
        return node == null || node.isNull() ? null : node.textValue();
    }

    private static Long expected(CommandRequest request) {
        JsonNode node = request.payload().get("expectedVersion");
        return node == null || node.isNull() ? null : node.longValue();
    }

    private static String value(CommandRequest request) {
        String value = text(request, "value");
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > NotebooksContext.MAX_VALUE_BYTES) {
            throw CommandException.validation(
                    Map.of("value", "must be at most " + NotebooksContext.MAX_VALUE_BYTES + " bytes of UTF-8"));
        }
        return value;
    }

    private static JsonNode result(CommandRequest request) {
        JsonNode result = request.payload().get("result");
        try {
            if (EnvelopeJson.mapper().writeValueAsBytes(result).length > NotebooksContext.MAX_VALUE_BYTES) {
                throw CommandException.validation(
                        Map.of("result", "must be at most " + NotebooksContext.MAX_VALUE_BYTES + " bytes of JSON"));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON value does not serialise", e);
        }
        return result;
    }

    private static String name(CommandRequest request) {
        String name = text(request, "name");
        if (name != null && !name.isEmpty() && !NAME.matcher(name).matches()) {
            throw CommandException.validation(
                    Map.of("name", "must be a JavaScript identifier (letters, digits, _ and $; not a digit first)"));
        }
        return name;
    }

    private static List<String> inputs(CommandRequest request) {
        JsonNode node = request.payload().get("inputs");
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> inputs = new ArrayList<>();
        for (JsonNode input : node) {
            if (!input.isTextual()
                    || input.textValue().length() > NotebooksContext.MAX_NAME
                    || !NAME.matcher(input.textValue()).matches()) {
                throw CommandException.validation(Map.of("inputs", "must be cell names (JavaScript identifiers)"));
            }
            if (!inputs.contains(input.textValue())) {
                inputs.add(input.textValue());
            }
        }
        return inputs;
    }
}
