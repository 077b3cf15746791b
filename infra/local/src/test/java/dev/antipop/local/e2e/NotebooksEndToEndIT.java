package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notebooks end to end on the local cloud running the root {@code template.yaml}, with real clients (HTTP, WebSocket):
 * two editors see each other's cell edits live, presence in the notebook, a stale edit is 409, a viewer's edit 403,
 * unsharing cuts the viewer's subscription ({@code cap_update}), time travel matches the state built step by step,
 * search finds a stemmed word and hides a private notebook, a notebook of 1,000 cell edits loads from its snapshot
 * with a bounded, counted number of DynamoDB reads, and a real {@code EventSource} on {@code GET /api/events/stream}
 * gets a shared notebook's cell edit and nothing of a notebook the caller may not read.
 */
class NotebooksEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalCloud cloud;
    private static AntipopClient client;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void editorsCollaborateLiveAndAccessIsEnforced() throws Exception {
        Session ada = signIn("ada");
        Session bob = signIn("bob");
        Session cy = signIn("cy");
        String notebookId = create(ada, "Running totals");
        String topic = "notebook." + notebookId + ".events";
        accepted(command(
                ada, "share-notebook", Map.of("notebookId", notebookId, "userId", bob.userId(), "role", "editor")));
        Response shared = accepted(command(
                ada, "share-notebook", Map.of("notebookId", notebookId, "userId", cy.userId(), "role", "viewer")));
        awaitProjected(ada, shared);

        try (EventSocket adaSocket = client.connect(ada.accessToken());
                EventSocket bobSocket = client.connect(bob.accessToken());
                EventSocket cySocket = client.connect(cy.accessToken())) {
            subscribe(adaSocket, "presence." + topic, false);
            subscribe(adaSocket, topic, true);
            subscribe(bobSocket, topic, true);
            subscribe(cySocket, topic, false);
            JsonNode joined = adaSocket
                    .await(
                            json -> "presence.joined"
                                            .equals(json.at("/data/type").asText())
                                    && bob.userId()
                                            .equals(json.at("/data/userId").asText()),
                            WAIT)
                    .json();
            assertThat(joined.get("target").asText()).isEqualTo("presence." + topic);

            // Bob adds a cell; Ada sees it live. Ada edits it; Bob sees that live.
            Response created = accepted(command(
                    bob,
                    "create-cell",
                    Map.of("notebookId", notebookId, "kind", "javascript", "value", "data = [1, 2]", "name", "data")));
            JsonNode cellCreated =
                    adaSocket.awaitEvent("notebooks.cell_created", WAIT).json();
            String cellId = cellCreated.at("/data/data/cellId").asText();
            assertThat(cellCreated.at("/data/meta/userId").asText()).isEqualTo(bob.userId());
            long version = created.body().at("/position/version").asLong();
            accepted(command(
                    ada,
                    "update-cell",
                    Map.of(
                            "notebookId",
                            notebookId,
                            "cellId",
                            cellId,
                            "value",
                            "data = [1, 2, 3]",
                            "expectedVersion",
                            version)));
            JsonNode cellUpdated =
                    bobSocket.awaitEvent("notebooks.cell_updated", WAIT).json();
            assertThat(cellUpdated.at("/data/data/value").asText()).isEqualTo("data = [1, 2, 3]");
            assertThat(cellUpdated.at("/data/data/stale/0").asText()).isEqualTo(cellId);

            // Bob's edit from the version he saw before Ada's is stale: 409 with the current version.
            Response stale = command(
                    bob,
                    "update-cell",
                    Map.of(
                            "notebookId",
                            notebookId,
                            "cellId",
                            cellId,
                            "value",
                            "data = []",
                            "expectedVersion",
                            version));
            assertThat(stale.status()).as(stale.text()).isEqualTo(409);
            assertThat(stale.body().at("/error/code").asText()).isEqualTo("conflict");
            assertThat(stale.body().at("/error/fields/currentVersion").asLong()).isEqualTo(version + 1);

            // The viewer reads live but may not edit.
            cySocket.awaitEvent("notebooks.cell_updated", WAIT);
            Response viewerEdit = command(
                    cy, "update-cell", Map.of("notebookId", notebookId, "cellId", cellId, "value", "data = [0]"));
            assertThat(viewerEdit.status()).as(viewerEdit.text()).isEqualTo(403);
            assertThat(get(cy, "/api/notebooks/" + notebookId).status()).isEqualTo(200);

            // Unsharing cuts the viewer's subscription: cap_update without the notebook, and a new sub is refused.
            accepted(command(ada, "unshare-notebook", Map.of("notebookId", notebookId, "userId", cy.userId())));
            JsonNode capUpdate = cySocket.await(
                            json -> "cap_update".equals(json.path("op").asText()), WAIT)
                    .json();
            assertThat(capUpdate.at("/data/subjects").toString()).doesNotContain(topic);
            cySocket.send(sub("again", topic, false));
            JsonNode refused = cySocket.await(
                            json -> "again".equals(json.path("id").asText()), WAIT)
                    .json();
            assertThat(refused.get("op").asText()).isEqualTo("error");
            assertThat(refused.at("/data/code").asText()).isEqualTo("forbidden");
            assertThat(get(cy, "/api/notebooks/" + notebookId).status()).isEqualTo(404);

            // A stranger learns nothing, then a public notebook is open to every reader (not to editing).
            Session dan = signIn("dan");
            try (EventSocket danSocket = client.connect(dan.accessToken())) {
                danSocket.send(sub("early", topic, false));
                assertThat(danSocket
                                .await(json -> "early".equals(json.path("id").asText()), WAIT)
                                .json()
                                .path("op")
                                .asText())
                        .isEqualTo("error");
                Response published = accepted(command(
                        ada, "set-notebook-visibility", Map.of("notebookId", notebookId, "visibility", "public")));
                awaitProjected(ada, published);
                subscribe(danSocket, topic, false);
                accepted(
                        command(ada, "update-notebook", Map.of("notebookId", notebookId, "description", "Now public")));
                assertThat(danSocket
                                .awaitEvent("notebooks.notebook_updated", WAIT)
                                .json()
                                .at("/data/data/description")
                                .asText())
                        .isEqualTo("Now public");
                assertThat(command(dan, "update-notebook", Map.of("notebookId", notebookId, "title", "Mine"))
                                .status())
                        .isEqualTo(403);
                // Private again: the public reader's subscription is cut.
                accepted(command(
                        ada, "set-notebook-visibility", Map.of("notebookId", notebookId, "visibility", "private")));
                danSocket.await(json -> "cap_update".equals(json.path("op").asText()), WAIT);
            }
        }
    }

    @Test
    void theSseFeedOfMyNotebooksCarriesASharedNotebooksEditsAndNothingOfAnother() throws Exception {
        Session ada = signIn("sse-owner");
        Session bob = signIn("sse-viewer");
        String shared = create(ada, "Shared with Bob");
        String hidden = create(ada, "Ada's own");
        String sharedCell = firstCell(ada, shared, "a = 1");
        String hiddenCell = firstCell(ada, hidden, "b = 1");
        String cursor;
        // Bob reads no notebook yet: answered at once, asking to come back after the longest wait (20 s).
        Sse idle = sse(bob, "", null);
        assertThat(idle.status()).as(idle.text()).isEqualTo(200);
        assertThat(idle.text()).startsWith("retry: 20000\n").contains("event: cursor\n");
        try (EventSocket adaSocket = client.connect(ada.accessToken())) {
            subscribe(adaSocket, "notebook." + shared + ".events", false);
            subscribe(adaSocket, "notebook." + hidden + ".events", false);
            Response share = accepted(command(
                    ada, "share-notebook", Map.of("notebookId", shared, "userId", bob.userId(), "role", "viewer")));
            // Fan-out logs an event before it pushes it: the share is in the topic log before Bob's first position.
            adaSocket.await(
                    json -> "notebooks.notebook_shared"
                            .equals(json.at("/data/type").asText()),
                    WAIT);
            awaitProjected(ada, share);

            // Naming a notebook Bob may not read is 403, naming it.
            Sse refused = sse(bob, "notebooks=" + hidden + "&wait=0", null);
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            JsonNode error = JSON.readTree(refused.text());
            assertThat(error.at("/error/code").asText()).isEqualTo("forbidden");
            assertThat(error.at("/error/message").asText()).contains(hidden);

            // A first position: a quiet answer is one `event: cursor` block whose id is the position.
            Sse quiet = sse(bob, "wait=0", null);
            assertThat(quiet.status()).as(quiet.text()).isEqualTo(200);
            assertThat(quiet.text()).startsWith("retry: 500\n").contains("event: cursor\n");
            cursor = quiet.ids().getFirst();

            String url = cloud.httpEndpoint()
                    .resolve("/api/events/stream?token=" + encode(bob.accessToken()) + "&cursor=" + encode(cursor))
                    .toString();
            try (NodeEventSource source = NodeEventSource.open(url, 1, Duration.ofSeconds(60))) {
                // Ada's own notebook's edit is in the topic log before the shared one's.
                accepted(command(
                        ada, "update-cell", Map.of("notebookId", hidden, "cellId", hiddenCell, "value", "b = 2")));
                adaSocket.await(
                        json -> "notebooks.cell_updated"
                                        .equals(json.at("/data/type").asText())
                                && hidden.equals(
                                        json.at("/data/data/notebookId").asText()),
                        WAIT);
                accepted(command(
                        ada, "update-cell", Map.of("notebookId", shared, "cellId", sharedCell, "value", "a = 2")));

                JsonNode message = null;
                while (message == null) {
                    JsonNode line = source.next(WAIT);
                    assertThat(line)
                            .as("the EventSource client's output within " + WAIT)
                            .isNotNull();
                    assertThat(line.has("error") || line.has("timeout") || line.isTextual())
                            .as("SSE client: " + line)
                            .isFalse();
                    if (line.has("event")) {
                        message = line;
                    }
                }
                assertThat(message.path("id").asText()).isNotEmpty();
                assertThat(message.at("/event/target").asText()).isEqualTo("notebook." + shared + ".events");
                assertThat(message.at("/event/data/type").asText()).isEqualTo("notebooks.cell_updated");
                assertThat(message.at("/event/data/data/notebookId").asText()).isEqualTo(shared);
                assertThat(message.at("/event/data/data/value").asText()).isEqualTo("a = 2");
                assertThat(source.exitCode(WAIT)).isZero();
            }
        }

        // All the feed holds for Bob after that position (Last-Event-ID resumes): the shared notebook's edit only.
        for (String query : List.of("wait=0", "notebooks=" + shared + "&wait=0")) {
            Sse replay = sse(bob, query, cursor);
            assertThat(replay.status()).as(replay.text()).isEqualTo(200);
            assertThat(replay.events())
                    .isNotEmpty()
                    .allSatisfy(event ->
                            assertThat(event.path("target").asText()).isEqualTo("notebook." + shared + ".events"));
            assertThat(replay.events())
                    .anySatisfy(event ->
                            assertThat(event.at("/data/data/value").asText()).isEqualTo("a = 2"));
            assertThat(replay.text()).doesNotContain(hidden).doesNotContain("b = 2");
        }
    }

    @Test
    void timeTravelMatchesTheStateBuiltStepByStep() {
        Session ada = signIn("traveller");
        String notebookId = create(ada, "Journal");
        List<String> titles = new ArrayList<>(List.of("", "Journal"));
        List<List<String>> cells = new ArrayList<>(List.of(List.of(), List.of()));
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < 12; step++) {
            List<String> now = new ArrayList<>(cells.getLast());
            String title = titles.getLast();
            if (step % 4 == 3) {
                title = "Journal " + step;
                accepted(command(ada, "update-notebook", Map.of("notebookId", notebookId, "title", title)));
            } else if (step % 3 == 2 && !ids.isEmpty()) {
                String id = ids.getFirst();
                int index = ids.indexOf(id);
                accepted(command(
                        ada, "update-cell", Map.of("notebookId", notebookId, "cellId", id, "value", "v" + step)));
                now.set(index, "v" + step);
            } else {
                Response created = accepted(command(
                        ada, "create-cell", Map.of("notebookId", notebookId, "kind", "markdown", "value", "c" + step)));
                JsonNode cell = get(ada, "/api/notebooks/" + notebookId + "/cells")
                        .body()
                        .get("cells");
                ids.add(cell.get(cell.size() - 1).get("cellId").asText());
                assertThat(created.body().at("/position/version").asLong()).isEqualTo(titles.size());
                now.add("c" + step);
            }
            titles.add(title);
            cells.add(now);
        }
        for (int version = 1; version < titles.size(); version++) {
            JsonNode notebook = get(ada, "/api/notebooks/" + notebookId + "?version=" + version)
                    .body()
                    .get("notebook");
            assertThat(notebook.get("version").asLong()).isEqualTo(version);
            assertThat(notebook.get("title").asText()).as("title at " + version).isEqualTo(titles.get(version));
            assertThat(notebook.get("cells").findValuesAsText("value"))
                    .as("cells at " + version)
                    .isEqualTo(cells.get(version));
        }
        JsonNode history = get(ada, "/api/notebooks/" + notebookId + "/events?after=0&limit=100")
                .body();
        assertThat(history.get("events")).hasSize(titles.size() - 1);
        assertThat(history.at("/events/0/type").asText()).isEqualTo("notebooks.notebook_created");
    }

    @Test
    void searchFindsStemmedWordsOnlyInReadableNotebooks() {
        Session ada = signIn("searcher");
        Session eve = signIn("eve");
        String notebookId = create(ada, "Weekly report");
        Response cell = accepted(command(
                ada,
                "create-cell",
                Map.of("notebookId", notebookId, "kind", "markdown", "value", "Running the numbers at the Café")));
        String position = position(cell);
        assertThat(search(ada, "run cafe", position)).containsExactly(notebookId);
        assertThat(search(ada, "RUNS", position)).containsExactly(notebookId);
        assertThat(search(eve, "run cafe", position)).doesNotContain(notebookId);
        Response published = accepted(
                command(ada, "set-notebook-visibility", Map.of("notebookId", notebookId, "visibility", "public")));
        assertThat(search(eve, "run cafe", position(published))).contains(notebookId);
    }

    @Test
    void aNotebookOfAThousandEditsLoadsFromItsSnapshotWithBoundedReads() throws Exception {
        Session ada = signIn("prolific");
        String notebookId = create(ada, "Long history");
        List<Session> editors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Session editor = signIn("editor" + i);
            accepted(command(
                    ada,
                    "share-notebook",
                    Map.of("notebookId", notebookId, "userId", editor.userId(), "role", "editor")));
            editors.add(editor);
        }
        Response created = accepted(command(
                ada, "create-cell", Map.of("notebookId", notebookId, "kind", "javascript", "value", "x = start")));
        String cellId = get(ada, "/api/notebooks/" + notebookId + "/cells")
                .body()
                .at("/cells/0/cellId")
                .asText();
        long before = created.body().at("/position/version").asLong();
        // One edit after the other, rotating between four editors (each stays under the per-user rate limit):
        // concurrent editors of one notebook may lose optimistic-concurrency races, which this test is not about.
        long head = before;
        for (int i = 0; i < 1000; i++) {
            Session editor = editors.get(i % editors.size());
            Response edit = accepted(command(
                    editor, "update-cell", Map.of("notebookId", notebookId, "cellId", cellId, "value", "x = " + i)));
            head = edit.body().at("/position/version").asLong();
        }
        assertThat(head).isEqualTo(before + 1000);
        // The processor has handled the whole stream once the list view reached its head.
        awaitProjected(ada, "notebook-" + notebookId + ":" + head);
        JsonNode loaded = get(ada, "/api/notebooks/" + notebookId).body();
        assertThat(loaded.at("/notebook/version").asLong()).isEqualTo(head);
        assertThat(loaded.at("/notebook/cells/0/value").asText()).isEqualTo("x = 999");
        JsonNode load = loaded.get("load");
        assertThat(load.get("snapshotVersion").asLong()).isEqualTo(head / 100 * 100);
        assertThat(load.get("eventsRead").asLong()).isEqualTo(head % 100);
        // One Query for the snapshot, one for the events after it; DynamoDB's own count of read units agrees.
        assertThat(load.get("requests").asInt()).isEqualTo(2);
        assertThat(load.get("readUnits").asDouble()).isPositive().isLessThan(20);
        JsonNode past =
                get(ada, "/api/notebooks/" + notebookId + "?version=555").body();
        assertThat(past.at("/load/snapshotVersion").asLong()).isEqualTo(500);
        assertThat(past.at("/load/eventsRead").asLong()).isEqualTo(55);
    }

    /** A finite SSE answer of {@code GET /api/events/stream}. */
    private record Sse(int status, String text) {

        /** The {@code id:} of each block, in order. */
        List<String> ids() {
            return text.lines()
                    .filter(line -> line.startsWith("id: "))
                    .map(line -> line.substring("id: ".length()))
                    .toList();
        }

        /** The {@code data:} of each message block (not of {@code event: cursor}), as JSON. */
        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String block : text.split("\n\n")) {
                if (!block.contains("event: cursor")) {
                    block.lines().filter(line -> line.startsWith("data: ")).forEach(line -> {
                        try {
                            events.add(JSON.readTree(line.substring("data: ".length())));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            }
            return events;
        }
    }

    private static Sse sse(Session session, String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(cloud.httpEndpoint() + "/api/events/stream?" + query))
                .header("authorization", "Bearer " + session.accessToken())
                .header("accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (lastEventId != null) {
            request.header("last-event-id", lastEventId);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            assertThat(response.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        }
        return new Sse(response.statusCode(), response.body());
    }

    /** Creates a cell with {@code value} in an empty notebook and answers its id. */
    private static String firstCell(Session owner, String notebookId, String value) {
        accepted(command(owner, "create-cell", Map.of("notebookId", notebookId, "kind", "javascript", "value", value)));
        return get(owner, "/api/notebooks/" + notebookId + "/cells")
                .body()
                .at("/cells/0/cellId")
                .asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> search(Session session, String q, String position) {
        awaitProjected(session, position);
        Response found = get(
                session,
                "/api/notebooks/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&position=" + position);
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        return found.body().get("results").findValuesAsText("notebookId");
    }

    private static void awaitProjected(Session session, Response accepted) {
        awaitProjected(session, position(accepted));
    }

    /** Waits until the notebooks processor has reached {@code position} (each GET itself waits up to 5 s). */
    private static void awaitProjected(Session session, String position) {
        long deadline = System.nanoTime() + WAIT.toNanos() * 2;
        Response list;
        do {
            list = get(session, "/api/notebooks?position=" + position);
            if (list.status() == 200) {
                return;
            }
            assertThat(list.status()).as(list.text()).isEqualTo(503);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The notebooks processor never reached " + position + ": " + list.text());
    }

    private static void subscribe(EventSocket socket, String target, boolean presence) {
        String id = "s" + UUID.randomUUID().toString().substring(0, 8);
        socket.send(sub(id, target, presence));
        JsonNode answer =
                socket.await(json -> id.equals(json.path("id").asText()), WAIT).json();
        assertThat(answer.get("op").asText()).as(answer.toString()).isEqualTo("ack");
    }

    private static String sub(String id, String target, boolean presence) {
        return "{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + target + "\",\"data\":{\"presence\":"
                + presence + "}}";
    }

    private static String create(Session owner, String title) {
        Response created = accepted(command(owner, "create-notebook", Map.of("title", title)));
        return created.body().at("/position/stream").asText().substring("notebook-".length());
    }

    private static String position(Response accepted) {
        return accepted.body().at("/position/stream").asText() + ":"
                + accepted.body().at("/position/version").asLong();
    }

    private static Response accepted(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response;
    }

    private static Response command(Session session, String route, Map<String, ?> payload) {
        return client.command(session.accessToken(), route, new LinkedHashMap<>(payload), null, null);
    }

    private static Response get(Session session, String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(cloud.httpEndpoint() + path))
                            .header("authorization", "Bearer " + session.accessToken())
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()), Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Session signIn(String prefix) {
        return client.signIn(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "a long enough password",
                prefix);
    }
}
