package dev.antipop.notebooks.snapshot;

import dev.antipop.core.decider.StateSnapshots;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.EventItems;
import dev.antipop.notebooks.notebook.NotebookDecider;
import dev.antipop.notebooks.notebook.NotebookEvents;
import dev.antipop.notebooks.notebook.NotebookState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Loads a notebook at its latest version or at version N (time travel): the latest snapshot at or below N, then the
 * events after it up to N, folded with the decider's {@code evolve}. With a snapshot every {@value
 * NotebookSnapshots#EVERY} versions that is one Query for the snapshot and one for at most 99 events, however long the
 * stream; without snapshots ({@code useSnapshots = false}, for the benchmark) it folds from version 1.
 */
public final class NotebookLoader {

    private static final NotebookDecider DECIDER = new NotebookDecider();

    private final DynamoDbClient dynamoDb;
    private final String eventsTable;
    private final NotebookSnapshots snapshots;

    /** @param snapshots null to always fold from version 1 */
    public NotebookLoader(DynamoDbClient dynamoDb, String eventsTable, NotebookSnapshots snapshots) {
        this.dynamoDb = dynamoDb;
        this.eventsTable = eventsTable;
        this.snapshots = snapshots;
    }

    /**
     * A loaded notebook and what loading it cost.
     *
     * @param state the state at {@code version}
     * @param version the version reached (below the one asked for when the stream is shorter)
     * @param snapshotVersion the snapshot it started from, 0 for none
     * @param eventsRead events folded after the snapshot
     * @param requests DynamoDB requests made (Query pages)
     * @param readUnits read capacity units DynamoDB reported
     */
    public record Loaded(
            NotebookState state, long version, long snapshotVersion, int eventsRead, int requests, double readUnits) {}

    /** The notebook of {@code stream} at its latest version. */
    public Loaded load(String stream) {
        return load(stream, Long.MAX_VALUE);
    }

    /** The notebook of {@code stream} at version {@code atMost} (or its last version, if lower). */
    public Loaded load(String stream, long atMost) {
        NotebookSnapshots.Found found = snapshots == null
                ? new NotebookSnapshots.Found(Optional.empty(), 0, 0, 0)
                : snapshots.latest(stream, atMost);
        NotebookState state = found.state().orElseGet(DECIDER::initialState);
        long version = found.version();
        int requests = found.requests();
        double units = found.readUnits();
        int eventsRead = 0;
        if (version < atMost) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = QueryRequest.builder()
                        .tableName(eventsTable)
                        .keyConditionExpression("#s = :s AND #v BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#s", EventItems.STREAM, "#v", EventItems.VERSION))
                        .expressionAttributeValues(Map.of(
                                ":s", AttributeValue.fromS(stream),
                                ":from", AttributeValue.fromN(Long.toString(version + 1)),
                                ":to", AttributeValue.fromN(Long.toString(atMost))))
                        .consistentRead(true)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                if (start != null) {
                    query.exclusiveStartKey(start);
                }
                QueryResponse page = dynamoDb.query(query.build());
                requests++;
                units += page.consumedCapacity() == null
                                || page.consumedCapacity().capacityUnits() == null
                        ? 0
                        : page.consumedCapacity().capacityUnits();
                for (Map<String, AttributeValue> item : page.items()) {
                    EventEnvelope event = EventItems.fromItem(item);
                    state = DECIDER.evolve(state, NotebookEvents.CODEC.fromEnvelope(event));
                    version = event.version();
                    eventsRead++;
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return new Loaded(state, version, found.version(), eventsRead, requests, units);
    }

    /** The command handler's view of the snapshots: the latest one of a stream. */
    public StateSnapshots<NotebookState> forCommands() {
        return stream -> {
            if (snapshots == null) {
                return Optional.empty();
            }
            NotebookSnapshots.Found found = snapshots.latest(stream, Long.MAX_VALUE);
            return found.state().map(state -> new StateSnapshots.Snapshot<>(found.version(), state));
        };
    }

    /** The events of {@code stream} after version {@code after}, at most {@code limit} (the history route). */
    public List<EventEnvelope> history(String stream, long after, int limit) {
        QueryResponse page = dynamoDb.query(r -> r.tableName(eventsTable)
                .keyConditionExpression("#s = :s AND #v > :after")
                .expressionAttributeNames(Map.of("#s", EventItems.STREAM, "#v", EventItems.VERSION))
                .expressionAttributeValues(Map.of(
                        ":s", AttributeValue.fromS(stream), ":after", AttributeValue.fromN(Long.toString(after))))
                .consistentRead(true)
                .limit(limit));
        List<EventEnvelope> events = new ArrayList<>();
        page.items().forEach(item -> events.add(EventItems.fromItem(item)));
        return events;
    }
}
