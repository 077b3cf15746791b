package dev.antipop.local.template;

import java.util.List;

/**
 * An HTTP API: an {@code AWS::Serverless::HttpApi}, or the implicit {@code ServerlessHttpApi} SAM creates when a
 * function has an {@code HttpApi} event without {@code ApiId}.
 *
 * @param logicalId the API's logical id ({@code ServerlessHttpApi} for the implicit one)
 * @param apiId the local API id (10 lowercase alphanumerics, stable per logical id, like API Gateway's)
 * @param stageName {@code StageName}; {@code $default} when the template gives none (SAM's default)
 * @param routes the routes that functions' {@code HttpApi} events declare on this API
 */
public record HttpApiDefinition(String logicalId, String apiId, String stageName, List<Route> routes) {

    public HttpApiDefinition {
        routes = List.copyOf(routes);
    }

    /**
     * A route from one function event.
     *
     * @param method HTTP method in upper case, or {@code ANY}; {@code null} for the {@code $default} route
     * @param path the path ({@code /commands/{name}}) or {@code $default}
     * @param functionLogicalId the function the route integrates with
     */
    public record Route(String method, String path, String functionLogicalId) {}
}
