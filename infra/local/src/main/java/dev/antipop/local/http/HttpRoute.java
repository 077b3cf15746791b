package dev.antipop.local.http;

import dev.antipop.local.lambda.LambdaInvoker;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One route of an API Gateway HTTP API ({@code AWS::Serverless::Function} event of type {@code HttpApi}) with its
 * Lambda proxy integration.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, {@code HEAD}, {@code OPTIONS}
 *     or {@code ANY} (upper-cased here); ignored for {@code $default}
 * @param path a path starting with {@code /}, whose segments may be {@code {name}} path variables and whose last
 *     segment may be a greedy {@code {name+}}; or {@code $default}, the catch-all route
 * @param target the function to invoke with the payload format 2.0 event
 */
public record HttpRoute(String method, String path, LambdaInvoker target) {

    /** The catch-all route key. */
    public static final String DEFAULT_ROUTE = "$default";

    /** The method that matches every method not routed explicitly. */
    public static final String ANY = "ANY";

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", ANY);

    /** Upper-cases the method and checks method and path. */
    public HttpRoute {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
        method = method == null ? ANY : method.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException(
                    "HTTP API route " + path + ": method " + method + " is not one of " + METHODS);
        }
        if (!path.equals(DEFAULT_ROUTE) && !path.startsWith("/")) {
            throw new IllegalArgumentException(
                    "HTTP API route path " + path + " must start with / or be " + DEFAULT_ROUTE);
        }
    }

    /** The route key as API Gateway writes it into the event: {@code POST /commands/{name}} or {@code $default}. */
    public String routeKey() {
        return path.equals(DEFAULT_ROUTE) ? DEFAULT_ROUTE : method + " " + path;
    }
}
