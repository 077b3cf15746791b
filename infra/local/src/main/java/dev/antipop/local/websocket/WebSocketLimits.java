package dev.antipop.local.websocket;

import java.time.Duration;

/**
 * The limits an API Gateway WebSocket API enforces on a connection ("Amazon API Gateway quotas for WebSocket APIs").
 *
 * @param maxFrameBytes largest frame a client may send (API Gateway: 32 KB); larger closes with 1009
 * @param maxMessageBytes largest message a client may send, and largest a management POST may carry (128 KB); a
 *     larger client message closes with 1009, a larger POST is 413
 * @param idleTimeout a connection without messages for this long is closed with 1001 {@code Going away} (10 minutes)
 * @param maxConnectionDuration a connection is closed with 1001 after this long regardless (2 hours)
 */
public record WebSocketLimits(
        int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration maxConnectionDuration) {

    /** Checks that every limit is positive. */
    public WebSocketLimits {
        if (maxFrameBytes <= 0 || maxMessageBytes <= 0) {
            throw new IllegalArgumentException("WebSocket frame and message limits must be positive");
        }
        if (idleTimeout.isNegative()
                || idleTimeout.isZero()
                || maxConnectionDuration.isNegative()
                || maxConnectionDuration.isZero()) {
            throw new IllegalArgumentException("WebSocket idle timeout and connection duration must be positive");
        }
    }

    /**
     * API Gateway's quotas for WebSocket APIs: frame 32 KB, message 128 KB, idle connection timeout 10 minutes,
     * connection duration 2 hours.
     */
    public static WebSocketLimits apiGatewayDefaults() {
        return new WebSocketLimits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));
    }
}
