package dev.antipop.router;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.http.ApiResponses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /health}: whether the function answers and the store is reachable, with their latency, for load balancer
 * checks and people (issue 13, "Health").
 *
 * <p>The store check is one consistent {@code GetItem} of a key that never exists in {@code POSITIONS_TABLE} (a
 * read of one partition: it costs one read request unit at most and touches no data). Answers {@code 200
 * {"ok":true,"function":{"name","coldStart","upSeconds"},"store":{"reachable":true,"latencyMs":1.3}}}, or {@code 503}
 * with {@code "reachable":false} and the error code of the store's answer (never its message: it can name
 * resources) when the store fails.
 */
public final class HealthFunction implements Function<byte[], APIGatewayV2HTTPResponse> {

    private static final Logger log = LoggerFactory.getLogger(HealthFunction.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String functionName;
    private final Clock clock;
    private final Instant started;
    private volatile boolean answered;

    /**
     * @param dynamoDb the function's client
     * @param table the table read by the store check
     * @param functionName the function's name ({@code AWS_LAMBDA_FUNCTION_NAME})
     * @param clock for the uptime
     */
    public HealthFunction(DynamoDbClient dynamoDb, String table, String functionName, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.functionName = functionName;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public APIGatewayV2HTTPResponse apply(byte[] event) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        ObjectNode function = body.putObject("function");
        function.put("name", functionName);
        function.put("coldStart", !answered);
        function.put("upSeconds", Duration.between(started, clock.instant()).toSeconds());
        answered = true;
        ObjectNode store = body.putObject("store");
        long begin = System.nanoTime();
        boolean reachable;
        try {
            dynamoDb.getItem(r -> r.tableName(table)
                    .consistentRead(true)
                    .key(Map.of(
                            "stream", AttributeValue.fromS("__health__"),
                            "reader", AttributeValue.fromS("__health__"))));
            reachable = true;
        } catch (RuntimeException e) {
            reachable = false;
            store.put("error", e.getClass().getSimpleName());
            log.warn("Health: the store check failed: {}", e.toString());
        }
        store.put("reachable", reachable);
        store.put("latencyMs", Math.round((System.nanoTime() - begin) / 10_000.0) / 100.0);
        body.put("ok", reachable);
        return ApiResponses.json(reachable ? 200 : 503, body);
    }
}
