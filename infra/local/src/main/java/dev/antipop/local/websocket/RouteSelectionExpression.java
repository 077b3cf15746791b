package dev.antipop.local.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A WebSocket API's route selection expression ("Working with routes for WebSocket APIs"): {@code $request.body.<path>}
 * (also written {@code ${request.body.<path>}}) selects the route key from a field of the JSON message, where
 * {@code <path>} may go into nested objects ({@code $request.body.meta.op}). A message that is not JSON, lacks the
 * field, or has a non-scalar value there selects nothing (the caller then uses {@code $default}). Other expressions
 * (such as a static key) are rejected when parsed.
 */
public final class RouteSelectionExpression {

    private static final String PREFIX = "$request.body.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String expression;
    private final List<String> path;

    private RouteSelectionExpression(String expression, List<String> path) {
        this.expression = expression;
        this.path = path;
    }

    /**
     * @param expression {@code $request.body.op} or {@code ${request.body.op}}
     * @throws IllegalArgumentException when the expression is not a {@code $request.body} path
     */
    public static RouteSelectionExpression parse(String expression) {
        String normalised = expression.trim();
        if (normalised.startsWith("${") && normalised.endsWith("}")) {
            normalised = "$" + normalised.substring(2, normalised.length() - 1);
        }
        if (!normalised.startsWith(PREFIX) || normalised.length() == PREFIX.length()) {
            throw new IllegalArgumentException("route selection expression " + expression
                    + " is not supported; the local cloud supports $request.body.<field>[.<field>...]");
        }
        List<String> path = List.of(normalised.substring(PREFIX.length()).split("\\.", -1));
        if (path.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("route selection expression " + expression + " has an empty field");
        }
        return new RouteSelectionExpression(expression, path);
    }

    /**
     * Evaluates the expression on one message.
     *
     * @param body the message text
     * @return the selected route key, or empty when the message does not yield one
     */
    public Optional<String> select(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        for (String field : path) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(field);
        }
        return node != null && node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return expression;
    }
}
