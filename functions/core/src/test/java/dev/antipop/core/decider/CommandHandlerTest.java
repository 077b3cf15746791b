package dev.antipop.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.decider.Account.ChangeEmail;
import dev.antipop.core.decider.Account.Command;
import dev.antipop.core.decider.Account.Deposit;
import dev.antipop.core.decider.Account.Deposited;
import dev.antipop.core.decider.Account.Event;
import dev.antipop.core.decider.Account.Open;
import dev.antipop.core.decider.Account.Opened;
import dev.antipop.core.decider.Account.State;
import dev.antipop.core.decider.Account.Withdraw;
import dev.antipop.core.decider.Account.Withdrawn;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.id.Snowflake;
import dev.antipop.core.store.AppendRequest;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.EventStore;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.core.store.InMemoryEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events (or an error) — on the in-memory store. */
class CommandHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T19:00:00.123Z");
    private static final String STREAM = "account-1";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryEventStore store = new InMemoryEventStore(Duration.ofHours(24), clock);
    private final RecordEventCodec<Event> codec = Account.codec();
    private final Snowflake ids = new Snowflake(7, clock::millis);
    private final AtomicInteger commandIds = new AtomicInteger();
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private CommandHandler<Command, Event, State> handler(EventStore eventStore, int maxAttempts) {
        return new CommandHandler<>(
                eventStore, new Account.AccountDecider(), codec, ids, clock, maxAttempts, Duration.ZERO);
    }

    private CommandHandler<Command, Event, State> handler() {
        return handler(store, 3);
    }

    private CommandMeta meta(String userId, String clientMutationId) {
        return new CommandMeta("cmd-" + commandIds.incrementAndGet(), userId, "corr-1", null, clientMutationId);
    }

    private void given(String stream, Event... events) {
        long version = store.read(stream, 1).size();
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (Event event : events) {
            envelopes.add(new EventEnvelope(
                    ids.nextIdString(),
                    codec.typeOf(event),
                    stream,
                    ++version,
                    codec.topicOf(stream, event),
                    NOW,
                    codec.toData(event),
                    EventMeta.EMPTY));
        }
        store.append(new AppendRequest("given", stream, version - events.length, envelopes, null, List.of()));
    }

    private List<Event> eventsOf(String stream) {
        return store.read(stream, 1).stream().map(codec::fromEnvelope).toList();
    }

    @Test
    void appendsTheDecidedEventsWithEnvelopeAndMeta() {
        CommandMeta meta = meta("u-1", "m-1");

        AppendResult result = handler().handle(STREAM, new Open("Ada", "ada@example.com", "1234"), meta);

        List<EventEnvelope> stored = store.read(STREAM, 1);
        assertThat(stored).hasSize(1);
        EventEnvelope e = stored.get(0);
        assertThat(e.type()).isEqualTo("bank.account_opened");
        assertThat(e.stream()).isEqualTo(STREAM);
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.topic()).isEqualTo("account.1.events");
        assertThat(e.timestamp()).isEqualTo(NOW);
        assertThat(Snowflake.nodeIdOf(Long.parseLong(e.eventId()))).isEqualTo(7);
        assertThat(e.meta()).isEqualTo(new EventMeta("u-1", "corr-1", meta.commandId(), "m-1"));
        assertThat(codec.fromEnvelope(e)).isEqualTo(new Opened("Ada", "ada@example.com", "1234"));
        assertThat(result).isEqualTo(new AppendResult(meta.commandId(), STREAM, 1, 1, List.of(e.eventId()), false));
    }

    @Test
    void decidesOnTheFoldedStateAndAppendsAtTheNextVersion() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));

        AppendResult result = handler().handle(STREAM, new Withdraw(30), meta("u-1", null));

        assertThat(eventsOf(STREAM)).endsWith(new Withdrawn(30));
        assertThat(result.firstVersion()).isEqualTo(3);
        assertThat(result.lastVersion()).isEqualTo(3);
    }

    @Test
    void aRefusedCommandAppendsNothing() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(10));

        assertThatThrownBy(() -> handler().handle(STREAM, new Withdraw(30), meta("u-1", "m-1")))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> handler().handle("account-2", new Deposit(1), meta("u-1", null)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        assertThat(store.read(STREAM, 1)).hasSize(2);
        assertThat(store.findIdempotent(IdempotencyKey.of("u-1", "m-1"))).isEmpty();
    }

    @Test
    void noEventsIsANoopAtTheCurrentVersion() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"));
        CommandMeta meta = meta("u-1", null);

        AppendResult result = handler().handle(STREAM, new Open("Ada", "ada@example.com", "1"), meta);

        assertThat(result).isEqualTo(AppendResult.noop(meta.commandId(), STREAM, 1));
        assertThat(result.isNoop()).isTrue();
        assertThat(store.read(STREAM, 1)).hasSize(1);
    }

    @Test
    void anExplicitCausationIdIsKept() {
        CommandMeta meta = new CommandMeta("cmd-x", null, "corr", "event-99", null);

        handler().handle(STREAM, new Open("Ada", "ada@example.com", "1"), meta);

        assertThat(store.read(STREAM, 1).get(0).meta()).isEqualTo(new EventMeta(null, "corr", "event-99", null));
    }

    @Test
    void aRepeatThatDecidesNothingOrIsRejectedAnswersTheFirstOutcome() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        AppendResult first = handler().handle(STREAM, new ChangeEmail("new@example.com"), meta("u-1", "cm-1"));

        // The repeat folds the first copy's events and decides nothing: the stored result answers it.
        AppendResult decidedNothing = handler().handle(STREAM, new ChangeEmail("new@example.com"), meta("u-1", "cm-1"));
        assertThat(decidedNothing.commandId()).isEqualTo(first.commandId());
        assertThat(decidedNothing.replayed()).isTrue();

        AppendResult withdrawn = handler().handle(STREAM, new Withdraw(100), meta("u-1", "cm-2"));
        AppendResult rejected = handler().handle(STREAM, new Withdraw(100), meta("u-1", "cm-2"));
        assertThat(rejected.commandId())
                .as("a repeat the decider would now reject (insufficient funds) answers the first outcome")
                .isEqualTo(withdrawn.commandId());
        assertThat(eventsOf(STREAM)).hasSize(4);
    }

    @Test
    void aRepeatThatDecidesEventsAgainIsStoppedByTheAppendAndReplayed() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        AppendResult first = handler().handle(STREAM, new Withdraw(10), meta("u-1", "cm-3"));

        AppendResult repeat = handler().handle(STREAM, new Withdraw(10), meta("u-1", "cm-3"));

        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.commandId()).isEqualTo(first.commandId());
        assertThat(eventsOf(STREAM))
                .containsExactly(new Opened("Ada", "ada@example.com", "1"), new Deposited(100), new Withdrawn(10));
    }

    @Test
    void aFirstAttemptReadsNoIdempotencyItem() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        AtomicInteger lookups = new AtomicInteger();

        handler(countingIdempotencyReads(store, lookups), 3).handle(STREAM, new Withdraw(10), meta("u-1", "cm-4"));

        assertThat(lookups).hasValue(0);
        assertThat(store.findIdempotent(IdempotencyKey.of("u-1", "cm-4"))).isPresent();
    }

    /** A store counting its idempotency reads. */
    private static EventStore countingIdempotencyReads(EventStore delegate, AtomicInteger lookups) {
        return new ForwardingStore(delegate) {
            @Override
            public Optional<AppendResult> findIdempotent(IdempotencyKey key) {
                lookups.incrementAndGet();
                return super.findIdempotent(key);
            }
        };
    }

    @Test
    void withAStateCacheTheNextCommandReadsOnlyTheEventsAfterTheKeptState() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        List<Long> readsFrom = new ArrayList<>();
        StateCache<State> cache = new StateCache<>(10);
        CommandHandler<Command, Event, State> cached =
                handler(recordingReads(store, readsFrom), 3).withStateCache(cache);

        cached.handle(STREAM, new Withdraw(30), meta("u-1", null));
        cached.handle(STREAM, new Withdraw(20), meta("u-1", null));

        assertThat(readsFrom).containsExactly(1L, 4L); // the second read starts after the first command's event
        assertThat(cache.latest(STREAM).orElseThrow().version()).isEqualTo(4);
        assertThat(eventsOf(STREAM)).endsWith(new Withdrawn(30), new Withdrawn(20));
    }

    @Test
    void aKeptStateIsOnlyAStartingPointAnotherWritersEventsAreFoldedOnTop() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        CommandHandler<Command, Event, State> cached = handler().withStateCache(new StateCache<>(10));
        cached.handle(STREAM, new Withdraw(100), meta("u-1", null)); // kept: balance 0 at version 3

        given(STREAM, new Deposited(50)); // another instance, version 4

        AppendResult result = cached.handle(STREAM, new Withdraw(50), meta("u-1", null));
        assertThat(result.firstVersion()).isEqualTo(5);
        assertThatThrownBy(() -> cached.handle(STREAM, new Withdraw(1), meta("u-1", null)))
                .isInstanceOf(CommandException.class)
                .hasMessage("Insufficient funds");
    }

    @Test
    void aStateCacheKeepsTheLatestStateOfItsMostRecentlyUsedStreams() {
        StateCache<String> cache = new StateCache<>(2);
        cache.remember("a", 3, "a3");
        cache.remember("b", 1, "b1");
        cache.remember("a", 2, "older");
        assertThat(cache.latest("a").orElseThrow().state()).isEqualTo("a3");

        cache.remember("c", 1, "c1"); // "b" was used least recently

        assertThat(cache.latest("b")).isEmpty();
        assertThat(cache.size()).isEqualTo(2);
        assertThatThrownBy(() -> new StateCache<String>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A store recording the version every read starts from. */
    private static EventStore recordingReads(EventStore delegate, List<Long> readsFrom) {
        return new ForwardingStore(delegate) {
            @Override
            public List<EventEnvelope> read(String stream, long fromVersion) {
                readsFrom.add(fromVersion);
                return super.read(stream, fromVersion);
            }
        };
    }

    @Test
    void aLostRaceIsRetriedOnTheReloadedState() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        // Another writer deposits between our read and our append, once.
        EventStore racing = interleaving(store, 1, () -> given(STREAM, new Deposited(50)));

        CommandHandler<Command, Event, State> handler = handler(racing, 3);
        AppendResult result = handler.handle(STREAM, new Withdraw(30), meta("u-1", null));

        assertThat(eventsOf(STREAM))
                .containsExactly(
                        new Opened("Ada", "ada@example.com", "1"),
                        new Deposited(100),
                        new Deposited(50),
                        new Withdrawn(30));
        assertThat(result.firstVersion()).isEqualTo(4);
        // Counted, not logged: a lost race is an expected outcome.
        assertThat(handler.lostRaces()).isEqualTo(1);
    }

    @Test
    void theRetryDecidesAgainOnTheNewState() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"), new Deposited(100));
        EventStore racing = interleaving(store, 1, () -> given(STREAM, new Withdrawn(50)));

        assertThatThrownBy(() -> handler(racing, 3).handle(STREAM, new Withdraw(80), meta("u-1", null)))
                .isInstanceOf(CommandException.class)
                .hasMessage("Insufficient funds");
        assertThat(eventsOf(STREAM)).hasSize(3).doesNotContain(new Withdrawn(80));
    }

    @Test
    void endlessRacesEndIn409AfterMaxAttempts() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"));
        AtomicInteger appends = new AtomicInteger();
        EventStore racing = interleaving(store, Integer.MAX_VALUE, () -> {
            appends.incrementAndGet();
            given(STREAM, new Deposited(1));
        });

        CommandHandler<Command, Event, State> handler = handler(racing, 4);
        assertThatThrownBy(() -> handler.handle(STREAM, new Deposit(5), meta("u-1", null)))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("Concurrent modification of account-1");
                });
        assertThat(appends).hasValue(4);
        assertThat(handler.lostRaces()).isEqualTo(4);
        assertThat(eventsOf(STREAM)).doesNotContain(new Deposited(5));
    }

    @Test
    void aRepeatedClientMutationIdReturnsTheFirstResultAndAppendsNothing() {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"));

        AppendResult first = handler().handle(STREAM, new Deposit(10), meta("u-1", "m-1"));
        AppendResult again = handler().handle(STREAM, new Deposit(10), meta("u-1", "m-1"));
        AppendResult otherUser = handler().handle(STREAM, new Deposit(10), meta("u-2", "m-1"));

        assertThat(first.replayed()).isFalse();
        assertThat(again).isEqualTo(first.asReplay());
        assertThat(again.commandId()).isEqualTo(first.commandId());
        assertThat(otherUser.replayed()).isFalse();
        assertThat(eventsOf(STREAM))
                .containsExactly(new Opened("Ada", "ada@example.com", "1"), new Deposited(10), new Deposited(10));
    }

    @Test
    void anonymousCommandsAreKeyedAsAnonymous() {
        handler().handle(STREAM, new Open("Ada", "ada@example.com", "1"), meta(null, "m-9"));

        assertThat(store.findIdempotent(IdempotencyKey.of("anonymous", "m-9"))).isPresent();
    }

    @Test
    void concurrentRepeatsOfOneMutationAppendOnce() throws Exception {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"));
        CommandHandler<Command, Event, State> handler = handler(store, 20);

        List<AppendResult> results = concurrently(10, i -> handler.handle(STREAM, new Deposit(5), meta("u-1", "m-1")));

        assertThat(eventsOf(STREAM)).containsExactly(new Opened("Ada", "ada@example.com", "1"), new Deposited(5));
        assertThat(results)
                .extracting(AppendResult::eventIds)
                .containsOnly(results.get(0).eventIds());
        assertThat(results)
                .extracting(AppendResult::commandId)
                .containsOnly(results.get(0).commandId());
        assertThat(results).filteredOn(r -> !r.replayed()).hasSize(1);
    }

    @Test
    void concurrentCommandsOnOneStreamAllLandGapFree() throws Exception {
        given(STREAM, new Opened("Ada", "ada@example.com", "1"));
        CommandHandler<Command, Event, State> handler = handler(store, 100);

        List<AppendResult> results = concurrently(20, i -> handler.handle(STREAM, new Deposit(1), meta("u-1", null)));

        List<EventEnvelope> stored = store.read(STREAM, 1);
        assertThat(stored)
                .extracting(EventEnvelope::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 21).boxed().toList());
        assertThat(results).extracting(AppendResult::firstVersion).doesNotHaveDuplicates();
    }

    @Test
    void aTakenUniqueClaimIs409OnTheField() {
        handler().handle("account-1", new Open("Ada", "ada@example.com", "1"), meta("u-1", null));

        assertThatThrownBy(
                        () -> handler().handle("account-2", new Open("Bob", "ada@example.com", "2"), meta("u-2", null)))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.fields()).containsExactly(entry("email", "is already taken"));
                });
        assertThat(store.read("account-2", 1)).isEmpty();
        assertThat(store.claimHolder("email#ada@example.com")).contains("account-1");
    }

    @Test
    void concurrentClaimsOfOneValueHaveExactlyOneWinner() throws Exception {
        CommandHandler<Command, Event, State> handler = handler(store, 5);

        List<Optional<AppendResult>> results = concurrently(10, i -> {
            try {
                return Optional.of(
                        handler.handle("account-" + i, new Open("U" + i, "same@example.com", "1"), meta("u", null)));
            } catch (CommandException e) {
                assertThat(e.fields()).containsEntry("email", "is already taken");
                return Optional.empty();
            }
        });

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(store.readAll()).hasSize(1);
    }

    @Test
    void anOverlongClientMutationIdIsAValidationError() {
        assertThatThrownBy(() -> handler().handle(STREAM, new Open("A", "a@b.co", "1"), meta("u", "x".repeat(129))))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.fields()).containsKey("clientMutationId"));
        assertThat(store.readAll()).isEmpty();
    }

    @Test
    void rejectsNonPositiveMaxAttempts() {
        assertThatThrownBy(() -> handler(store, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A store that runs {@code concurrentWrite} before each of the first {@code times} appends. */
    private static EventStore interleaving(EventStore delegate, int times, Runnable concurrentWrite) {
        AtomicInteger left = new AtomicInteger(times);
        return new ForwardingStore(delegate) {
            @Override
            public AppendResult append(AppendRequest request) {
                if (left.getAndDecrement() > 0) {
                    concurrentWrite.run();
                }
                return super.append(request);
            }
        };
    }

    /** A store passing every call to {@code delegate}; the test stores override what they watch or change. */
    private static class ForwardingStore implements EventStore {

        private final EventStore delegate;

        ForwardingStore(EventStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<EventEnvelope> read(String stream, long fromVersion) {
            return delegate.read(stream, fromVersion);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            return delegate.append(request);
        }

        @Override
        public Optional<AppendResult> findIdempotent(IdempotencyKey key) {
            return delegate.findIdempotent(key);
        }
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    private <T> List<T> concurrently(int threads, Task<T> task) throws Exception {
        pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Callable<T> call = () -> {
                start.await();
                return task.run(index);
            };
            futures.add(pool.submit(call));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }
}
