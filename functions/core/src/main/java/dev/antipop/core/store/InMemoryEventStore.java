package dev.antipop.core.store;

import dev.antipop.core.event.EventEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread-safe in-memory {@link EventStore} with the semantics of the DynamoDB store: exact expected version,
 * all-or-nothing appends with the idempotency item and unique claims, idempotency results that expire after a TTL.
 * For given/when/then tests and local experiments; everything is lost with the JVM.
 *
 * <p>When several conditions fail at once the exception is chosen as the DynamoDB store does: idempotent replay
 * first (the command already happened), then wrong expected version (the decision may change after a reload), then
 * the unique claim.
 */
public final class InMemoryEventStore implements EventStore {

    private record StoredResult(AppendResult result, Instant expiresAt) {}

    private final Duration idempotencyTtl;
    private final Clock clock;
    private final Map<String, List<EventEnvelope>> streams = new HashMap<>();
    private final List<EventEnvelope> all = new ArrayList<>();
    private final Map<String, StoredResult> idempotency = new HashMap<>();
    private final Map<String, String> uniques = new HashMap<>();

    /** A store whose idempotency results live 24 hours on the system clock. */
    public InMemoryEventStore() {
        this(Duration.ofHours(24), Clock.systemUTC());
    }

    /**
     * @param idempotencyTtl how long an idempotency result is honoured
     * @param clock the clock that decides expiry
     */
    public InMemoryEventStore(Duration idempotencyTtl, Clock clock) {
        this.idempotencyTtl = Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized List<EventEnvelope> read(String stream, long fromVersion) {
        List<EventEnvelope> events = streams.getOrDefault(stream, List.of());
        int from = (int) Math.max(0, Math.min(events.size(), fromVersion - 1));
        return List.copyOf(events.subList(from, events.size()));
    }

    @Override
    public synchronized AppendResult append(AppendRequest request) {
        Instant now = clock.instant();
        IdempotencyKey key = request.idempotencyKey();
        if (key != null) {
            StoredResult stored = idempotency.get(key.value());
            if (stored != null && stored.expiresAt().isAfter(now)) {
                throw new IdempotentReplayException(stored.result());
            }
        }
        List<EventEnvelope> events = streams.getOrDefault(request.stream(), List.of());
        if (events.size() != request.expectedVersion()) {
            throw new WrongExpectedVersionException(request.stream(), request.expectedVersion());
        }
        for (String claim : request.uniqueClaims()) {
            if (uniques.containsKey(claim)) {
                throw new UniqueClaimConflictException(claim);
            }
        }
        streams.computeIfAbsent(request.stream(), s -> new ArrayList<>()).addAll(request.events());
        all.addAll(request.events());
        for (String claim : request.uniqueClaims()) {
            uniques.put(claim, request.stream());
        }
        AppendResult result = request.result();
        if (key != null) {
            idempotency.put(key.value(), new StoredResult(result, now.plus(idempotencyTtl)));
        }
        return result;
    }

    @Override
    public synchronized Optional<AppendResult> findIdempotent(IdempotencyKey key) {
        StoredResult stored = idempotency.get(key.value());
        if (stored == null || !stored.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(stored.result());
    }

    /** Every event of every stream in append order (the order a single DynamoDB stream shard would carry them). */
    public synchronized List<EventEnvelope> readAll() {
        return List.copyOf(all);
    }

    /** The stream that holds {@code claim}, if it is taken. */
    public synchronized Optional<String> claimHolder(String claim) {
        return Optional.ofNullable(uniques.get(claim));
    }
}
