package dev.antipop.core.decider;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.id.Snowflake;
import dev.antipop.core.store.AppendRequest;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.EventStore;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.core.store.IdempotentReplayException;
import dev.antipop.core.store.UniqueClaimConflictException;
import dev.antipop.core.store.WrongExpectedVersionException;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The one generic command handler (STYLE.md 2): load the stream, fold it, decide, append with the expected version.
 *
 * <ol>
 *   <li>With a {@code clientMutationId}, the idempotency key is {@code <userId or "anonymous">#<clientMutationId>}.
 *       It is not read first: the append writes it conditionally in the same transaction, so a repeat is found where
 *       it costs nothing when there is none. A repeat's append fails on the key and returns the stored first result
 *       ({@code replayed = true}); a repeat that decides nothing or is rejected (its first copy changed the state it
 *       decides on) reads the key then and answers the first result instead. So a first attempt pays no read for
 *       its idempotency, and nothing is ever appended twice.
 *   <li>The stream is read from version 1 (or after the latest snapshot, {@link #withSnapshots}, or the state this
 *       instance last folded or appended, {@link #withStateCache}, whichever is newer) and folded with
 *       {@code evolve} from {@code initialState()} (or the snapshot's state); the expected version is the last version
 *       read, 0 for a new stream.
 *   <li>{@code decide}; no events gives {@link AppendResult#noop}.
 *   <li>Envelopes get Snowflake ids, versions {@code expected + 1 …}, one timestamp from the clock for the batch, the
 *       codec's type, data and topic, and meta from {@link CommandMeta} (causation id = the command id unless the
 *       command names its own cause).
 *   <li>One atomic append with the idempotency key and the events' unique claims.
 *   <li>A lost optimistic-concurrency race is retried from step 2 after a short randomised back-off ("full jitter",
 *       AWS Architecture Blog, <i>Exponential Backoff and Jitter</i>), up to {@code maxAttempts} appends in all; then
 *       409 {@code conflict}. A taken unique claim gives 409 with field {@code <kind>}: {@code is already taken}. A
 *       concurrent duplicate that won the idempotency item gives its result, replayed.
 * </ol>
 *
 * <p>A lost race is an expected outcome, not a fault: it is counted ({@link #lostRaces()}), never logged with a stack
 * trace (the store's exception carries none, and the event store adapter logs it as one DEBUG line).
 *
 * <p>Thread-safe when its collaborators are; build one per command type and reuse it.
 *
 * @param <C> command type
 * @param <E> event type
 * @param <S> state type
 */
public final class CommandHandler<C, E, S> {

    /** Longest accepted {@code clientMutationId}; keeps the idempotency key far below DynamoDB's 2048-byte limit. */
    public static final int MAX_CLIENT_MUTATION_ID_LENGTH = 128;

    /** The user part of the idempotency key for commands without an authenticated user. */
    public static final String ANONYMOUS = "anonymous";

    /** Default cap on one back-off pause between attempts. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(50);

    private static final long BASE_BACKOFF_MILLIS = 2;

    private final LongAdder lostRaces = new LongAdder();

    private final EventStore store;
    private final Decider<C, E, S> decider;
    private final EventCodec<E> codec;
    private final Supplier<String> ids;
    private final Clock clock;
    private final int maxAttempts;
    private final long maxBackoffMillis;
    private final StateSnapshots<S> snapshots;
    private final StateCache<S> cache;

    /**
     * A handler with the default back-off cap ({@value #BASE_BACKOFF_MILLIS} ms doubling per attempt, at most 50 ms).
     *
     * @param maxAttempts appends tried in all before answering 409, at least 1
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public CommandHandler(
            EventStore store,
            Decider<C, E, S> decider,
            EventCodec<E> codec,
            Snowflake ids,
            Clock clock,
            int maxAttempts) {
        this(store, decider, codec, ids, clock, maxAttempts, DEFAULT_MAX_BACKOFF);
    }

    /**
     * @param maxAttempts appends tried in all before answering 409, at least 1
     * @param maxBackoff cap on one randomised pause between attempts; {@link Duration#ZERO} retries at once
     * @throws IllegalArgumentException if {@code maxAttempts < 1} or {@code maxBackoff} is negative
     */
    public CommandHandler(
            EventStore store,
            Decider<C, E, S> decider,
            EventCodec<E> codec,
            Snowflake ids,
            Clock clock,
            int maxAttempts,
            Duration maxBackoff) {
        this(store, decider, codec, Objects.requireNonNull(ids, "ids")::nextIdString, clock, maxAttempts, maxBackoff);
    }

    /**
     * A handler whose event ids come from {@code eventIds} (decimal Snowflake ids), for id sources whose node id can
     * change during the handler's life, such as a node id lease that is renewed or re-acquired.
     *
     * @param maxAttempts appends tried in all before answering 409, at least 1
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public CommandHandler(
            EventStore store,
            Decider<C, E, S> decider,
            EventCodec<E> codec,
            Supplier<String> eventIds,
            Clock clock,
            int maxAttempts) {
        this(store, decider, codec, eventIds, clock, maxAttempts, DEFAULT_MAX_BACKOFF);
    }

    /**
     * @param eventIds supplies one new decimal Snowflake id per event
     * @param maxAttempts appends tried in all before answering 409, at least 1
     * @param maxBackoff cap on one randomised pause between attempts; {@link Duration#ZERO} retries at once
     * @throws IllegalArgumentException if {@code maxAttempts < 1} or {@code maxBackoff} is negative
     */
    public CommandHandler(
            EventStore store,
            Decider<C, E, S> decider,
            EventCodec<E> codec,
            Supplier<String> eventIds,
            Clock clock,
            int maxAttempts,
            Duration maxBackoff) {
        this(store, decider, codec, eventIds, clock, maxAttempts, maxBackoff, stream -> Optional.empty(), null);
    }

    private CommandHandler(
            EventStore store,
            Decider<C, E, S> decider,
            EventCodec<E> codec,
            Supplier<String> eventIds,
            Clock clock,
            int maxAttempts,
            Duration maxBackoff,
            StateSnapshots<S> snapshots,
            StateCache<S> cache) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (maxBackoff.isNegative()) {
            throw new IllegalArgumentException("maxBackoff must not be negative");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.ids = Objects.requireNonNull(eventIds, "eventIds");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAttempts = maxAttempts;
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.cache = cache;
    }

    /**
     * This handler, folding from the latest snapshot {@code snapshots} offers instead of from version 1 (long streams:
     * a notebook of 10,000 events reads at most the events after its last snapshot).
     */
    public CommandHandler<C, E, S> withSnapshots(StateSnapshots<S> snapshots) {
        return new CommandHandler<>(
                store, decider, codec, ids, clock, maxAttempts, Duration.ofMillis(maxBackoffMillis), snapshots, cache);
    }

    /**
     * This handler, keeping the state it folds or appends per stream in {@code cache} ({@link StateCache}) and folding
     * from there when it is newer than the latest snapshot: a warm instance reads only a stream's new events.
     */
    public CommandHandler<C, E, S> withStateCache(StateCache<S> cache) {
        return new CommandHandler<>(
                store,
                decider,
                codec,
                ids,
                clock,
                maxAttempts,
                Duration.ofMillis(maxBackoffMillis),
                snapshots,
                Objects.requireNonNull(cache, "cache"));
    }

    /** The newer of the stored snapshot and the cached state, if any. */
    private Optional<StateSnapshots.Snapshot<S>> latest(String stream) {
        Optional<StateSnapshots.Snapshot<S>> stored = snapshots.latest(stream);
        Optional<StateSnapshots.Snapshot<S>> cached = cache == null ? Optional.empty() : cache.latest(stream);
        if (cached.isEmpty()) {
            return stored;
        }
        if (stored.isEmpty()) {
            return cached;
        }
        return cached.get().version() >= stored.get().version() ? cached : stored;
    }

    /**
     * Handles {@code command} against {@code stream}.
     *
     * @return what was appended, a no-op, or the replayed first result of an idempotent repeat
     * @throws CommandException what the decider throws; 409 {@code conflict} after {@code maxAttempts} lost races or
     *     for a taken unique claim; 400 {@code validation_failed} for a {@code clientMutationId} longer than
     *     {@value #MAX_CLIENT_MUTATION_ID_LENGTH} characters
     */
    public AppendResult handle(String stream, C command, CommandMeta meta) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(meta, "meta");
        IdempotencyKey key = idempotencyKey(meta);
        for (int attempt = 1; ; attempt++) {
            Optional<StateSnapshots.Snapshot<S>> snapshot = latest(stream);
            S state = snapshot.map(StateSnapshots.Snapshot::state).orElseGet(decider::initialState);
            long expectedVersion =
                    snapshot.map(StateSnapshots.Snapshot::version).orElse(0L);
            List<EventEnvelope> history = store.read(stream, expectedVersion + 1);
            for (EventEnvelope envelope : history) {
                state = decider.evolve(state, codec.fromEnvelope(envelope));
                expectedVersion = envelope.version();
            }
            if (cache != null && !history.isEmpty()) {
                cache.remember(stream, expectedVersion, state);
            }
            List<E> events;
            try {
                events = decider.decide(command, state);
            } catch (CommandException rejected) {
                // A repeat that missed the idempotency check may be rejected only because its first copy has
                // committed meanwhile (for example "already exists"): answer the first outcome instead.
                return replayOf(key).orElseThrow(() -> rejected);
            }
            if (events == null || events.isEmpty()) {
                // Likewise, a repeat that reads the first copy's events decides nothing; the first copy's
                // idempotency item committed in the same transaction as those events, so it is visible now.
                long head = expectedVersion;
                return replayOf(key).orElseGet(() -> AppendResult.noop(meta.commandId(), stream, head));
            }
            AppendRequest request = new AppendRequest(
                    meta.commandId(),
                    stream,
                    expectedVersion,
                    envelopes(stream, expectedVersion, events, meta),
                    key,
                    claims(events));
            try {
                AppendResult appended = store.append(request);
                if (cache != null) {
                    // Folded from the envelopes, as a later read of them would be.
                    S after = state;
                    for (EventEnvelope envelope : request.events()) {
                        after = decider.evolve(after, codec.fromEnvelope(envelope));
                    }
                    cache.remember(stream, appended.lastVersion(), after);
                }
                return appended;
            } catch (WrongExpectedVersionException e) {
                lostRaces.increment();
                if (attempt >= maxAttempts) {
                    throw CommandException.conflict("Concurrent modification of " + stream);
                }
                backOff(attempt);
            } catch (UniqueClaimConflictException e) {
                Optional<AppendResult> first = replayOf(key);
                if (first.isPresent()) {
                    return first.get();
                }
                throw CommandException.conflict(e.kind() + " is already taken", Map.of(e.kind(), "is already taken"));
            } catch (IdempotentReplayException e) {
                return e.firstResult().asReplay();
            }
        }
    }

    /** How many appends of this handler lost an optimistic-concurrency race (each then retried or answered 409). */
    public long lostRaces() {
        return lostRaces.sum();
    }

    /** The first outcome of a command with this key, if one has committed; empty without a key. */
    private Optional<AppendResult> replayOf(IdempotencyKey key) {
        return key == null ? Optional.empty() : store.findIdempotent(key).map(AppendResult::asReplay);
    }

    private static IdempotencyKey idempotencyKey(CommandMeta meta) {
        String clientMutationId = meta.clientMutationId();
        if (clientMutationId == null || clientMutationId.isBlank()) {
            return null;
        }
        if (clientMutationId.length() > MAX_CLIENT_MUTATION_ID_LENGTH) {
            throw CommandException.validation(
                    Map.of("clientMutationId", "must be at most " + MAX_CLIENT_MUTATION_ID_LENGTH + " characters"));
        }
        String user = meta.userId() == null ? ANONYMOUS : meta.userId();
        return IdempotencyKey.of(user, clientMutationId);
    }

    private List<EventEnvelope> envelopes(String stream, long expectedVersion, List<E> events, CommandMeta meta) {
        Instant now = clock.instant();
        String causationId = meta.causationId() != null ? meta.causationId() : meta.commandId();
        EventMeta eventMeta = new EventMeta(meta.userId(), meta.correlationId(), causationId, meta.clientMutationId());
        List<EventEnvelope> envelopes = new ArrayList<>(events.size());
        long version = expectedVersion;
        for (E event : events) {
            String topic = codec.topicOf(stream, event);
            try {
                Subject.parse(topic);
            } catch (InvalidSubjectException e) {
                // The codec derives topics from trusted state; a bad one is a bug, not a client error.
                throw new IllegalStateException("Codec produced an invalid topic for " + codec.typeOf(event), e);
            }
            envelopes.add(new EventEnvelope(
                    ids.get(), codec.typeOf(event), stream, ++version, topic, now, codec.toData(event), eventMeta));
        }
        return envelopes;
    }

    private List<String> claims(List<E> events) {
        Set<String> claims = new LinkedHashSet<>();
        for (E event : events) {
            claims.addAll(decider.uniqueClaims(event));
        }
        return List.copyOf(claims);
    }

    private void backOff(int attempt) {
        if (maxBackoffMillis == 0) {
            return;
        }
        long ceiling = Math.min(maxBackoffMillis, BASE_BACKOFF_MILLIS << Math.min(attempt, 20));
        long pause = ThreadLocalRandom.current().nextLong(ceiling + 1);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off before retrying an append", e);
        }
    }
}
