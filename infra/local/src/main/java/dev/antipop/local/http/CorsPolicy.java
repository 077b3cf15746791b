package dev.antipop.local.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * CORS as API Gateway HTTP APIs answer it from an API's CORS configuration ("Configuring CORS for an HTTP API", API
 * Gateway developer guide):
 *
 * <ul>
 *   <li>a preflight, an {@code OPTIONS} request with {@code Origin} and {@code Access-Control-Request-Method}, is
 *       answered by the gateway itself, whether or not a route matches and without invoking a function: 204 with
 *       {@code Access-Control-Allow-Origin}, {@code -Allow-Methods}, {@code -Allow-Headers}, {@code -Max-Age} and
 *       {@code -Allow-Credentials} as configured, when the origin is allowed (none of them when it is not, so the
 *       browser refuses the call);
 *   <li>every other response to a request with an allowed {@code Origin} carries {@code Access-Control-Allow-Origin},
 *       {@code Access-Control-Expose-Headers} and {@code Access-Control-Allow-Credentials} as configured;
 *   <li>CORS headers a function returns are dropped: the configuration wins.
 * </ul>
 *
 * An allowed origin is echoed, except that {@code *} answers {@code *}. {@code https://*} and {@code http://*} allow
 * every origin of that scheme.
 */
public final class CorsPolicy {

    private final List<String> allowOrigins;
    private final String allowHeaders;
    private final String allowMethods;
    private final String exposeHeaders;
    private final Integer maxAgeSeconds;
    private final boolean allowCredentials;

    /**
     * @param allowOrigins exact origins ({@code https://app.example.com}), {@code *}, {@code https://*} or
     *     {@code http://*}
     * @param allowHeaders request headers a preflight allows ({@code *} for any)
     * @param allowMethods methods a preflight allows ({@code *} for any)
     * @param exposeHeaders response headers scripts may read
     * @param maxAgeSeconds how long browsers may cache a preflight, or {@code null} to send no {@code Max-Age}
     * @param allowCredentials whether {@code Access-Control-Allow-Credentials: true} is sent
     */
    public CorsPolicy(
            List<String> allowOrigins,
            List<String> allowHeaders,
            List<String> allowMethods,
            List<String> exposeHeaders,
            Integer maxAgeSeconds,
            boolean allowCredentials) {
        this.allowOrigins = List.copyOf(allowOrigins);
        this.allowHeaders = String.join(",", allowHeaders);
        this.allowMethods = String.join(",", allowMethods);
        this.exposeHeaders = String.join(",", exposeHeaders);
        this.maxAgeSeconds = maxAgeSeconds;
        this.allowCredentials = allowCredentials;
    }

    /** Whether a request is a CORS preflight: {@code OPTIONS} with {@code Origin} and the requested method. */
    public static boolean isPreflight(String method, String origin, String requestedMethod) {
        return "OPTIONS".equals(method) && origin != null && requestedMethod != null;
    }

    /** Whether a header is one of the CORS response headers ({@code Access-Control-*}), which a function may not set. */
    public static boolean isCorsHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("access-control-");
    }

    /** The {@code Access-Control-Allow-Origin} value for a request origin, or null when it is not allowed. */
    String allowOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        for (String allowed : allowOrigins) {
            if (allowed.equals("*")) {
                return "*";
            }
            if (allowed.endsWith("://*")
                    && origin.regionMatches(true, 0, allowed, 0, allowed.length() - 1)
                    && origin.length() > allowed.length() - 1) {
                return origin;
            }
            if (allowed.equalsIgnoreCase(origin)) {
                return origin;
            }
        }
        return null;
    }

    /** The headers of the answer to a preflight from {@code origin}; empty when the origin is not allowed. */
    public List<Map.Entry<String, String>> preflightHeaders(String origin) {
        String allowed = allowOrigin(origin);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (allowed == null) {
            return headers;
        }
        headers.add(Map.entry("access-control-allow-origin", allowed));
        if (!allowMethods.isEmpty()) {
            headers.add(Map.entry("access-control-allow-methods", allowMethods));
        }
        if (!allowHeaders.isEmpty()) {
            headers.add(Map.entry("access-control-allow-headers", allowHeaders));
        }
        if (maxAgeSeconds != null) {
            headers.add(Map.entry("access-control-max-age", Integer.toString(maxAgeSeconds)));
        }
        if (allowCredentials) {
            headers.add(Map.entry("access-control-allow-credentials", "true"));
        }
        return headers;
    }

    /** The CORS headers of an actual response to a request from {@code origin}; empty when it is not allowed. */
    public List<Map.Entry<String, String>> responseHeaders(String origin) {
        String allowed = allowOrigin(origin);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (allowed == null) {
            return headers;
        }
        headers.add(Map.entry("access-control-allow-origin", allowed));
        if (!exposeHeaders.isEmpty()) {
            headers.add(Map.entry("access-control-expose-headers", exposeHeaders));
        }
        if (allowCredentials) {
            headers.add(Map.entry("access-control-allow-credentials", "true"));
        }
        return headers;
    }

    @Override
    public String toString() {
        return "CorsPolicy" + Objects.toString(allowOrigins);
    }
}
