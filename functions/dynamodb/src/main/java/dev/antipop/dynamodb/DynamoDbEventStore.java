package dev.antipop.dynamodb;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.AppendRequest;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.EventStore;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.core.store.IdempotentReplayException;
import dev.antipop.core.store.UniqueClaimConflictException;
import dev.antipop.core.store.WrongExpectedVersionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The event store on DynamoDB (DESIGN.md section 4).
 *
 * <p>An append is ONE {@code TransactWriteItems}, all or nothing:
 *
 * <ul>
 *   <li>a Put per event into the events table with {@code attribute_not_exists(stream)}: if version N already exists,
 *       another writer got there first (optimistic concurrency);
 *   <li>if {@code expectedVersion > 0}, a ConditionCheck that item {@code (stream, expectedVersion)} exists, so
 *       appending to a stream whose head is lower than expected fails too (together: the head is exactly the expected
 *       version);
 *   <li>with an idempotency key, a Put of the idempotency item holding the {@link AppendResult}, with
 *       {@code attribute_not_exists(key) OR expiresAt < :now} — an expired item counts as absent, because DynamoDB's TTL
 *       deletes lazily (typically within days);
 *   <li>a Put per unique claim into the uniques table with {@code attribute_not_exists(key)}.
 * </ul>
 *
 * <p>DynamoDB allows at most 100 actions per transaction (and 4 MB in all, 400 KB per item): a request needing more
 * actions is refused with {@link IllegalArgumentException} before calling. A cancelled transaction is mapped by the
 * index of its cancellation reasons: the idempotency item → {@link IdempotentReplayException} with the stored result;
 * an event or the head check, or a {@code TransactionConflict} on any item → {@link WrongExpectedVersionException}
 * (reload and retry); a claim → {@link UniqueClaimConflictException}. Anything else (throttling beyond the SDK's
 * retries, validation errors) is rethrown as the SDK exception.
 *
 * <p>Reads are strongly consistent queries, paged through {@code LastEvaluatedKey}. Thread-safe; the client is passed
 * in and shared.
 */
