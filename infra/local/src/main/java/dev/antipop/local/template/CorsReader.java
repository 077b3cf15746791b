package dev.antipop.local.template;

import static dev.antipop.local.template.Values.integer;
import static dev.antipop.local.template.Values.list;
import static dev.antipop.local.template.Values.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an HTTP API's {@code CorsConfiguration}: SAM's {@code HttpApiCorsConfiguration} map ({@code AllowOrigins},
 * {@code AllowHeaders}, {@code AllowMethods}, {@code ExposeHeaders}, {@code MaxAge}, {@code AllowCredentials}),
 * {@code true} (every origin, header and method), or one origin as a string. Limits as API Gateway's {@code Cors}
 * object has them: {@code MaxAge} -1..86400; {@code AllowCredentials} cannot go with the {@code *} origin (the Fetch
 * standard's CORS protocol refuses {@code Access-Control-Allow-Origin: *} on a request with credentials).
 */
final class CorsReader {

    private CorsReader() {}

    /**
     * The configuration, or {@code null} when the value is absent or {@code false}.
     *
     * @throws TemplateException when a field has the wrong shape or an out-of-range value
     */
    static HttpApiDefinition.Cors read(Object value, String where) {
        if (value == null || Boolean.FALSE.equals(value) || "false".equals(value)) {
            return null;
        }
        if (Boolean.TRUE.equals(value) || "true".equals(value)) {
            return new HttpApiDefinition.Cors(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false);
        }
        if (!(value instanceof Map<?, ?>)) {
            return new HttpApiDefinition.Cors(List.of(text(value)), List.of(), List.of(), List.of(), null, false);
        }
        Map<String, Object> m = Template.mapping(value, where);
        List<String> origins = strings(m.get("AllowOrigins"), where + ".AllowOrigins", false);
        boolean credentials = Boolean.parseBoolean(text(m.getOrDefault("AllowCredentials", false)));
        if (credentials && origins.contains("*")) {
            throw new TemplateException(where + ".AllowCredentials: true cannot be combined with AllowOrigins \"*\""
                    + " (browsers refuse a wildcard origin on requests with credentials)");
        }
        Object maxAge = m.get("MaxAge");
        return new HttpApiDefinition.Cors(
                origins,
                strings(m.get("AllowHeaders"), where + ".AllowHeaders", false).stream()
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .toList(),
                strings(m.get("AllowMethods"), where + ".AllowMethods", true),
                strings(m.get("ExposeHeaders"), where + ".ExposeHeaders", false).stream()
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .toList(),
                maxAge == null ? null : integer(maxAge, where + ".MaxAge", -1, 86_400),
                credentials);
    }

    private static List<String> strings(Object value, String where, boolean upperCase) {
        if (value == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Object item : list(value, where)) {
            String s = text(item).trim();
            result.add(upperCase ? s.toUpperCase(Locale.ROOT) : s);
        }
        return result;
    }
}
