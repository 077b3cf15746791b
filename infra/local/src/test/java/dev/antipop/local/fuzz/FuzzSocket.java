package dev.antipop.local.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connection through the JDK's WebSocket client (no extension negotiated, as API Gateway offers none): sends
 * whole or fragmented text messages, and hands out the server's messages one at a time.
 */
final class FuzzSocket implements AutoCloseable {

    /** The handshake was refused with this HTTP status (-1: no HTTP answer). */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, Throwable cause) {
            super("handshake refused: " + status, cause);
            this.status = status;
        }
    }

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket webSocket;

    static FuzzSocket connect(HttpClient client, URI endpoint, String token) throws Refused {
        FuzzSocket socket = new FuzzSocket();
        URI uri = token == null
                ? endpoint
                : URI.create(endpoint + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        try {
            socket.webSocket = client.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, socket.listener())
                    .orTimeout(15, TimeUnit.SECONDS)
                    .join();
            return socket;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                throw new Refused(handshake.getResponse().statusCode(), handshake);
            }
            // A timeout is a refusal too, but not the 401 the caller expects: it fails the property, with its cause.
            throw new Refused(-1, e.getCause());
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                messages.add("<binary " + data.remaining() + " bytes>");
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    /** Sends one text message in one frame. */
    void send(String text) {
        webSocket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next server message other than a pushed event, or null when none came within {@code timeout}. */
    String nextReply(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            String op = op(message);
            if (!op.equals("event") && !op.equals("cap_update")) {
                return message;
            }
        }
    }

    static String op(String message) {
        JsonNode json = json(message);
        return json == null ? "" : json.path("op").asText();
    }

    static JsonNode json(String message) {
        try {
            return FuzzCloud.JSON.readTree(message);
        } catch (IOException e) {
            return null;
        }
    }

    boolean isOpen() {
        return !closed.isDone() && !webSocket.isInputClosed();
    }

    @Override
    public void close() {
        if (webSocket != null && !webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception notInTime) {
            if (webSocket != null) {
                webSocket.abort();
            }
        }
    }
}