public final class DynamoDbEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEventStore.class);

    /** DynamoDB's maximum number of actions in one {@code TransactWriteItems}. */
    public static final int MAX_TRANSACTION_ACTIONS = 100;

    /** Uniques table: partition key {@code key} S. */
    public static final String UNIQUE_KEY = "key";
    /** Uniques table: the stream that holds the claim, S. */
    public static final String UNIQUE_STREAM = "stream";
    /** Uniques table: when the claim was made, ISO-8601 S. */
    public static final String UNIQUE_CREATED_AT = "createdAt";

    private enum Action {
        EVENT,
        HEAD,
        IDEMPOTENCY,
        CLAIM
    }

    private final DynamoDbClient client;
    private final String eventsTable;
    private final String idempotencyTable;
    private final String uniquesTable;
    private final Duration idempotencyTtl;
    private final Clock clock;

    /**
     * @param client a shared client (built once per execution environment)
     * @param eventsTable the context's events table (PK {@code stream} S, SK {@code version} N)
     * @param idempotencyTable PK {@code key} S, TTL attribute {@code expiresAt}
     * @param uniquesTable PK {@code key} S
     * @param idempotencyTtl how long a result is replayed (DESIGN.md: 24 h)
     * @param clock decides idempotency expiry and claim timestamps
     */
    public DynamoDbEventStore(
            DynamoDbClient client,
            String eventsTable,
            String idempotencyTable,
            String uniquesTable,
            Duration idempotencyTtl,
            Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.eventsTable = Objects.requireNonNull(eventsTable, "eventsTable");
        this.idempotencyTable = Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        this.uniquesTable = Objects.requireNonNull(uniquesTable, "uniquesTable");
        this.idempotencyTtl = Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<EventEnvelope> read(String stream, long fromVersion) {
        QueryRequest query = QueryRequest.builder()
                .tableName(eventsTable)
                .keyConditionExpression("#s = :s AND #v >= :from")
                .expressionAttributeNames(Map.of("#s", EventItems.STREAM, "#v", EventItems.VERSION))
                .expressionAttributeValues(Map.of(
                        ":s", AttributeValue.fromS(stream),
                        ":from", AttributeValue.fromN(Long.toString(Math.max(fromVersion, 0)))))
                .consistentRead(true)
                .build();
        List<EventEnvelope> events = new ArrayList<>();
        // The paginator follows LastEvaluatedKey until the query is exhausted (1 MB per page).
        client.queryPaginator(query).items().forEach(item -> events.add(EventItems.fromItem(item)));
        return events;
    }

    @Override
    public AppendResult append(AppendRequest request) {
        int actions = request.events().size()
                + (request.expectedVersion() > 0 ? 1 : 0)
                + (request.idempotencyKey() != null ? 1 : 0)
                + request.uniqueClaims().size();
        if (actions > MAX_TRANSACTION_ACTIONS) {
            throw new IllegalArgumentException("Append to " + request.stream() + " needs " + actions
                    + " transaction actions; DynamoDB TransactWriteItems allows " + MAX_TRANSACTION_ACTIONS);
        }
        AppendResult result = request.result();
        long nowSeconds = clock.instant().getEpochSecond();
        List<TransactWriteItem> items = new ArrayList<>(actions);
        List<Action> kinds = new ArrayList<>(actions);

        for (EventEnvelope event : request.events()) {
            items.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(eventsTable)
                            .item(EventItems.toItem(event))
                            .conditionExpression("attribute_not_exists(#s)")
                            .expressionAttributeNames(Map.of("#s", EventItems.STREAM))
                            .build())
                    .build());
            kinds.add(Action.EVENT);
        }
        if (request.expectedVersion() > 0) {
            items.add(TransactWriteItem.builder()
                    .conditionCheck(ConditionCheck.builder()
                            .tableName(eventsTable)
                            .key(Map.of(
                                    EventItems.STREAM, AttributeValue.fromS(request.stream()),
                                    EventItems.VERSION, AttributeValue.fromN(Long.toString(request.expectedVersion()))))
                            .conditionExpression("attribute_exists(#s)")
                            .expressionAttributeNames(Map.of("#s", EventItems.STREAM))
                            .build())
                    .build());
            kinds.add(Action.HEAD);
        }
        IdempotencyKey key = request.idempotencyKey();
        if (key != null) {
            items.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(idempotencyTable)
                            .item(Map.of(
                                    IdempotencyItems.KEY, AttributeValue.fromS(key.value()),
                                    IdempotencyItems.RESULT, AttributeValue.fromS(IdempotencyItems.resultJson(result)),
                                    IdempotencyItems.EXPIRES_AT,
                                            AttributeValue.fromN(
                                                    Long.toString(nowSeconds + idempotencyTtl.toSeconds()))))
                            .conditionExpression("attribute_not_exists(#k) OR #e < :now")
                            .expressionAttributeNames(
                                    Map.of("#k", IdempotencyItems.KEY, "#e", IdempotencyItems.EXPIRES_AT))
                            .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(nowSeconds))))
                            // The winner's result comes back with the cancellation: no second read needed.
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build())
                    .build());
            kinds.add(Action.IDEMPOTENCY);
        }
        String createdAt = EnvelopeJson.formatTimestamp(clock.instant());
        for (String claim : request.uniqueClaims()) {
            items.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(uniquesTable)
                            .item(Map.of(
                                    UNIQUE_KEY, AttributeValue.fromS(claim),
                                    UNIQUE_STREAM, AttributeValue.fromS(request.stream()),
                                    UNIQUE_CREATED_AT, AttributeValue.fromS(createdAt)))
                            .conditionExpression("attribute_not_exists(#k)")
                            .expressionAttributeNames(Map.of("#k", UNIQUE_KEY))
                            .build())
                    .build());
            kinds.add(Action.CLAIM);
        }

        try {
            // The token makes the SDK's own retries of this call idempotent for 10 minutes: a retry after a commit
            // whose
            // response was lost succeeds instead of failing its conditions (which would look like a lost race).
            String token = UUID.randomUUID().toString();
            client.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
            return result;
        } catch (TransactionCanceledException e) {
            throw mapCancellation(e, request, kinds);
        }
    }

    /**
     * Chooses the exception for a cancelled append: replay first (the command already happened), then a lost race
     * (after a reload the decision may differ), then a taken claim.
     */
    private RuntimeException mapCancellation(
            TransactionCanceledException e, AppendRequest request, List<Action> kinds) {
        if (!e.hasCancellationReasons()) {
            return e;
        }
        List<CancellationReason> reasons = e.cancellationReasons();
        boolean lostRace = false;
        String takenClaim = null;
        for (int i = 0; i < reasons.size() && i < kinds.size(); i++) {
            String code = reasons.get(i).code();
            if (code == null || code.equals("None")) {
                continue;
            }
            Action kind = kinds.get(i);
            if (code.equals("ConditionalCheckFailed")) {
                switch (kind) {
                    case IDEMPOTENCY -> {
                        Optional<AppendResult> first = firstResult(reasons.get(i), request.idempotencyKey());
                        if (first.isPresent()) {
                            return new IdempotentReplayException(first.get());
                        }
                        // The item vanished between the transaction and the read: the race is simply lost.
                        lostRace = true;
                    }
                    case EVENT, HEAD -> lostRace = true;
                    case CLAIM -> takenClaim = takenClaim != null ? takenClaim : claimAt(request, kinds, i);
                }
            } else if (code.equals("TransactionConflict")) {
                // Another transaction was writing the same item at the same moment; retrying resolves it.
                lostRace = true;
            } else {
                return e;
            }
        }
        if (lostRace) {
            // Expected under concurrency (the command handler reloads and retries): one DEBUG line, no stack trace.
            LOG.debug(
                    "append to {} at expected version {} lost a race: {}",
                    request.stream(),
                    request.expectedVersion(),
                    reasons.stream().map(CancellationReason::code).toList());
            return new WrongExpectedVersionException(request.stream(), request.expectedVersion());
        }
        if (takenClaim != null) {
            return new UniqueClaimConflictException(takenClaim);
        }
        return e;
    }

    private Optional<AppendResult> firstResult(CancellationReason reason, IdempotencyKey key) {
        Map<String, AttributeValue> item = reason.hasItem() ? reason.item() : null;
        if (item == null || !item.containsKey(IdempotencyItems.RESULT)) {
            item = client.getItem(r -> r.tableName(idempotencyTable)
                            .key(Map.of(IdempotencyItems.KEY, AttributeValue.fromS(key.value())))
                            .consistentRead(true))
                    .item();
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IdempotencyItems.result(item));
    }

    private static String claimAt(AppendRequest request, List<Action> kinds, int index) {
        int firstClaim = kinds.indexOf(Action.CLAIM);
        return request.uniqueClaims().get(index - firstClaim);
    }

    @Override
    public Optional<AppendResult> findIdempotent(IdempotencyKey key) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(idempotencyTable)
                        .key(Map.of(IdempotencyItems.KEY, AttributeValue.fromS(key.value())))
                        .consistentRead(true))
                .item();
        if (item == null
                || item.isEmpty()
                || IdempotencyItems.expired(item, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(IdempotencyItems.result(item));
    }
}
