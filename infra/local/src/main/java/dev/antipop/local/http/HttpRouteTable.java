package dev.antipop.local.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Route selection of an API Gateway HTTP API ("Working with routes for HTTP APIs": routes are matched by most specific
 * first). For a request method and (decoded, stage-less) path:
 *
 * <ol>
 *   <li>paths without variables beat paths with {@code {name}} variables, which beat paths ending in a greedy
 *       {@code {name+}}; among routes of the same kind, the one with a literal segment earlier wins, and a greedy
 *       route with a longer literal prefix wins;
 *   <li>on the same path, a route for the request's method beats {@code ANY};
 *   <li>nothing matched: the {@code $default} route, if there is one.
 * </ol>
 *
 * <p>Matching is case-sensitive, as API Gateway's. A greedy variable matches one or more whole segments.
 */
public final class HttpRouteTable {

    private final List<CompiledRoute> routes;
    private final HttpRoute defaultRoute;

    /**
     * @param routes the API's routes; at most one {@code $default}
     * @throws IllegalArgumentException on two {@code $default} routes or a malformed path
     */
    public HttpRouteTable(List<HttpRoute> routes) {
        List<CompiledRoute> compiled = new ArrayList<>();
        HttpRoute fallback = null;
        for (HttpRoute route : routes) {
            if (route.path().equals(HttpRoute.DEFAULT_ROUTE)) {
                if (fallback != null) {
                    throw new IllegalArgumentException("HTTP API has two $default routes");
                }
                fallback = route;
            } else {
                compiled.add(CompiledRoute.of(route));
            }
        }
        compiled.sort(CompiledRoute.PRECEDENCE);
        this.routes = List.copyOf(compiled);
        this.defaultRoute = fallback;
    }

    /**
     * Selects the route for one request.
     *
     * @param method the request method, upper case
     * @param path the decoded request path without the stage, starting with {@code /}
     * @return the route and its path parameters (decoded), or empty when no route and no {@code $default} matches
     */
    public Optional<HttpRouteMatch> select(String method, String path) {
        String[] segments = splitPath(path);
        for (CompiledRoute route : routes) {
            if (!route.route.method().equals(HttpRoute.ANY)
                    && !route.route.method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = route.match(segments);
            if (parameters != null) {
                return Optional.of(new HttpRouteMatch(route.route, parameters));
            }
        }
        return Optional.ofNullable(defaultRoute).map(route -> new HttpRouteMatch(route, Map.of()));
    }

    private static String[] splitPath(String path) {
        return path.substring(1).split("/", -1);
    }

    /** A route split into segments, with what the precedence order needs. */
    private record CompiledRoute(HttpRoute route, Segment[] segments, Kind kind) {

        /** Exact before variables before greedy; then literal-first by position; then method before ANY. */
        static final Comparator<CompiledRoute> PRECEDENCE = Comparator.comparing(CompiledRoute::kind)
                .thenComparing(CompiledRoute::literalPattern, Comparator.reverseOrder())
                .thenComparing(compiled -> compiled.route.method().equals(HttpRoute.ANY));

        static CompiledRoute of(HttpRoute route) {
            String[] parts = splitPath(route.path());
            Segment[] segments = new Segment[parts.length];
            Kind kind = Kind.EXACT;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    boolean greedy = part.endsWith("+}");
                    String name = part.substring(1, part.length() - (greedy ? 2 : 1));
                    if (name.isEmpty()) {
                        throw new IllegalArgumentException("HTTP API route " + route.path() + ": empty path variable");
                    }
                    if (greedy && i != parts.length - 1) {
                        throw new IllegalArgumentException(
                                "HTTP API route " + route.path() + ": a greedy variable must be the last segment");
                    }
                    segments[i] = new Segment(null, name, greedy);
                    kind = greedy ? Kind.GREEDY : Kind.VARIABLES;
                } else {
                    segments[i] = new Segment(part, null, false);
                }
            }
            return new CompiledRoute(route, segments, kind);
        }

        /** Literal segments marked 1, variables 0, compared lexicographically: literals earlier win. */
        String literalPattern() {
            StringBuilder pattern = new StringBuilder(segments.length);
            for (Segment segment : segments) {
                pattern.append(segment.literal != null ? '1' : '0');
            }
            return pattern.toString();
        }

        Map<String, String> match(String[] request) {
            boolean greedy = kind == Kind.GREEDY;
            if (greedy ? request.length < segments.length : request.length != segments.length) {
                return null;
            }
            Map<String, String> parameters = null;
            for (int i = 0; i < segments.length; i++) {
                Segment segment = segments[i];
                if (segment.literal != null) {
                    if (!segment.literal.equals(request[i])) {
                        return null;
                    }
                    continue;
                }
                String value =
                        segment.greedy ? String.join("/", List.of(request).subList(i, request.length)) : request[i];
                if (value.isEmpty()) {
                    return null;
                }
                if (parameters == null) {
                    parameters = new LinkedHashMap<>();
                }
                parameters.put(segment.name, value);
            }
            return parameters == null ? Map.of() : parameters;
        }
    }

    private record Segment(String literal, String name, boolean greedy) {}

    private enum Kind {
        EXACT,
        VARIABLES,
        GREEDY
    }
}
