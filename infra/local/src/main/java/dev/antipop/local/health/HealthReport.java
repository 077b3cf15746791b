package dev.antipop.local.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.streams.DeliveryCounters;
import dev.antipop.local.streams.MappingLag;

/**
 * {@link Health} as JSON, the shape of {@code GET /_local/health} (and of the console's {@code /_local/api/health}):
 *
 * <pre>{@code
 * {"generatedAt":"2026-11-30T08:00:00Z","uptimeMs":1234,
 *  "endpoints":[{"kind":"http-api","name":"HttpApi","url":"http://127.0.0.1:3000"},
 *               {"kind":"websocket-api","name":"WebSocketApi","url":"ws://127.0.0.1:3001/dev","connections":2},
 *               {"kind":"websocket-management","name":"WebSocketApi","url":"http://127.0.0.1:3001/dev/@connections"},
 *               {"kind":"dynamodb","name":"DynamoDB","url":"http://127.0.0.1:8000"}],
 *  "mappings":[{"name":"FanOutFunction.Events","function":"FanOutFunction","streamArn":"arn:...",
 *               "startingPosition":"LATEST","batchSize":100,
 *               "lag":{"recordsBehind":0,"recordsBehindCapped":false,"oldestRecordAgeMs":0},
 *               "counters":{"invocations":3,"batchesDelivered":3,"recordsDelivered":5,"failures":0,"retries":0,
 *                           "skippedRecords":0}}],
 *  "chaos":null}
 * }</pre>
 *
 * A mapping whose stream could not be read has {@code "lag":null}. Times in milliseconds.
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthReport() {}

    /** The report as a JSON tree (for embedding in a larger answer). */
    public static ObjectNode tree(Health health) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", health.generatedAt().toString());
        root.put("uptimeMs", health.uptimeMillis());
        var endpoints = root.putArray("endpoints");
        for (Health.Endpoint endpoint : health.endpoints()) {
            ObjectNode e = endpoints.addObject();
            e.put("kind", endpoint.kind().jsonName());
            e.put("name", endpoint.name());
            e.put("url", endpoint.url());
            if (endpoint.connections() != null) {
                e.put("connections", endpoint.connections());
            }
        }
        var mappings = root.putArray("mappings");
        for (Health.Mapping mapping : health.mappings()) {
            ObjectNode m = mappings.addObject();
            m.put("name", mapping.name());
            m.put("function", mapping.function());
            m.put("streamArn", mapping.streamArn());
            m.put("startingPosition", mapping.startingPosition());
            m.put("batchSize", mapping.batchSize());
            MappingLag lag = mapping.lag();
            if (lag == null) {
                m.putNull("lag");
            } else {
                ObjectNode l = m.putObject("lag");
                l.put("recordsBehind", lag.recordsBehind());
                l.put("recordsBehindCapped", lag.recordsBehindCapped());
                l.put("oldestRecordAgeMs", lag.oldestRecordAgeMillis());
            }
            DeliveryCounters.Snapshot counters = mapping.counters();
            ObjectNode c = m.putObject("counters");
            c.put("invocations", counters.invocations());
            c.put("batchesDelivered", counters.batchesDelivered());
            c.put("recordsDelivered", counters.recordsDelivered());
            c.put("failures", counters.failures());
            c.put("retries", counters.retries());
            c.put("skippedRecords", counters.skippedRecords());
        }
        if (health.chaos() == null) {
            root.putNull("chaos");
        } else {
            root.set("chaos", JSON.valueToTree(health.chaos()));
        }
        return root;
    }

    /** The report as UTF-8 JSON bytes. */
    public static byte[] json(Health health) {
        try {
            return JSON.writeValueAsBytes(tree(health));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
