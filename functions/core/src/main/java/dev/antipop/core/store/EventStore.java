package dev.antipop.core.store;

import dev.antipop.core.event.EventEnvelope;
import java.util.List;
import java.util.Optional;

/**
 * The event store port: streams of events with optimistic concurrency, idempotent appends and uniqueness claims.
 * Implemented over DynamoDB by {@code dev.antipop.dynamodb.DynamoDbEventStore} and in memory by
 * {@link InMemoryEventStore}.
 */
public interface EventStore {

    /**
     * The events of {@code stream} with {@code version >= fromVersion}, ascending and complete (all pages).
     *
     * @return an empty list for an unknown stream
     */
    List<EventEnvelope> read(String stream, long fromVersion);

    /**
     * Appends atomically: the events, the idempotency item (if a key is given) and the unique claims, or nothing.
     *
     * @return the result, also stored under the idempotency key
     * @throws WrongExpectedVersionException if the stream's head is not {@code request.expectedVersion()} (or a
     *     concurrent transaction touched the same items): reload and retry
     * @throws IdempotentReplayException if the idempotency key already holds a result (a concurrent or earlier
     *     duplicate won): return {@link IdempotentReplayException#firstResult()}
     * @throws UniqueClaimConflictException if a claim is already taken
     * @throws IllegalArgumentException if the request exceeds the store's limits
     */
    AppendResult append(AppendRequest request);

    /** The stored result for {@code key}, if an append with that key happened and has not expired. */
    Optional<AppendResult> findIdempotent(IdempotencyKey key);
}
