package dev.antipop.local.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The server-to-client messages of one connection, written one at a time and split into frames of at most the API's
 * frame size, as API Gateway does (it fragments what it sends at 32 KB). Jetty refuses an outgoing frame over the
 * configured maximum frame size unless auto-fragmentation is on, and auto-fragmentation would also silently accept
 * oversized incoming frames, which API Gateway closes with 1009; hence the fragmenting here.
 *
 * <p>Sends block the caller until the frames are written, so the management API answers 200 only for a delivered
 * message and a fragmented message never interleaves with another.
 *
 * <p><b>Slow and dead consumers.</b> A client that stops reading must not hold a sender, a socket or memory: a write
 * that has not completed within {@value #SLOW_WRITE_MILLIS} ms, or more than {@value #MAX_QUEUED_BYTES} bytes queued
 * and not yet written, means the consumer is too slow (seed 002's bound). The connection is then closed with 1008
 * {@code Slow consumer} and dropped at once (no close handshake: the client would not read it), the send fails, and a
 * management post answers 410. The kernel's share of the queue is bounded by the connector's send buffer (see
 * {@link WebSocketApiEmulator}), so what one connection holds stays under a megabyte.
 */
final class OutgoingMessages {

    /** How long one write may stay blocked before the consumer counts as dead, in milliseconds (seed 002). */
    static final long SLOW_WRITE_MILLIS = 250;

    /** The most bytes queued for one connection and not yet written (seed 002). */
    static final long MAX_QUEUED_BYTES = 1 << 20;

    private final Session session;
    private final int maxFrameBytes;
    private final Consumer<String> onRelease;
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean released;

    /**
     * @param session the connection's session
     * @param maxFrameBytes the frame size messages are split at
     * @param onRelease called once, with the reason, when a slow consumer is dropped
     */
    OutgoingMessages(Session session, int maxFrameBytes, Consumer<String> onRelease) {
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
        this.onRelease = onRelease;
    }

    /** Bytes queued for this connection and not yet written. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * Sends one text message.
     *
     * @throws IOException when the connection is closed or the write fails or times out
     */
    synchronized void sendText(String text) throws IOException {
        if ((long) text.length() * 3 <= maxFrameBytes) {
            await(text.length(), callback -> session.sendText(text, callback));
            return;
        }
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int width;
            if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                width = 4;
            } else if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
                continue; // counted with its high surrogate
            } else {
                width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            if (bytes + width > maxFrameBytes) {
                String part = text.substring(start, i);
                await(part.length(), callback -> session.sendPartialText(part, false, callback));
                start = i;
                bytes = 0;
            }
            bytes += width;
        }
        String last = text.substring(start);
        await(last.length(), callback -> session.sendPartialText(last, true, callback));
    }

    /**
     * Sends one binary message.
     *
     * @throws IOException when the connection is closed or the write fails or times out
     */
    synchronized void sendBinary(byte[] data) throws IOException {
        if (data.length <= maxFrameBytes) {
            await(data.length, callback -> session.sendBinary(ByteBuffer.wrap(data), callback));
            return;
        }
        for (int offset = 0; offset < data.length; offset += maxFrameBytes) {
            int length = Math.min(maxFrameBytes, data.length - offset);
            boolean last = offset + length == data.length;
            ByteBuffer part = ByteBuffer.wrap(data, offset, length);
            await(length, callback -> session.sendPartialBinary(part, last, callback));
        }
    }

    private interface Write {
        void start(Callback callback);
    }

    private void await(long bytes, Write write) throws IOException {
        if (released || !session.isOpen()) {
            throw new IOException("the connection is closed");
        }
        if (queuedBytes.addAndGet(bytes) > MAX_QUEUED_BYTES) {
            queuedBytes.addAndGet(-bytes);
            release("over " + MAX_QUEUED_BYTES + " bytes queued");
            throw new IOException("the consumer is too slow: over " + MAX_QUEUED_BYTES + " bytes queued");
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        write.start(Callback.from(
                () -> {
                    queuedBytes.addAndGet(-bytes);
                    written.complete(null);
                },
                failure -> {
                    queuedBytes.addAndGet(-bytes);
                    written.completeExceptionally(failure);
                }));
        try {
            written.get(SLOW_WRITE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("writing to the connection failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            release("a write blocked over " + SLOW_WRITE_MILLIS + " ms");
            throw new IOException("the consumer is too slow: a write blocked over " + SLOW_WRITE_MILLIS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the connection", e);
        }
    }

    /**
     * Drops a slow consumer: 1008 {@code Slow consumer} queued for the record, then the TCP connection closed without
     * waiting for the close handshake, which frees the socket and whatever was queued for it.
     */
    private void release(String why) {
        if (released) {
            return;
        }
        released = true;
        onRelease.accept(why);
        session.close(StatusCode.POLICY_VIOLATION, "Slow consumer", Callback.NOOP);
        session.disconnect();
    }
}
