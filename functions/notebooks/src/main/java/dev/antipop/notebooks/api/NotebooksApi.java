package dev.antipop.notebooks.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.command.HttpCommandFunction;
import dev.antipop.runtime.http.HttpRequest;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The REST writes of seed 004, each the command of DESIGN.md section 10 in another form: the body is the command's
 * payload, the path's id fills {@code notebookId} or {@code cellId}, and the request goes through the very function of
 * {@code POST /commands/<name>} (authentication, rate limit, payload checks, idempotency by {@code Idempotency-Key}),
 * answering {@code 202} with the command's position.
 *
 * <ul>
 *   <li>{@code POST /api/notebooks} → {@code CREATE_NOTEBOOK}; {@code PUT /api/notebooks/{id}} → {@code
 *       UPDATE_NOTEBOOK}; {@code DELETE /api/notebooks/{id}} → {@code DELETE_NOTEBOOK}
 *   <li>{@code POST /api/cells} → {@code CREATE_CELL}; {@code PUT /api/cells/{id}} → {@code UPDATE_CELL}, or {@code
 *       MOVE_CELL} when the body has {@code position} (with {@code expectedVersion} at most); {@code DELETE
 *       /api/cells/{id}} → {@code DELETE_CELL}; {@code POST /api/cells/{id}/execute} → {@code EXECUTE_CELL}
 * </ul>
 *
 * A cell's notebook comes from the body's {@code notebookId} or else from the cell's claim (one consistent GetItem);
 * an unknown cell is 404.
 */
public final class NotebooksApi implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");

    private final Map<String, HttpCommandFunction> commands;
    private final Function<String, Optional<String>> notebookOfCell;

    /**
     * @param commands the command functions by command name
     * @param notebookOfCell the notebook holding a cell, if the cell exists
     */
    public NotebooksApi(Map<String, HttpCommandFunction> commands, Function<String, Optional<String>> notebookOfCell) {
        this.commands = Map.copyOf(commands);
        this.notebookOfCell = notebookOfCell;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        APIGatewayV2HTTPEvent event = request.event();
        String method =
                event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                        ? event.getRequestContext().getHttp().getMethod()
                        : "";
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        ObjectNode payload = body(request, method);
        String command;
        if (segments.length >= 2 && segments[1].equals("notebooks")) {
            command = switch (method) {
                case "POST" -> "CREATE_NOTEBOOK";
                case "PUT" -> "UPDATE_NOTEBOOK";
                case "DELETE" -> "DELETE_NOTEBOOK";
                default -> throw unknownRoute(method, path);
            };
            if (segments.length == 3) {
                payload.put("notebookId", id(segments[2]));
            }
        } else if (segments.length >= 2 && segments[1].equals("cells")) {
            if (segments.length == 2) {
                command = "CREATE_CELL";
            } else {
                String cellId = id(segments[2]);
                payload.put("cellId", cellId);
                if (!payload.hasNonNull("notebookId")) {
                    payload.put(
                            "notebookId",
                            notebookOfCell
                                    .apply(cellId)
                                    .orElseThrow(() -> CommandException.notFound("No cell " + cellId)));
                }
                command = segments.length == 4 ? "EXECUTE_CELL" : cellCommand(method, payload, path);
            }
        } else {
            throw unknownRoute(method, path);
        }
        APIGatewayV2HTTPEvent forward = new APIGatewayV2HTTPEvent();
        forward.setVersion(event.getVersion());
        forward.setRouteKey(
                "POST /commands/" + command.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        forward.setRawPath(path);
        forward.setRequestContext(event.getRequestContext());
        Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
        headers.put("content-type", "application/json");
        forward.setHeaders(headers);
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.set("payload", payload);
        try {
            forward.setBody(EnvelopeJson.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        forward.setIsBase64Encoded(false);
        return commands.get(command).apply(forward);
    }

    private static String cellCommand(String method, ObjectNode payload, String path) {
        return switch (method) {
            case "DELETE" -> "DELETE_CELL";
            case "PUT" -> {
                if (!payload.has("position")) {
                    yield "UPDATE_CELL";
                }
                for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!Map.of("position", 1, "expectedVersion", 1, "cellId", 1, "notebookId", 1)
                            .containsKey(name)) {
                        throw CommandException.validation(
                                Map.of("position", "moves the cell: send it alone (with expectedVersion at most)"));
                    }
                }
                yield "MOVE_CELL";
            }
            default -> throw unknownRoute(method, path);
        };
    }

    private static ObjectNode body(HttpRequest request, String method) {
        if (method.equals("DELETE") && request.bodyBytes().length == 0) {
            return EnvelopeJson.mapper().createObjectNode();
        }
        JsonNode body = request.jsonObjectBody(HttpRequest.MAX_COMMAND_BODY_BYTES);
        return (ObjectNode) body.deepCopy();
    }

    private static String id(String segment) {
        if (!ID.matcher(segment).matches()) {
            throw CommandException.validation(Map.of("id", "must be an id"));
        }
        return segment;
    }

    private static CommandException unknownRoute(String method, String path) {
        return CommandException.notFound("No route " + method + " " + path);
    }
}
