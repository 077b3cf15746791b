package dev.antipop.dynamodb;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The subscriptions table (DESIGN.md section 4): partition key {@code prefix} S = the pattern's
 * {@link SubjectPattern#literalPrefix() literal prefix}, sort key {@code sk} S = {@code <pattern>#<connectionId>};
 * attributes {@code pattern}, {@code connectionId}, {@code userId}, {@code createdAt} (ISO-8601); GSI
 * {@value #BY_CONNECTION} with partition key {@code connectionId} and sort key {@code sk}.
 *
 * <p>Fan-out for subject {@code a.b.c} queries the partitions of its prefixes {@code "", a, a.b, a.b.c} and keeps the
 * patterns that match: every pattern that can match a subject has its literal prefix among the subject's prefixes.
 * DynamoDB refuses empty strings as key values, so the empty prefix (patterns starting with a wildcard, like
 * {@code >}) is stored as {@value #ROOT_PREFIX}, which no literal prefix can equal (tokens are non-empty).
 *
 * <p>Base-table queries are strongly consistent, so a subscription acknowledged to a client is seen by the next
 * fan-out. Thread-safe.
 */
public final class SubscriptionStore {

    /** Partition key, S. */
    public static final String PREFIX = "prefix";
    /** Sort key, S: {@code <pattern>#<connectionId>}. */
    public static final String SK = "sk";
    /** The pattern text, S. */
    public static final String PATTERN = "pattern";
    /** The connection, S; the GSI's partition key. */
    public static final String CONNECTION_ID = "connectionId";
    /** The subscribing user, S. */
    public static final String USER_ID = "userId";
    /** ISO-8601 UTC, S. */
    public static final String CREATED_AT = "createdAt";
    /** The GSI on {@code connectionId}. */
    public static final String BY_CONNECTION = "byConnection";
    /** The stored partition of the empty literal prefix. */
    public static final String ROOT_PREFIX = ".";

    /** BatchWriteItem takes at most 25 requests. */
    static final int BATCH_SIZE = 25;

    private static final int MAX_BATCH_ATTEMPTS = 8;

    /**
     * One subscription of a connection to a pattern.
     *
     * @param connectionId the connection
     * @param userId its user
     * @param pattern the subscribed pattern
     * @param createdAt when it was made (millisecond precision kept)
     */
    public record Subscription(String connectionId, String userId, SubjectPattern pattern, Instant createdAt) {

        /** Truncates {@code createdAt} to the stored precision. */
        public Subscription {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(pattern, "pattern");
            createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    private final DynamoDbClient client;
    private final String table;

    /** @param client a shared client */
    public SubscriptionStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Stores a subscription; subscribing twice to the same pattern replaces it. */
    public void put(Subscription subscription) {
        client.putItem(r -> r.tableName(table).item(item(subscription)));
    }

    /** The put of {@link #put} as one item of a {@code TransactWriteItems} request. */
    TransactWriteItem transactPut(Subscription subscription) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item(subscription)).build())
                .build();
    }

    private static Map<String, AttributeValue> item(Subscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(key(subscription.connectionId(), subscription.pattern()));
        item.put(PATTERN, AttributeValue.fromS(subscription.pattern().value()));
        item.put(CONNECTION_ID, AttributeValue.fromS(subscription.connectionId()));
        item.put(USER_ID, AttributeValue.fromS(subscription.userId()));
        item.put(CREATED_AT, AttributeValue.fromS(EnvelopeJson.formatTimestamp(subscription.createdAt())));
        return item;
    }

    /** Removes one subscription; removing an absent one is not an error. */
    public void delete(String connectionId, SubjectPattern pattern) {
        client.deleteItem(r -> r.tableName(table).key(key(connectionId, pattern)));
    }

    /**
     * The subscriptions matching one subject and what finding them cost.
     *
     * @param subscriptions every subscription whose pattern matches, in partition order
     * @param queries Query requests sent: one per prefix ({@code tokens + 1}) plus one per extra 1 MB page, however
     *     many subscriptions the table holds
     */
    public record Candidates(List<Subscription> subscriptions, int queries) {}

    /** Every subscription whose pattern matches {@code subject}: one query per prefix, then the matcher. */
    public List<Subscription> findCandidates(Subject subject) {
        return lookup(subject).subscriptions();
    }

    /** Like {@link #findCandidates}, counting the Query requests (the fan-out benchmark's figure). */
    public Candidates lookup(Subject subject) {
        List<Subscription> matches = new ArrayList<>();
        int queries = 0;
        for (String prefix : subject.prefixes()) {
            QueryRequest query = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", PREFIX))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(storedPrefix(prefix))))
                    .consistentRead(true)
                    .build();
            for (var page : client.queryPaginator(query)) {
                queries++;
                for (Map<String, AttributeValue> item : page.items()) {
                    Subscription subscription = fromItem(item);
                    if (subscription.pattern().matches(subject)) {
                        matches.add(subscription);
                    }
                }
            }
        }
        return new Candidates(List.copyOf(matches), queries);
    }

    /** The connection's subscriptions, all pages of the {@value #BY_CONNECTION} GSI (eventually consistent). */
    public List<Subscription> findByConnection(String connectionId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(BY_CONNECTION)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", CONNECTION_ID))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(connectionId)))
                .build();
        List<Subscription> subscriptions = new ArrayList<>();
        client.queryPaginator(query).items().forEach(item -> subscriptions.add(fromItem(item)));
        return subscriptions;
    }

    /**
     * Deletes all of the connection's subscriptions ({@code $disconnect}, or a 410 Gone during fan-out), with
     * BatchWriteItem in groups of 25, re-sending {@code UnprocessedItems} with exponential back-off.
     *
     * @return how many subscriptions were deleted
     * @throws IllegalStateException if DynamoDB keeps items unprocessed after {@value #MAX_BATCH_ATTEMPTS} attempts
     */
    public int deleteAllForConnection(String connectionId) {
        List<Subscription> subscriptions = findByConnection(connectionId);
        for (int from = 0; from < subscriptions.size(); from += BATCH_SIZE) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Subscription s : subscriptions.subList(from, Math.min(from + BATCH_SIZE, subscriptions.size()))) {
                batch.add(WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder()
                                .key(key(s.connectionId(), s.pattern()))
                                .build())
                        .build());
            }
            writeBatch(batch);
        }
        return subscriptions.size();
    }

    private void writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> requests = pending;
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(requests));
            if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
                return;
            }
            if (attempt >= MAX_BATCH_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left "
                        + response.unprocessedItems().get(table).size() + " subscription deletes unprocessed after "
                        + attempt + " attempts");
            }
            pending = response.unprocessedItems();
            // Unprocessed items mean throttling: back off exponentially (AWS: "BatchWriteItem", error handling).
            try {
                Thread.sleep(Math.min(1000L, 10L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while retrying unprocessed subscription deletes", e);
            }
        }
    }

    private static Map<String, AttributeValue> key(String connectionId, SubjectPattern pattern) {
        return Map.of(
                PREFIX, AttributeValue.fromS(storedPrefix(pattern.literalPrefix())),
                SK, AttributeValue.fromS(pattern.value() + "#" + connectionId));
    }

    private static String storedPrefix(String literalPrefix) {
        return literalPrefix.isEmpty() ? ROOT_PREFIX : literalPrefix;
    }

    private static Subscription fromItem(Map<String, AttributeValue> item) {
        String sk = item.get(SK).s();
        AttributeValue pattern = item.get(PATTERN);
        AttributeValue connectionId = item.get(CONNECTION_ID);
        AttributeValue userId = item.get(USER_ID);
        AttributeValue createdAt = item.get(CREATED_AT);
        int hash = sk.lastIndexOf('#');
        return new Subscription(
                connectionId != null ? connectionId.s() : sk.substring(hash + 1),
                userId != null ? userId.s() : "",
                SubjectPattern.parse(pattern != null ? pattern.s() : sk.substring(0, hash)),
                createdAt != null ? Instant.parse(createdAt.s()) : Instant.EPOCH);
    }
}
