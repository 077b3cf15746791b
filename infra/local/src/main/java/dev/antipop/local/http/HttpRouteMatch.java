package dev.antipop.local.http;

import java.util.Map;

/**
 * The route API Gateway selected for a request.
 *
 * @param route the selected route
 * @param pathParameters its path variables with the (decoded) values of the request; empty for routes without
 *     variables and for {@code $default}
 */
public record HttpRouteMatch(HttpRoute route, Map<String, String> pathParameters) {}
