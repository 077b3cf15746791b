package dev.antipop.dynamodb;

import dev.antipop.core.event.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads one stream of any events table (PK {@code stream} S, SK {@code version} N; DESIGN.md section 4) without the
 * append side's idempotency and uniques tables: what a WebSocket resume needs. Queries are strongly consistent, so an
 * event whose append was acknowledged is seen. Thread-safe; the client is shared.
 */
public final class EventStreamReader {

    private final DynamoDbClient client;

    /** @param client a shared client */
    public EventStreamReader(DynamoDbClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The stream's last version in {@code table}, 0 for a stream without events (one Query of one item). */
    public long head(String table, String stream) {
        var items = client.query(r -> r.tableName(table)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", EventItems.STREAM))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream)))
                        .scanIndexForward(false)
                        .limit(1)
                        .consistentRead(true))
                .items();
        return items.isEmpty()
                ? 0
                : Long.parseLong(items.get(0).get(EventItems.VERSION).n());
    }

    /**
     * The stream's events with {@code fromVersion <= version}, in version order, at most {@code limit} of them (all
     * pages until the limit).
     */
    public List<EventEnvelope> read(String table, String stream, long fromVersion, int limit) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#s = :s AND #v >= :from")
                .expressionAttributeNames(Map.of("#s", EventItems.STREAM, "#v", EventItems.VERSION))
                .expressionAttributeValues(Map.of(
                        ":s", AttributeValue.fromS(stream),
                        ":from", AttributeValue.fromN(Long.toString(Math.max(fromVersion, 0)))))
                .consistentRead(true)
                .limit(Math.min(limit, 1000))
                .build();
        List<EventEnvelope> events = new ArrayList<>();
        for (Map<String, AttributeValue> item : client.queryPaginator(query).items()) {
            if (events.size() >= limit) {
                break;
            }
            events.add(EventItems.fromItem(item));
        }
        return events;
    }
}
