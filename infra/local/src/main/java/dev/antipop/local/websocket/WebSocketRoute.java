package dev.antipop.local.websocket;

import dev.antipop.local.lambda.LambdaInvoker;
import java.util.Objects;

/**
 * One route of an API Gateway WebSocket API with its Lambda proxy integration.
 *
 * @param routeKey {@code $connect}, {@code $disconnect}, {@code $default} or a custom key that the route selection
 *     expression yields ({@code send})
 * @param target the function invoked with the {@code APIGatewayV2WebSocketEvent} JSON
 * @param returnsResponse whether the route has a route response ({@code RouteResponseSelectionExpression}): the
 *     integration's response {@code body} is then sent back to the client as a message (two-way route)
 */
public record WebSocketRoute(String routeKey, LambdaInvoker target, boolean returnsResponse) {

    /** Route key of the handshake route; only a 2xx from its function lets the client connect. */
    public static final String CONNECT = "$connect";

    /** Route key invoked, best effort, after a connection is gone. */
    public static final String DISCONNECT = "$disconnect";

    /** Route key of messages whose selected key has no route of its own. */
    public static final String DEFAULT = "$default";

    /** Checks the arguments. */
    public WebSocketRoute {
        Objects.requireNonNull(routeKey, "routeKey");
        Objects.requireNonNull(target, "target");
        if (routeKey.isBlank()) {
            throw new IllegalArgumentException("WebSocket route key must not be blank");
        }
    }
}
