package dev.antipop.local.websocket;

import java.util.Map;
import java.util.Objects;

/**
 * One API Gateway WebSocket API stage as the emulator serves it.
 *
 * @param apiId the API id written into events ({@code requestContext.apiId})
 * @param stage the stage name; connections are accepted at {@code /} and {@code /<stage>}, the management API at
 *     {@code /@connections/{id}} and {@code /<stage>/@connections/{id}}
 * @param routeSelectionExpression {@code RouteSelectionExpression}, e.g. {@code $request.body.op} (see
 *     {@link RouteSelectionExpression})
 * @param routes routes by route key
 * @param limits the connection limits; usually {@link WebSocketLimits#apiGatewayDefaults()}
 */
public record WebSocketApiSpec(
        String apiId,
        String stage,
        String routeSelectionExpression,
        Map<String, WebSocketRoute> routes,
        WebSocketLimits limits) {

    /** Checks and copies. */
    public WebSocketApiSpec {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(routeSelectionExpression, "routeSelectionExpression");
        Objects.requireNonNull(limits, "limits");
        routes = Map.copyOf(routes);
        routes.forEach((key, route) -> {
            if (!key.equals(route.routeKey())) {
                throw new IllegalArgumentException(
                        "WebSocket route registered under " + key + " has route key " + route.routeKey());
            }
        });
    }
}
