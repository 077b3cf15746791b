package dev.antipop.local.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The server-to-client messages of one connection, written one at a time and split into frames of at most the API's
 * frame size, as API Gateway does (it fragments what it sends at 32 KB). Jetty refuses an outgoing frame over the
 * configured maximum frame size unless auto-fragmentation is on, and auto-fragmentation would also silently accept
 * oversized incoming frames, which API Gateway closes with 1009; hence the fragmenting here.
 *
 * <p>Sends block the caller until the frames are written (or {@value #WRITE_TIMEOUT_SECONDS} s pass), so the
 * management API answers 200 only for a delivered message and a fragmented message never interleaves with another.
 */
final class OutgoingMessages {

    static final long WRITE_TIMEOUT_SECONDS = 10;

    private final Session session;
    private final int maxFrameBytes;

    OutgoingMessages(Session session, int maxFrameBytes) {
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Sends one text message.
     *
     * @throws IOException when the connection is closed or the write fails or times out
     */
    synchronized void sendText(String text) throws IOException {
        if ((long) text.length() * 3 <= maxFrameBytes) {
            await(callback -> session.sendText(text, callback));
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
                await(callback -> session.sendPartialText(part, false, callback));
                start = i;
                bytes = 0;
            }
            bytes += width;
        }
        String last = text.substring(start);
        await(callback -> session.sendPartialText(last, true, callback));
    }

    /**
     * Sends one binary message.
     *
     * @throws IOException when the connection is closed or the write fails or times out
     */
    synchronized void sendBinary(byte[] data) throws IOException {
        if (data.length <= maxFrameBytes) {
            await(callback -> session.sendBinary(ByteBuffer.wrap(data), callback));
            return;
        }
        for (int offset = 0; offset < data.length; offset += maxFrameBytes) {
            int length = Math.min(maxFrameBytes, data.length - offset);
            boolean last = offset + length == data.length;
            ByteBuffer part = ByteBuffer.wrap(data, offset, length);
            await(callback -> session.sendPartialBinary(part, last, callback));
        }
    }

    private interface Write {
        void start(Callback callback);
    }

    private void await(Write write) throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the connection is closed");
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        write.start(Callback.from(() -> written.complete(null), written::completeExceptionally));
        try {
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("writing to the connection failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("writing to the connection took over " + WRITE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the connection", e);
        }
    }
}
