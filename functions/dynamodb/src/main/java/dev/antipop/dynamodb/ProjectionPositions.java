package dev.antipop.dynamodb;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * How far each processor has projected each stream ({@code POSITIONS_TABLE}: PK {@code stream} (S), SK {@code reader}
 * (S, the processor's name), {@code version} (N)); the basis of read-your-writes (DESIGN.md section 2): a view GET
 * given the position a command produced waits until its processor has reached it.
 *
 * <p>The processor records a stream's last handled version once per batch group, after its projections succeeded,
 * with a condition that only moves it forward (redelivered batches change nothing).
 */
public final class ProjectionPositions {

    /** Longest wait of a view GET for a position (DESIGN.md section 2: at most 5 s, then 503). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final DynamoDbClient client;
    private final String table;

    /**
     * @param client a shared client
     * @param table the positions table name
     */
    public ProjectionPositions(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Records that {@code reader} has handled {@code stream} up to {@code version} (never moves backwards). */
    public void record(String reader, String stream, long version) {
        try {
            client.updateItem(r -> r.tableName(table)
                    .key(key(stream, reader))
                    .updateExpression("SET #v = :v")
                    .conditionExpression("attribute_not_exists(#v) OR #v < :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // A redelivered or older batch: the position is already at or past it.
        }
    }

    /** The version {@code reader} has handled in {@code stream}; 0 when none (consistent read). */
    public long version(String reader, String stream) {
        Map<String, AttributeValue> item = client.getItem(
                        r -> r.tableName(table).key(key(stream, reader)).consistentRead(true))
                .item();
        return item == null || !item.containsKey("version")
                ? 0
                : Long.parseLong(item.get("version").n());
    }

    /**
     * Waits until {@code reader} has handled {@code stream} up to {@code version} ({@link Polling}).
     *
     * @return whether it got there within {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(String reader, String stream, long version, Duration timeout) throws InterruptedException {
        boolean reached = Polling.until(
                        () -> version(reader, stream) >= version ? Optional.of(Boolean.TRUE) : Optional.empty(),
                        timeout)
                .isPresent();
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted while waiting for " + stream + ":" + version);
        }
        return reached;
    }

    private static Map<String, AttributeValue> key(String stream, String reader) {
        return Map.of("stream", AttributeValue.fromS(stream), "reader", AttributeValue.fromS(reader));
    }
}
