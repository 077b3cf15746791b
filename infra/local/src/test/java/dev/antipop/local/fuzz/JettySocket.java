package dev.antipop.local.fuzz;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A connection through Jetty's WebSocket client, for frame-size tests: unlike the JDK's client (which splits a long
 * message into frames of its own choosing), {@link #sendFrame} sends the text as exactly one frame.
 */
public final class JettySocket implements Session.Listener.AutoDemanding, AutoCloseable {

    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Session session;

    static JettySocket connect(WebSocketClient client, URI endpoint, String token) throws Exception {
        JettySocket socket = new JettySocket();
        URI uri = URI.create(endpoint + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        socket.session = client.connect(socket, uri).get(15, TimeUnit.SECONDS);
        return socket;
    }

    /**
     * The HTTP status a handshake with {@code token} gets: 101 when the connection opened (it is closed again at once),
     * the refusal's status otherwise, -1 when there was no HTTP answer within 15 s.
     */
    static int handshakeStatus(WebSocketClient client, URI endpoint, String token) throws InterruptedException {
        try (JettySocket opened = connect(client, endpoint, token)) {
            return 101;
        } catch (ExecutionException e) {
            return e.getCause() instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException upgrade
                    ? upgrade.getResponseStatusCode()
                    : -1;
        } catch (TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        texts.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        texts.add("<binary " + payload.remaining() + " bytes>");
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(-1);
    }

    /** Sends {@code text} as one frame; true when written (false: the server closed first). */
    boolean sendFrame(String text) throws InterruptedException, TimeoutException {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        return await(sent);
    }

    /** Sends {@code text} as frames of at most {@code frameChars} characters (ASCII: as many bytes). */
    boolean sendFragmented(String text, int frameChars) throws InterruptedException, TimeoutException {
        for (int at = 0; at < text.length(); at += frameChars) {
            int end = Math.min(text.length(), at + frameChars);
            CompletableFuture<Void> sent = new CompletableFuture<>();
            session.sendPartialText(
                    text.substring(at, end),
                    end == text.length(),
                    Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            if (!await(sent)) {
                return false;
            }
        }
        return true;
    }

    boolean sendBinary(byte[] data) throws InterruptedException, TimeoutException {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(
                ByteBuffer.wrap(data), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        return await(sent);
    }

    private static boolean await(CompletableFuture<Void> sent) throws InterruptedException, TimeoutException {
        try {
            sent.get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException closedMeanwhile) {
            return false;
        }
    }

    /** The next text message, or null when none came within {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.NORMAL, "bye", Callback.NOOP);
        }
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception notInTime) {
            if (current != null) {
                current.disconnect();
            }
        }
    }
}
