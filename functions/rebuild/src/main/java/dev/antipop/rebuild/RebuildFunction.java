package dev.antipop.rebuild;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.runtime.projection.ViewProjection;
import dev.antipop.runtime.rebuild.ProjectionRebuild;
import dev.antipop.runtime.rebuild.RebuildPlan;
import dev.antipop.runtime.rebuild.RebuildRequest;
import dev.antipop.runtime.rebuild.RebuildResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code rebuildProjections} function: the same {@link ProjectionRebuild} as {@code ./run-local
 * rebuild-projections}, on the function's tables. Input {@code {"context":"catalog","view":"brands","segments":8,
 * "restart":false}} (every member optional). It stops scanning once less than {@value #MARGIN_MILLIS} ms of the
 * invocation remain, with every segment checkpointed, and answers {@code "done":false}: invoke it again with the same
 * input to resume (Lambda runs an invocation for at most 900 s, "Lambda quotas"). Answers {@code {"ok":true,"done",
 * "runId","events","seconds","eventsPerSecond","swaps"}}, or {@code {"ok":false,"error":{"code":
 * "validation_failed","message"}}} for an input naming no view. Progress lines go to the function's log.
 */
public final class RebuildFunction implements Function<Message<byte[]>, Map<String, Object>> {

    /** Time kept for the pages in flight and their checkpoints. */
    static final long MARGIN_MILLIS = 60_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final UnaryOperator<String> variables;
    private final Map<String, List<ViewProjection>> views;
    private final String checkpointTable;

    /**
     * @param variables the function's environment
     * @param views every context's views ({@link RebuildPlan#viewsOnClasspath()})
     * @param checkpointTable {@code REBUILD_TABLE}
     */
    public RebuildFunction(
            DynamoDbClient dynamoDb,
            UnaryOperator<String> variables,
            Map<String, List<ViewProjection>> views,
            String checkpointTable) {
        this.dynamoDb = dynamoDb;
        this.variables = variables;
        this.views = views;
        this.checkpointTable = checkpointTable;
    }

    @Override
    public Map<String, Object> apply(Message<byte[]> message) {
        RebuildRequest request;
        RebuildPlan plan;
        try {
            request = request(message.getPayload());
            plan = RebuildPlan.resolve(views, request, variables);
        } catch (IllegalArgumentException e) {
            return Map.of("ok", false, "error", Map.of("code", "validation_failed", "message", e.getMessage()));
        }
        Object context = message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT);
        BooleanSupplier stop = context instanceof Context lambda
                ? () -> lambda.getRemainingTimeInMillis() < MARGIN_MILLIS
                : () -> false;
        RebuildResult result =
                new ProjectionRebuild(dynamoDb, checkpointTable, System.err, false).run(plan, request, stop);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("done", result.done());
        answer.put("runId", result.runId());
        answer.put("events", result.events());
        answer.put("seconds", result.seconds());
        answer.put("eventsPerSecond", Math.round(result.eventsPerSecond()));
        answer.put("swaps", result.swaps());
        return answer;
    }

    /** The request an input names; an empty or {@code null} input rebuilds every view. */
    static RebuildRequest request(byte[] payload) {
        JsonNode input;
        try {
            input = payload == null || payload.length == 0 ? JSON.nullNode() : JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the input is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the input cannot be read: " + e.getMessage());
        }
        if (input == null || input.isNull() || input.isMissingNode()) {
            return RebuildRequest.of(null, null);
        }
        if (!input.isObject()) {
            throw new IllegalArgumentException("the input is a JSON object: {\"context\"?, \"view\"?, \"segments\"?}");
        }
        return new RebuildRequest(
                text(input, "context"),
                text(input, "view"),
                input.path("segments").asInt(RebuildRequest.DEFAULT_SEGMENTS),
                input.path("pageSize").asInt(RebuildRequest.DEFAULT_PAGE_SIZE),
                input.path("restart").asBoolean(false));
    }

    private static String text(JsonNode input, String name) {
        JsonNode value = input.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
