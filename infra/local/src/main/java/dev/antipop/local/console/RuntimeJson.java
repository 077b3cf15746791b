package dev.antipop.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.lambda.InvocationStats;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.streams.DeliveryStats;
import dev.antipop.local.streams.EventSourceMapping;
import dev.antipop.local.streams.EventSourceMappingSettings;
import dev.antipop.local.streams.OnFailureRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The console's view of what runs: {@code GET /_local/api/mappings} and {@code GET /_local/api/functions}.
 *
 * <p>A mapping: {@code {"name","function","table","startingPosition","batchSize","maximumRetryAttempts",
 * "lag":{"recordsBehind","oldestAgeMs"},"invocations","failures","retries","recordsDelivered","recordsSkipped",
 * "onFailureRecords"}}; the lag is Lambda's {@code IteratorAge} metric with the count of records behind
 * ({@link EventSourceMapping#lag()}), {@code lag.error} when the stream could not be read.
 *
 * <p>A function: {@code {"logicalId","name","invocations","errors","p50Ms","p99Ms","coldStartMs","lastErrors":[{"at",
 * "requestId","errorType","message"}]}}; durations in milliseconds with microsecond decimals, null before the first
 * invocation (percentiles over the last {@value InvocationStats#WINDOW} invocations, nearest rank).
 */
final class RuntimeJson {

    private final List<EventSourceMapping> mappings;
    private final Map<String, LocalFunction> functions;
    private final Supplier<List<OnFailureRecord>> onFailureRecords;

    RuntimeJson(
            List<EventSourceMapping> mappings,
            Map<String, LocalFunction> functions,
            Supplier<List<OnFailureRecord>> onFailureRecords) {
        this.mappings = mappings;
        this.functions = functions;
        this.onFailureRecords = onFailureRecords;
    }

    ApiAnswer mappings() {
        ArrayNode list = ApiAnswer.JSON.createArrayNode();
        List<OnFailureRecord> failures = onFailureRecords.get();
        for (EventSourceMapping mapping : mappings) {
            EventSourceMappingSettings s = mapping.settings();
            ObjectNode node = list.addObject();
            node.put("name", s.mappingName());
            node.put("function", s.functionName());
            node.put("table", tableOf(s.streamArn()));
            node.put("startingPosition", s.startingPosition().name());
            node.put("batchSize", s.batchSize());
            node.put("maximumRetryAttempts", s.maximumRetryAttempts());
            ObjectNode lag = node.putObject("lag");
            try {
                EventSourceMapping.Lag now = mapping.lag();
                lag.put("recordsBehind", now.recordsBehind());
                lag.put("oldestAgeMs", now.oldestAge().toMillis());
            } catch (SdkException e) {
                lag.putNull("recordsBehind");
                lag.putNull("oldestAgeMs");
                lag.put("error", e.getMessage());
            }
            DeliveryStats.Snapshot stats = mapping.stats().snapshot();
            node.put("invocations", stats.invocations());
            node.put("failures", stats.failures());
            node.put("retries", stats.retries());
            node.put("recordsDelivered", stats.recordsDelivered());
            node.put("recordsSkipped", stats.recordsSkipped());
            node.put(
                    "onFailureRecords",
                    failures.stream()
                            .filter(f -> f.functionName().equals(s.functionName())
                                    && f.streamArn().equals(s.streamArn()))
                            .count());
        }
        ObjectNode body = ApiAnswer.JSON.createObjectNode();
        body.set("mappings", list);
        return ApiAnswer.ok(body);
    }

    ApiAnswer functions() {
        ArrayNode list = ApiAnswer.JSON.createArrayNode();
        for (Map.Entry<String, LocalFunction> entry : functions.entrySet()) {
            LocalFunction function = entry.getValue();
            InvocationStats.Snapshot stats = function.stats().snapshot();
            ObjectNode node = list.addObject();
            node.put("logicalId", entry.getKey());
            node.put("name", function.functionName());
            node.put("invocations", stats.invocations());
            node.put("errors", stats.errors());
            putMillis(node, "p50Ms", stats.p50());
            putMillis(node, "p99Ms", stats.p99());
            putMillis(node, "coldStartMs", function.coldStart().orElse(null));
            ArrayNode errors = node.putArray("lastErrors");
            for (InvocationStats.Failure failure : stats.lastErrors()) {
                ObjectNode error = errors.addObject();
                error.put("at", failure.at().toString());
                error.put("requestId", failure.requestId());
                error.put("errorType", failure.errorType());
                error.put("message", failure.message());
            }
        }
        ObjectNode body = ApiAnswer.JSON.createObjectNode();
        body.set("functions", list);
        return ApiAnswer.ok(body);
    }

    /** Milliseconds with three decimals (microseconds), or null. */
    static void putMillis(ObjectNode node, String field, Duration duration) {
        if (duration == null) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(duration.toNanos() / 1_000.0) / 1_000.0);
        }
    }

    /** The table name inside a stream ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>}). */
    static String tableOf(String streamArn) {
        int start = streamArn.indexOf(":table/");
        if (start < 0) {
            return streamArn;
        }
        int end = streamArn.indexOf("/stream/", start);
        return streamArn.substring(start + ":table/".length(), end < 0 ? streamArn.length() : end);
    }
}
