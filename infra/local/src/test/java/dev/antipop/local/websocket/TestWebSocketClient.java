package dev.antipop.local.websocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** One real WebSocket client connection (Jetty's client) that records what the server sends. */
public final class TestWebSocketClient implements Session.Listener.AutoDemanding {

    /** A close frame as the client saw it. */
    record Close(int statusCode, String reason) {}

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    volatile Session session;

    static TestWebSocketClient connect(WebSocketClient client, URI uri) throws Exception {
        TestWebSocketClient listener = new TestWebSocketClient();
        listener.session = client.connect(listener, uri).get(10, TimeUnit.SECONDS);
        return listener;
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
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        binaries.add(bytes);
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(new Close(-1, cause.toString()));
    }

    String nextText() throws InterruptedException {
        String text = texts.poll(10, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no message within 10 s");
        }
        return text;
    }

    void send(String text) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(10, TimeUnit.SECONDS);
    }

    Close closeNormally() throws Exception {
        session.close(StatusCode.NORMAL, "bye", Callback.NOOP);
        return closed.get(10, TimeUnit.SECONDS);
    }
}
