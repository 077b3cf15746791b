package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $disconnect} route of the WebSocket API: deletes the connection and all its subscriptions, and always
 * answers 200.
 *
 * <p>The rooms it was present in announce {@code presence.left} ({@link Presence}).
 *
 * <p>API Gateway delivers {@code $disconnect} on a best-effort basis and ignores the answer (the connection is already
 * closed), so a DynamoDB failure here is logged, not retried: the connection item expires by TTL, and fan-out deletes
 * the connection with its subscriptions at the first 410 Gone.
 */
public final class DisconnectHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private static final Logger log = LoggerFactory.getLogger(DisconnectHandler.class);

    private final ConnectionRegistry registry;
    private final Presence presence;

    /**
     * @param registry where the connection and its subscriptions are deleted
     * @param presence announces the rooms the connection leaves
     */
    public DisconnectHandler(ConnectionRegistry registry, Presence presence) {
        this.registry = registry;
        this.presence = presence;
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        String connectionId = event == null || event.getRequestContext() == null
                ? null
                : event.getRequestContext().getConnectionId();
        if (connectionId == null || connectionId.isEmpty()) {
            log.warn("$disconnect event without requestContext.connectionId; nothing to delete");
            return WebSocketResponses.ok();
        }
        try {
            presence.announceLeft(registry.remove(connectionId));
            log.info("Disconnected {}", connectionId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("$disconnect of {} interrupted while announcing its presence leaves", connectionId, e);
        } catch (RuntimeException e) {
            log.warn(
                    "$disconnect of {} could not delete its items; TTL and fan-out's 410 handling will",
                    connectionId,
                    e);
        }
        return WebSocketResponses.ok();
    }
}
