package dev.antipop.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LocalFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Replays a fixture, as {@code ./run-local replay} does but on the running local cloud.
 *
 * <ul>
 *   <li>{@code GET /_local/api/fixtures}: the JSON files under {@code events/} beside the template,
 *       {@code {"fixtures":["events/http/identity/register.json",…]}};
 *   <li>{@code GET /_local/api/fixtures/<path>}: one of them, as stored;
 *   <li>{@code POST /_local/api/replay} with the event as the body (optional {@code ?function=<logical id>}; else the
 *       function(s) the event belongs to, found as {@code replay} finds them): {@code {"results":[{"function",
 *       "logicalId","ok","durationMs","response"|"error":{"errorType","message"}}]}}. The response is JSON when the
 *       function wrote JSON, else text. An event no function takes is 400 {@code validation_failed} naming why.
 * </ul>
 */
final class ReplayApi {

    private final Map<String, LocalFunction> functions;
    private final Function<JsonNode, List<String>> targets;
    private final Path fixturesRoot;

    /**
     * @param functions the functions by logical id
     * @param targets the logical ids an event belongs to ({@code Main.replayTargets}); throws
     *     {@link IllegalArgumentException} naming why none
     * @param fixturesRoot the directory holding {@code events/} (the template's), or null for none
     */
    ReplayApi(Map<String, LocalFunction> functions, Function<JsonNode, List<String>> targets, Path fixturesRoot) {
        this.functions = functions;
        this.targets = targets;
        this.fixturesRoot =
                fixturesRoot == null ? null : fixturesRoot.toAbsolutePath().normalize();
    }

    ApiAnswer list() {
        ObjectNode body = ApiAnswer.JSON.createObjectNode();
        ArrayNode list = body.putArray("fixtures");
        Path events = fixturesRoot == null ? null : fixturesRoot.resolve("events");
        if (events != null && Files.isDirectory(events)) {
            try (Stream<Path> files = Files.walk(events, 6)) {
                files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                        .map(p -> fixturesRoot.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .forEach(list::add);
            } catch (IOException e) {
                return ApiAnswer.error(500, "internal", "cannot list " + events + ": " + e.getMessage());
            }
        }
        return ApiAnswer.ok(body);
    }

    /** One fixture's JSON; only files under {@code events/}. */
    ApiAnswer fixture(String relative) {
        if (fixturesRoot == null) {
            return ApiAnswer.notFound("no fixtures");
        }
        Path events = fixturesRoot.resolve("events");
        Path file = fixturesRoot.resolve(relative).normalize();
        if (!file.startsWith(events) || !file.toString().endsWith(".json") || !Files.isRegularFile(file)) {
            return ApiAnswer.notFound("no fixture " + relative);
        }
        try {
            return ApiAnswer.ok(ApiAnswer.JSON.readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            return ApiAnswer.invalid(relative + " is not JSON: " + e.getMessage());
        }
    }

    ApiAnswer replay(byte[] body, String functionLogicalId) {
        JsonNode event;
        try {
            event = ApiAnswer.JSON.readTree(body);
        } catch (IOException e) {
            return ApiAnswer.error(400, "malformed_json", "the fixture is not JSON: " + firstLine(e.getMessage()));
        }
        if (event == null || !event.isObject()) {
            return ApiAnswer.error(400, "malformed_json", "a fixture is one JSON object (an event)");
        }
        List<String> ids;
        if (functionLogicalId != null && !functionLogicalId.isBlank()) {
            if (!functions.containsKey(functionLogicalId)) {
                return ApiAnswer.notFound("no function " + functionLogicalId);
            }
            ids = List.of(functionLogicalId);
        } else {
            try {
                ids = targets.apply(event);
            } catch (IllegalArgumentException e) {
                return ApiAnswer.invalid(e.getMessage());
            }
        }
        ObjectNode answer = ApiAnswer.JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (String id : ids) {
            LocalFunction function = functions.get(id);
            ObjectNode result = results.addObject();
            result.put("logicalId", id);
            result.put("function", function.functionName());
            long started = System.nanoTime();
            try {
                byte[] output = function.invoke(body);
                result.put("ok", true);
                result.put("durationMs", (System.nanoTime() - started) / 1_000_000);
                result.set("response", output(output));
            } catch (FunctionErrorException e) {
                result.put("ok", false);
                result.put("durationMs", (System.nanoTime() - started) / 1_000_000);
                ObjectNode error = result.putObject("error");
                error.put("errorType", e.errorType());
                error.put("message", firstLine(e.getMessage()));
            }
        }
        return ApiAnswer.ok(answer);
    }

    private static JsonNode output(byte[] output) {
        try {
            JsonNode json = ApiAnswer.JSON.readTree(output);
            return json == null ? ApiAnswer.JSON.nullNode() : json;
        } catch (IOException e) {
            return ApiAnswer.JSON.getNodeFactory().textNode(new String(output, StandardCharsets.UTF_8));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
