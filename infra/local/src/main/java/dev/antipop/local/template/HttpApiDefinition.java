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
 * @param cors the API's {@code CorsConfiguration} (its own, else {@code Globals.HttpApi}'s), or {@code null} for none
 */
public record HttpApiDefinition(String logicalId, String apiId, String stageName, List<Route> routes, Cors cors) {

    public HttpApiDefinition {
        routes = List.copyOf(routes);
    }

    /** An API without CORS. */
    public HttpApiDefinition(String logicalId, String apiId, String stageName, List<Route> routes) {
        this(logicalId, apiId, stageName, routes, null);
    }

    /**
     * An HTTP API's CORS configuration ({@code AWS::ApiGatewayV2::Api} {@code Cors}; SAM's
     * {@code HttpApiCorsConfiguration}). Header names are lower case; methods upper case.
     *
     * @param allowOrigins {@code AllowOrigins}: exact origins, {@code *}, {@code https://*} or {@code http://*}
     * @param allowHeaders {@code AllowHeaders} ({@code *} allowed)
     * @param allowMethods {@code AllowMethods} ({@code *} allowed)
     * @param exposeHeaders {@code ExposeHeaders} ({@code *} allowed)
     * @param maxAgeSeconds {@code MaxAge}, -1..86400, or {@code null} when not set
     * @param allowCredentials {@code AllowCredentials}
     */
    public record Cors(
            List<String> allowOrigins,
            List<String> allowHeaders,
            List<String> allowMethods,
            List<String> exposeHeaders,
            Integer maxAgeSeconds,
            boolean allowCredentials) {

        public Cors {
            allowOrigins = List.copyOf(allowOrigins);
            allowHeaders = List.copyOf(allowHeaders);
            allowMethods = List.copyOf(allowMethods);
            exposeHeaders = List.copyOf(exposeHeaders);
        }
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
