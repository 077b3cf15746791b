package dev.antipop.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain client of an Antipop deployment, local or on AWS: the JDK's HTTP client for commands and auth, and its
 * WebSocket client for events. Used by {@code demo}, {@code bench} and the end-to-end tests, so they drive the
 * system exactly as an outside client does.
 */
public final class AntipopClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI http;
    private final URI webSocket;
    private final HttpClient client;

    /**
     * @param http the HTTP API base ({@code http://127.0.0.1:3000})
     * @param webSocket the WebSocket API URL without query ({@code ws://127.0.0.1:3001/dev})
     */
    public AntipopClient(URI http, URI webSocket) {
        this.http = http;
        this.webSocket = webSocket;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** An HTTP answer: status and parsed JSON body (a JSON null for an empty or non-JSON body). */
    public record Response(int status, JsonNode body, Map<String, String> headers) {
        /** The body as text (for assertions on what a client sees). */
        public String text() {
            return body.toString();
        }
    }

    /** A signed-in user. */
    public record Session(String userId, String accessToken) {}

    /** {@code POST /auth/register}. */
    public Response register(String email, String password, String displayName) {
        return post("/auth/register", null, Map.of("email", email, "password", password, "displayName", displayName));
    }

    /** {@code POST /auth/login}. */
    public Response login(String email, String password) {
        return post("/auth/login", null, Map.of("email", email, "password", password));
    }

    /** Registers, or logs in if the email is taken; fails on anything else. */
    public Session signIn(String email, String password, String displayName) {
        Response response = register(email, password, displayName);
        if (response.status() == 409) {
            response = login(email, password);
        }
        if (response.status() != 200 && response.status() != 201) {
            throw new IllegalStateException(
                    "Sign-in of " + email + " failed: " + response.status() + " " + response.text());
        }
        return new Session(
                response.body().get("userId").asText(),
                response.body().get("accessToken").asText());
    }

    /** {@code GET /auth/me}. */
    public Response me(String token) {
        return send(HttpRequest.newBuilder(http.resolve("/auth/me")).GET(), token);
    }

    /**
     * {@code POST /commands/<route name>} with the command body.
     *
     * @param clientMutationId null for none
     */
    public Response command(
            String token, String routeName, Object payload, String correlationId, String clientMutationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payload", payload);
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        if (clientMutationId != null) {
            body.put("clientMutationId", clientMutationId);
        }
        return post("/commands/" + routeName, token, body);
    }

    /** {@code GET path} (with its query string), with the bearer token when not null. */
    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(http.resolve(path)).GET(), token);
    }

    /** {@code POST path} with a JSON body (any object Jackson writes, or a String sent as is). */
    public Response post(String path, String token, Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(
                    HttpRequest.newBuilder(http.resolve(path))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(text)),
                    token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Any request: {@code method path} with a JSON body when {@code body} is not null (any object Jackson writes, or
     * a String sent as is), the bearer token when not null, and more headers ({@code If-Match}, {@code
     * Last-Event-ID}).
     */
    public Response request(String method, String path, String token, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve(path));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.header("content-type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            headers.forEach(request::header);
            return send(request, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = JSON.getNodeFactory().textNode(response.body());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
            return new Response(response.statusCode(), body, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** How long a WebSocket opening handshake may take, as long as an HTTP request may ({@link #send}). */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Opens a WebSocket with {@code ?token=}; frames received are queued on the returned socket.
     *
     * @throws EventSocket.HandshakeRefused when the server refuses the upgrade (with its HTTP status)
     * @throws UncheckedIOException when the handshake does not complete within {@link #HANDSHAKE_TIMEOUT}
     */
    public EventSocket connect(String token) {
        return connect(token, HANDSHAKE_TIMEOUT);
    }

    /**
     * {@link #connect(String)} with a deadline of our own for the whole opening handshake. The builder's {@code
     * connectTimeout} was not enough: a local cloud killed ({@code kill -9}) while its {@code $connect} handlers ran
     * left four JDK 25 handshakes uncompleted for minutes, their sockets in CLOSE_WAIT, and the soak clients joined
     * them forever (the crash test's hang).
     *
     * @throws EventSocket.HandshakeRefused when the server refuses the upgrade (with its HTTP status)
     * @throws UncheckedIOException when the handshake does not complete within {@code timeout}
     */
    public EventSocket connect(String token, Duration timeout) {
        URI uri = URI.create(webSocket + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        EventSocket socket = new EventSocket();
        CompletableFuture<WebSocket> handshake = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, socket.listener());
        try {
            WebSocket ws = handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            socket.attach(ws);
            return socket;
        } catch (ExecutionException e) {
            throw EventSocket.refused(e.getCause());
        } catch (TimeoutException e) {
            handshake.cancel(true);
            throw new UncheckedIOException(new HttpTimeoutException(
                    "WebSocket handshake with " + webSocket + " did not complete within " + timeout));
        } catch (InterruptedException e) {
            handshake.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
