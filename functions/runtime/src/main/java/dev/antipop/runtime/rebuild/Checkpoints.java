package dev.antipop.runtime.rebuild;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A rebuild's checkpoints, in a small table ({@code ProjectionRebuildsTable}: PK {@code run} S, SK {@code part} S).
 * Per run: one item {@code part = "run"} ({@code segments}, {@code phase} {@code REBUILD} or {@code SWAP}); per
 * context and Scan segment: {@code part = "seg#<context>#<segment>"} with {@code lastKey} (M: the last page's
 * {@code LastEvaluatedKey}; absent once {@code done}) and {@code events} (N: events applied through it). A segment is
 * checkpointed after each page is applied, so a killed rebuild repeats at most one page per segment (views are
 * version-conditional: the repeat changes nothing).
 */
final class Checkpoints {

    static final String RUN = "run";
    static final String PART = "part";

    /** Phases of a run. */
    enum Phase {
        REBUILD,
        SWAP
    }

    /** Where one segment stands. */
    record Segment(Map<String, AttributeValue> lastKey, boolean done, long events) {
        static final Segment START = new Segment(null, false, 0);
    }

    private final DynamoDbClient client;
    private final String table;

    Checkpoints(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** Creates the table when missing (a store created before it was in the template). */
    void ensureTable() {
        try {
            client.describeTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException e) {
            client.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(
                            KeySchemaElement.builder()
                                    .attributeName(RUN)
                                    .keyType(KeyType.HASH)
                                    .build(),
                            KeySchemaElement.builder()
                                    .attributeName(PART)
                                    .keyType(KeyType.RANGE)
                                    .build())
                    .attributeDefinitions(
                            AttributeDefinition.builder()
                                    .attributeName(RUN)
                                    .attributeType(ScalarAttributeType.S)
                                    .build(),
                            AttributeDefinition.builder()
                                    .attributeName(PART)
                                    .attributeType(ScalarAttributeType.S)
                                    .build()));
            client.waiter().waitUntilTableExists(r -> r.tableName(table));
        }
    }

    /** The run's segment count and phase, if it has started and not finished. */
    Optional<Map.Entry<Integer, Phase>> run(String runId) {
        Map<String, AttributeValue> item = client.getItem(
                        r -> r.tableName(table).key(key(runId, RUN)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(
                Integer.parseInt(item.get("segments").n()),
                Phase.valueOf(item.get("phase").s())));
    }

    /** Records the run (a new one, or its move to {@code phase}). */
    void phase(String runId, int segments, Phase phase) {
        Map<String, AttributeValue> item = new HashMap<>(key(runId, RUN));
        item.put("segments", AttributeValue.fromN(Integer.toString(segments)));
        item.put("phase", AttributeValue.fromS(phase.name()));
        client.putItem(r -> r.tableName(table).item(item));
    }

    /** Where a segment stands ({@link Segment#START} when it has no checkpoint). */
    Segment segment(String runId, String context, int segment) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table)
                        .key(key(runId, part(context, segment)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Segment.START;
        }
        AttributeValue lastKey = item.get("lastKey");
        return new Segment(
                lastKey == null ? null : lastKey.m(),
                item.containsKey("done") && item.get("done").bool(),
                Long.parseLong(item.get("events").n()));
    }

    /** Checkpoints a segment after a page: {@code lastKey} null means the segment is done. */
    void save(String runId, String context, int segment, Map<String, AttributeValue> lastKey, long events) {
        Map<String, AttributeValue> item = new HashMap<>(key(runId, part(context, segment)));
        item.put("events", AttributeValue.fromN(Long.toString(events)));
        if (lastKey == null) {
            item.put("done", AttributeValue.fromBool(true));
        } else {
            item.put("lastKey", AttributeValue.fromM(lastKey));
        }
        client.putItem(r -> r.tableName(table).item(item));
    }

    /** Deletes every item of the run (it finished, or is restarted). */
    void forget(String runId) {
        client.queryPaginator(r -> r.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("#r = :r")
                        .expressionAttributeNames(Map.of("#r", RUN))
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(runId))))
                .items()
                .forEach(item -> client.deleteItem(
                        r -> r.tableName(table).key(Map.of(RUN, item.get(RUN), PART, item.get(PART)))));
    }

    private static String part(String context, int segment) {
        return "seg#" + context + "#" + segment;
    }

    private static Map<String, AttributeValue> key(String runId, String part) {
        return Map.of(RUN, AttributeValue.fromS(runId), PART, AttributeValue.fromS(part));
    }
}
