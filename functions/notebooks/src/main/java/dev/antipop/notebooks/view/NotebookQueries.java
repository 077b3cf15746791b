package dev.antipop.notebooks.view;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.DynamoDbEventStore;
import dev.antipop.notebooks.notebook.Access;
import dev.antipop.notebooks.notebook.Actor;
import dev.antipop.notebooks.notebook.Cell;
import dev.antipop.notebooks.notebook.Notebook;
import dev.antipop.notebooks.notebook.NotebookDecider;
import dev.antipop.notebooks.notebook.NotebookEvents;
import dev.antipop.notebooks.notebook.NotebookState;
import dev.antipop.notebooks.snapshot.NotebookLoader;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The read routes of seed 004. A notebook, its cells, one cell and its history are read from the log itself (a
 * snapshot and the events after it, strongly consistent), so they always include every accepted write: a {@code
 * ?position=} is reached by construction. The list of "my notebooks" is the {@link NotebookListView} projection and
 * waits for {@code ?position=} ({@link ReadYourWrites}).
 *
 * <p>Access is decided on the notebook's current state ({@link Access}): a notebook the caller may not read, or a
 * deleted one (at its latest version), is 404; anonymous callers read public notebooks. Errors: 400 {@code
 * validation_failed} for a malformed id, version, {@code after}, {@code limit} or cursor; 401 for an invalid token.
 */
public final class NotebookQueries {

    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");

    private final DynamoDbClient dynamoDb;
    private final NotebookLoader loader;
    private final Authenticator authenticator;
    private final String listTable;
    private final String uniquesTable;
    private final ReadYourWrites readYourWrites;
    private final NotebookCursors cursors;

    public NotebookQueries(
            DynamoDbClient dynamoDb,
            NotebookLoader loader,
            Authenticator authenticator,
            String listTable,
            String uniquesTable,
            ReadYourWrites readYourWrites,
            NotebookCursors cursors) {
        this.dynamoDb = dynamoDb;
        this.loader = loader;
        this.authenticator = authenticator;
        this.listTable = listTable;
        this.uniquesTable = uniquesTable;
        this.readYourWrites = readYourWrites;
        this.cursors = cursors;
    }

    /**
     * {@code GET /api/notebooks/{id}?version=N}: {@code {"ok":true,"notebook":{…, "cells":[…]},"load":{snapshotVersion,
     * eventsRead, requests, readUnits}}}; {@code load} says what the read cost (DynamoDB requests and read units).
     */
    public APIGatewayV2HTTPResponse notebook(HttpRequest request) {
        Actor actor = actor(request);
        Readable readable = readable(NotebookEvents.streamOf(id(request)), actor, version(request));
        ObjectNode body = ok();
        body.set("notebook", json(readable.notebook(), actor, readable.deleted()));
        body.set("load", load(readable.loaded()));
        return ApiResponses.json(200, body);
    }

    /** {@code GET /api/notebooks/{id}/cells?version=N}: {@code {"ok":true,"notebookId","version","cells":[…]}}. */
    public APIGatewayV2HTTPResponse cells(HttpRequest request) {
        Actor actor = actor(request);
        Readable readable = readable(NotebookEvents.streamOf(id(request)), actor, version(request));
        ObjectNode body = ok();
        body.put("notebookId", readable.notebook().notebookId());
        body.put("version", readable.notebook().version());
        body.set("cells", EnvelopeJson.mapper().valueToTree(readable.notebook().cells()));
        return ApiResponses.json(200, body);
    }

    /** {@code GET /api/cells/{id}}: {@code {"ok":true,"notebookId","version","cell":{…}}}. */
    public APIGatewayV2HTTPResponse cell(HttpRequest request) {
        Actor actor = actor(request);
        String cellId = id(request);
        String notebookId = notebookOfCell(cellId).orElseThrow(() -> CommandException.notFound("No cell " + cellId));
        Readable readable = readable(NotebookEvents.streamOf(notebookId), actor, null);
        Cell cell = readable.notebook().cell(cellId).orElseThrow(() -> CommandException.notFound("No cell " + cellId));
        ObjectNode body = ok();
        body.put("notebookId", readable.notebook().notebookId());
        body.put("version", readable.notebook().version());
        body.set("cell", EnvelopeJson.mapper().valueToTree(cell));
        return ApiResponses.json(200, body);
    }

    /** The notebook of the stream holding {@code cellId} (the REST cell routes), from the uniques table's claim. */
    public Optional<String> notebookOfCell(String cellId) {
        Map<String, AttributeValue> claim = dynamoDb.getItem(r -> r.tableName(uniquesTable)
                        .key(Map.of(
                                DynamoDbEventStore.UNIQUE_KEY, AttributeValue.fromS(NotebookDecider.cellClaim(cellId))))
                        .consistentRead(true))
                .item();
        return claim == null || !claim.containsKey(DynamoDbEventStore.UNIQUE_STREAM)
                ? Optional.empty()
                : Optional.of(NotebookEvents.idOf(
                        claim.get(DynamoDbEventStore.UNIQUE_STREAM).s()));
    }

