package dev.antipop.local.websocket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection: what {@code GetConnection} reports and what every event's {@code requestContext} repeats.
 * Times are epoch milliseconds.
 */
final class WebSocketConnection {

    final String connectionId;
    final long connectedAt;
    final String sourceIp;
    final String userAgent;
    final String domainName;

    /**
     * Completed when Jetty opens the session. The client may hold its 101 answer (and hand its connection id to
     * someone who posts to it) a moment before that happens on the server.
     */
    final CompletableFuture<Session> opened = new CompletableFuture<>();

    /** Set by the first close: {@code $disconnect} is invoked once. */
    final AtomicBoolean disconnected = new AtomicBoolean();
    /** Management posts to this connection so far: the chaos switch's key for each post. */
    final java.util.concurrent.atomic.AtomicLong managementPosts = new java.util.concurrent.atomic.AtomicLong();

    volatile long lastActiveAt;
    volatile Session session;
    volatile OutgoingMessages outgoing;
    volatile ScheduledFuture<?> idleCheck;
    volatile ScheduledFuture<?> maxDurationClose;

    WebSocketConnection(String connectionId, long connectedAt, String sourceIp, String userAgent, String domainName) {
        this.connectionId = connectionId;
        this.connectedAt = connectedAt;
        this.lastActiveAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.domainName = domainName;
    }

    /**
     * The open session, waiting up to {@code timeoutMillis} for a just-accepted connection to open.
     *
     * @return the session, or null when the connection did not open in time or is closed
     */
    Session awaitOpenSession(long timeoutMillis) {
        try {
            Session open = opened.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return open.isOpen() ? open : null;
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void touch() {
        lastActiveAt = System.currentTimeMillis();
    }

    void cancelTimers() {
        ScheduledFuture<?> idle = idleCheck;
        if (idle != null) {
            idle.cancel(false);
        }
        ScheduledFuture<?> max = maxDurationClose;
        if (max != null) {
            max.cancel(false);
        }
    }
}
