package dev.antipop.local.websocket;

import java.util.concurrent.ScheduledFuture;
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
