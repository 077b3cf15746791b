package dev.antipop.local.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body with a size limit and a deadline, so a client that trickles or stalls its upload cannot hold a
 * request for longer than API Gateway would wait. API Gateway answers an HTTP API request within its 30 s integration
 * timeout or not at all; a body that has not arrived by then cannot be answered in time either.
 *
 * <p>The read is asynchronous (Jetty's demand callbacks), so waiting for it is a bounded {@link CompletableFuture#get}
 * and not a blocking socket read without a limit.
 */
public final class RequestBodies {

    /** A body read: its bytes, or {@code tooLarge} when it went over the limit (the rest is not read). */
    public record Body(byte[] bytes, boolean tooLarge) {}

    /** The body did not arrive within the deadline: answer 408 and close the connection. */
    public static final class TooSlowException extends Exception {

        TooSlowException(String message) {
            super(message, null, false, false);
        }
    }

    private RequestBodies() {}

    /**
     * Reads the whole body.
     *
     * @param source the request
     * @param limit the most bytes accepted; more gives {@code tooLarge}
     * @param deadline how long the whole body may take to arrive, from now
     * @throws TooSlowException when it has not arrived within {@code deadline}
     * @throws java.io.IOException when the client failed the stream (reset, bad chunking)
     */
    public static Body read(Content.Source source, int limit, Duration deadline)
            throws TooSlowException, java.io.IOException {
        CompletableFuture<Body> body = new CompletableFuture<>();
        new Pump(source, limit, body).run();
        try {
            return body.get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            body.cancel(false);
            throw new TooSlowException("request body not received within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof java.io.IOException io
                    ? io
                    : new java.io.IOException("request body failed: " + e.getCause(), e.getCause());
        }
    }

    /** Reads every available chunk, then demands more; completes the future at the last chunk or the limit. */
    private static final class Pump implements Runnable {

        private final Content.Source source;
        private final int limit;
        private final CompletableFuture<Body> result;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pump(Content.Source source, int limit, CompletableFuture<Body> result) {
            this.source = source;
            this.limit = limit;
            this.result = result;
        }

        @Override
        public void run() {
            while (!result.isDone()) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    result.completeExceptionally(chunk.getFailure());
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                int size = buffer.remaining();
                if (out.size() + size > limit) {
                    chunk.release();
                    result.complete(new Body(new byte[0], true));
                    return;
                }
                byte[] bytes = new byte[size];
                buffer.get(bytes);
                out.write(bytes, 0, size);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    result.complete(new Body(out.toByteArray(), false));
                    return;
                }
            }
        }
    }
}
