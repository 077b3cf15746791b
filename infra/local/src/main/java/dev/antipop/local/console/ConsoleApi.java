package dev.antipop.local.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's JSON endpoints under {@code /_local/api/}, by method and path; every answer is JSON, errors in the
 * commands' shape ({@link ApiAnswer}). The endpoints:
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET overview</td><td>stack, region, endpoints, start time ({@link Console})</td></tr>
 *   <tr><td>GET contexts</td><td>every context's descriptor ({@link ContextsJson})</td></tr>
 *   <tr><td>GET tables, GET tables/&lt;name&gt;/items</td><td>tables and their items ({@link TablesApi})</td></tr>
 *   <tr><td>GET health, GET functions</td><td>endpoints, mappings' lag and counters; invocations, durations ({@link
 *       RuntimeJson})</td></tr>
 *   <tr><td>GET fixtures, GET fixtures/&lt;path&gt;, POST replay</td><td>fixtures and replay ({@link
 *       ReplayApi})</td></tr>
 * </table>
 */
final class ConsoleApi {

    /** Where the endpoints live. */
    static final String PREFIX = "/_local/api/";

    private final Supplier<ObjectNode> overview;
    private final ContextsJson contexts;
    private final TablesApi tables;
    private final RuntimeJson runtime;
    private final ReplayApi replay;

    ConsoleApi(
            Supplier<ObjectNode> overview,
            ContextsJson contexts,
            TablesApi tables,
            RuntimeJson runtime,
            ReplayApi replay) {
        this.overview = overview;
        this.contexts = contexts;
        this.tables = tables;
        this.runtime = runtime;
        this.replay = replay;
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method, upper case
     * @param path what follows {@value #PREFIX}, still percent-encoded
     * @param query the decoded query parameters (the first of each name)
     * @param body the request body (empty for GET)
     */
    ApiAnswer answer(String method, String path, Map<String, String> query, byte[] body) {
        String[] segments = path.split("/", -1);
        String first = decode(segments[0]);
        boolean get = method.equals("GET") || method.equals("HEAD");
        return switch (first) {
            case "overview" ->
                segments.length == 1 ? (get ? ApiAnswer.ok(overview.get()) : notAllowed("GET")) : none(path);
            case "contexts" -> segments.length == 1 ? (get ? contexts.answer() : notAllowed("GET")) : none(path);
            case "health" -> segments.length == 1 ? (get ? runtime.health() : notAllowed("GET")) : none(path);
            case "functions" -> segments.length == 1 ? (get ? runtime.functions() : notAllowed("GET")) : none(path);
            case "tables" -> {
                if (segments.length == 1) {
                    yield get ? tables.list() : notAllowed("GET");
                }
                if (segments.length == 3 && segments[2].equals("items")) {
                    yield get ? tables.items(decode(segments[1]), query) : notAllowed("GET");
                }
                yield none(path);
            }
            case "fixtures" -> {
                if (!get) {
                    yield notAllowed("GET");
                }
                if (segments.length == 1) {
                    yield replay.list();
                }
                yield replay.fixture(decode(path.substring("fixtures/".length())));
            }
            case "replay" ->
                segments.length == 1
                        ? (method.equals("POST") ? replay.replay(body, query.get("function")) : notAllowed("POST"))
                        : none(path);
            default -> none(path);
        };
    }

    private static ApiAnswer none(String path) {
        return ApiAnswer.notFound("no console endpoint " + PREFIX + path);
    }

    private static ApiAnswer notAllowed(String allowed) {
        return ApiAnswer.error(405, "method_not_allowed", "this endpoint answers " + allowed + " only");
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