    /**
     * {@code GET /api/notebooks/{id}/events?after=V&limit=N}: the history, oldest first: {@code {"ok":true,"events":[
     * {version, type, timestamp, userId, data}],"next":V|null}}; {@code next} is the {@code after} of the next page.
     */
    public APIGatewayV2HTTPResponse history(HttpRequest request) {
        Actor actor = actor(request);
        String stream = NotebookEvents.streamOf(id(request));
        readable(stream, actor, null);
        long after = number(request, "after", 0, Long.MAX_VALUE - 1).orElse(0L);
        int limit = number(request, "limit", 1, 100).orElse(50L).intValue();
        List<EventEnvelope> events = loader.history(stream, after, limit);
        ObjectNode body = ok();
        ArrayNode items = body.putArray("events");
        for (EventEnvelope event : events) {
            ObjectNode item = items.addObject();
            item.put("version", event.version());
            item.put("type", event.type());
            item.put("eventId", event.eventId());
            item.put("timestamp", EnvelopeJson.formatTimestamp(event.timestamp()));
            item.put("userId", event.meta().userId());
            item.set("data", event.data());
        }
        if (events.size() == limit) {
            body.put("next", events.getLast().version());
        } else {
            body.putNull("next");
        }
        return ApiResponses.json(200, body);
    }

    /**
     * {@code GET /api/notebooks?cursor=&limit=&position=}: the caller's notebooks (owned and shared), newest first:
     * {@code {"ok":true,"notebooks":[{notebookId, title, description, role, ownerId, visibility, cells, version}],
     * "cursor":"…"|null}}.
     */
    public APIGatewayV2HTTPResponse list(HttpRequest request) {
        Principal principal = authenticator.require(request);
        int limit = number(request, "limit", 1, 100).orElse(20L).intValue();
        Optional<String> after =
                request.queryParameter("cursor").map(cursor -> cursors.decode(principal.userId(), cursor));
        Optional<APIGatewayV2HTTPResponse> unavailable = readYourWrites.await(request);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        QueryResponse page = dynamoDb.query(r -> r.tableName(listTable)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", "userId"))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(principal.userId())))
                .scanIndexForward(false)
                .limit(limit)
                .consistentRead(true)
                .exclusiveStartKey(after.map(id -> NotebookListView.key(principal.userId(), id))
                        .orElse(null)));
        ObjectNode body = ok();
        ArrayNode items = body.putArray("notebooks");
        for (Map<String, AttributeValue> item : page.items()) {
            ObjectNode node = items.addObject();
            node.put("notebookId", item.get("notebookId").n());
            for (String field : List.of("title", "description", "role", "ownerId", "visibility")) {
                node.put(field, item.get(field).s());
            }
            node.put("cells", Long.parseLong(item.get("cells").n()));
            node.put("version", Long.parseLong(item.get("version").n()));
        }
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            body.put(
                    "cursor",
                    cursors.encode(
                            principal.userId(),
                            page.lastEvaluatedKey().get("notebookId").n()));
        } else {
            body.putNull("cursor");
        }
        return ApiResponses.json(200, body);
    }

    private record Readable(Notebook notebook, boolean deleted, NotebookLoader.Loaded loaded) {}

    /** The notebook at {@code version} (null: latest), if {@code actor} may read it now. */
    private Readable readable(String stream, Actor actor, Long version) {
        NotebookLoader.Loaded latest = loader.load(stream);
        Notebook current = switch (latest.state()) {
            case NotebookState.None none -> null;
            case NotebookState.Active active -> active.notebook();
            case NotebookState.Deleted deleted -> version == null ? null : deleted.notebook();
        };
        if (current == null || !Access.mayRead(current, actor)) {
            throw CommandException.notFound("No notebook " + NotebookEvents.idOf(stream));
        }
        if (version == null || version >= latest.version()) {
            return new Readable(current, latest.state() instanceof NotebookState.Deleted, latest);
        }
        NotebookLoader.Loaded past = loader.load(stream, version);
        return switch (past.state()) {
            case NotebookState.None none ->
                throw CommandException.notFound("No notebook " + NotebookEvents.idOf(stream));
            case NotebookState.Active active -> new Readable(active.notebook(), false, past);
            case NotebookState.Deleted deleted -> new Readable(deleted.notebook(), true, past);
        };
    }

    private static ObjectNode json(Notebook notebook, Actor actor, boolean deleted) {
        ObjectNode node = EnvelopeJson.mapper().valueToTree(notebook);
        node.put("deleted", deleted);
        node.put("role", Access.roleOf(notebook, actor));
        if (!Access.mayManage(notebook, actor)) {
            node.remove("shares");
        }
        return node;
    }

    private static ObjectNode load(NotebookLoader.Loaded loaded) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("snapshotVersion", loaded.snapshotVersion());
        node.put("eventsRead", loaded.eventsRead());
        node.put("requests", loaded.requests());
        node.put("readUnits", loaded.readUnits());
        return node;
    }

    private Actor actor(HttpRequest request) {
        return authenticator
                .optional(request)
                .map(p -> new Actor(p.userId(), p.hasRole("admin")))
                .orElse(null);
    }

    private static String id(HttpRequest request) {
        String id = request.pathParameter("id").orElse("");
        if (!ID.matcher(id).matches()) {
            throw CommandException.validation(Map.of("id", "must be an id"));
        }
        return id;
    }

    private static Long version(HttpRequest request) {
        return number(request, "version", 1, Long.MAX_VALUE).orElse(null);
    }

    private static Optional<Long> number(HttpRequest request, String name, long min, long max) {
        Optional<String> given = request.queryParameter(name);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(given.get());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.validation(Map.of(name, "must be an integer from " + min + " to " + max));
    }

    private static ObjectNode ok() {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        return body;
    }
}
