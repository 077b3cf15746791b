package dev.antipop.local.template;

import java.util.List;

/**
 * An {@code AWS::ApiGatewayV2::Api} with {@code ProtocolType: WEBSOCKET}, with the routes, integrations, route
 * responses and stage that refer to it.
 *
 * @param logicalId the API's logical id
 * @param apiId the local API id (10 lowercase alphanumerics, stable per logical id)
 * @param routeSelectionExpression {@code RouteSelectionExpression} ({@code $request.body.action} when absent)
 * @param stageName the {@code StageName} of the API's {@code AWS::ApiGatewayV2::Stage}; {@code production} when the
 *     template declares no stage
 * @param routes its routes
 */
public record WebSocketApiDefinition(
        String logicalId, String apiId, String routeSelectionExpression, String stageName, List<Route> routes) {

    public WebSocketApiDefinition {
        routes = List.copyOf(routes);
    }

    /**
     * One {@code AWS::ApiGatewayV2::Route} with a Lambda proxy integration.
     *
     * @param logicalId the route's logical id
     * @param routeKey {@code RouteKey} ({@code $connect}, {@code $default}, {@code sub}, ...)
     * @param functionLogicalId the function its integration's {@code IntegrationUri} names
     * @param returnsResponse whether an {@code AWS::ApiGatewayV2::RouteResponse} exists for it (a two-way route: the
     *     function's response body is sent back to the client)
     */
    public record Route(String logicalId, String routeKey, String functionLogicalId, boolean returnsResponse) {}
}
