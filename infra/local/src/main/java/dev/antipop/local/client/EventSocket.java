package dev.antipop.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One client WebSocket whose text frames are parsed and queued; tests and the demo wait on them with a deadline
 * (never a sleep).
 */
public final class EventSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A refused WebSocket handshake (the {@code $connect} route answered non-2xx). */
    public static final class HandshakeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HandshakeRefused(int status, Throwable cause) {
            super("WebSocket handshake refused with HTTP " + status, cause);
            this.status = status;
        }

        /** The HTTP status of the refusal. */
        public int status() {
            return status;
        }
    }

    /** A frame as received, with the receive time in {@link System#nanoTime()} units. */
    public record Frame(JsonNode json, String text, long receivedNanos) {}

    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Frame> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Consumer<Frame> observer = frame -> {};
    private WebSocket webSocket;

    EventSocket() {}

    static HandshakeRefused refused(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            return new HandshakeRefused(handshake.getResponse().statusCode(), cause);
        }
        return new HandshakeRefused(-1, cause);
    }

    void attach(WebSocket webSocket) {
        this.webSocket = webSocket;
    }

    WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    JsonNode json;
                    try {
                        json = JSON.readTree(text);
                    } catch (IOException e) {
                        json = JSON.getNodeFactory().textNode(text);
                    }
                    Frame frame = new Frame(json, text, System.nanoTime());
                    observer.accept(frame);
                    frames.add(frame);
                }
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

    /**
     * Calls {@code observer} with every frame as it arrives, on the socket's listener thread, before it is queued (so
     * a benchmark can time arrivals without scanning {@link #seen()}). It must be quick and must not throw.
     */
    public void observe(Consumer<Frame> observer) {
        this.observer = observer;
    }

    /** Sends one text frame. */
    public void send(String text) {
        webSocket.sendText(text, true).join();
    }

    /**
     * The next frame matching {@code filter} within {@code timeout} (earlier non-matching frames are kept in {@link
     * #seen()}).
     *
     * @throws AssertionError when none arrives in time
     */
    public Frame await(Predicate<JsonNode> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame;
            try {
                frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for a frame", e);
            }
            if (frame == null) {
                throw new AssertionError("No matching frame within " + timeout + "; received " + seen);
            }
            synchronized (seen) {
                seen.add(frame);
            }
            if (filter.test(frame.json())) {
                return frame;
            }
        }
    }

    /** An {@code event} frame of the given event type. */
    public Frame awaitEvent(String type, Duration timeout) {
        return await(
                json -> "event".equals(json.path("op").asText())
                        && type.equals(json.path("data").path("type").asText()),
                timeout);
    }

    /**
     * An {@code event} frame of the given event type, whether it was already passed over by an earlier {@link #await}
     * or is still to come: for events of different streams, whose relative order is not guaranteed.
     *
     * @throws AssertionError when none arrives in time
     */
    public Frame findOrAwaitEvent(String type, Duration timeout) {
        synchronized (seen) {
            for (Frame frame : seen) {
                if ("event".equals(frame.json().path("op").asText())
                        && type.equals(frame.json().path("data").path("type").asText())) {
                    return frame;
                }
            }
        }
        return awaitEvent(type, timeout);
    }

    /**
     * Drops every frame kept so far, passed over or still queued: a benchmark holding a thousand sockets in the local
     * cloud's own JVM would otherwise keep every frame they ever received alive, and the collector's pauses would then
     * be the benchmark's own making.
     */
    public void forget() {
        synchronized (seen) {
            seen.clear();
            frames.clear();
        }
    }

    /** Every frame taken from the queue so far, in order, plus those still queued. */
    public List<Frame> seen() {
        synchronized (seen) {
            List<Frame> all = new ArrayList<>(seen);
            all.addAll(frames);
            return all;
        }
    }

    /** The close status code, once the server or the client closed the socket. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (webSocket != null && !webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
            try {
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception timeout) {
                webSocket.abort();
            }
        }
    }
}
