package dev.antipop.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.health.Health;
import dev.antipop.local.health.HealthReport;
import dev.antipop.local.lambda.InvocationStats;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.streams.OnFailureRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's view of what runs: {@code GET /_local/api/health} and {@code GET /_local/api/functions}.
 *
 * <p>Health is the local cloud's own report, the same data as {@code GET /_local/health} ({@link HealthReport}: every
 * endpoint with its open connections, every mapping's lag, records behind and age of the oldest, and its delivery
 * counters: invocations, failures, retries, records delivered and skipped), plus {@code "onFailureRecords"}: every
 * batch a mapping skipped, {@code [{"function","streamArn","shardId","startSequenceNumber","endSequenceNumber",
 * "batchSize","condition","approximateInvokeCount","at"}]}.
 *
 * <p>A function: {@code {"logicalId","name","invocations","errors","p50Ms","p99Ms","coldStartMs","lastErrors":[{"at",
 * "requestId","errorType","message"}]}}; durations in milliseconds with microsecond decimals, null before the first
 * invocation (percentiles over the last {@value InvocationStats#WINDOW} invocations, nearest rank).
 */
final class RuntimeJson {

    private final Supplier<Health> health;
    private final Map<String, LocalFunction> functions;
    private final Supplier<List<OnFailureRecord>> onFailureRecords;

    RuntimeJson(
            Supplier<Health> health,
            Map<String, LocalFunction> functions,
            Supplier<List<OnFailureRecord>> onFailureRecords) {
        this.health = health;
        this.functions = functions;
        this.onFailureRecords = onFailureRecords;
    }

    ApiAnswer health() {
        ObjectNode body = HealthReport.tree(health.get());
        ArrayNode skipped = body.putArray("onFailureRecords");
        for (OnFailureRecord record : onFailureRecords.get()) {
            skipped.addObject()
                    .put("function", record.functionName())
                    .put("streamArn", record.streamArn())
                    .put("shardId", record.shardId())
                    .put("startSequenceNumber", record.startSequenceNumber())
                    .put("endSequenceNumber", record.endSequenceNumber())
                    .put("batchSize", record.batchSize())
                    .put("condition", record.condition())
                    .put("approximateInvokeCount", record.approximateInvokeCount())
                    .put("at", record.timestamp().toString());
        }
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
}
