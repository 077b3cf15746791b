package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.id.Snowflake;
import dev.antipop.core.store.AppendRequest;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.core.store.IdempotentReplayException;
import dev.antipop.core.store.UniqueClaimConflictException;
import dev.antipop.core.store.WrongExpectedVersionException;
import dev.antipop.dynamodb.Registration.Command;
import dev.antipop.dynamodb.Registration.Event;
import dev.antipop.dynamodb.Registration.State;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbEventStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00.123Z");

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static AntipopTables dynamo;
    private static final AtomicInteger tables = new AtomicInteger();

    private final MutableClock clock = new MutableClock(T0);
    private final Snowflake ids = new Snowflake(11, clock::millis);
    private final AtomicInteger commandIds = new AtomicInteger();
    private DynamoDbEventStore store;
    private String idempotencyTable;

    @BeforeAll
    static void openTables() {
        dynamo = AntipopTables.on(engine.endpoint());
    }

    @AfterAll
    static void closeClient() {
        dynamo.close();
    }

    @BeforeEach
    void createTables() {
        // Fresh tables per test: no test sees another's streams, claims or idempotency items.
        int n = tables.incrementAndGet();
        dynamo.createEventsTable("events-" + n);
        idempotencyTable = "idempotency-" + n;
        dynamo.createKeyTable(idempotencyTable, "key");
        dynamo.createKeyTable("uniques-" + n, "key");
        store = new DynamoDbEventStore(
                dynamo.client(), "events-" + n, idempotencyTable, "uniques-" + n, Duration.ofHours(24), clock);
    }

    private List<EventEnvelope> events(String stream, long fromVersion, int count, int dataBytes) {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long version = fromVersion + i;
            events.add(new EventEnvelope(
                    ids.nextIdString(),
                    "test.thing_happened",
                    stream,
                    version,
                    "things." + stream,
                    clock.instant(),
                    EnvelopeJson.mapper()
                            .createObjectNode()
                            .put("n", version)
                            .put("text", "ü€\"\\\n".repeat(Math.max(0, dataBytes / 10)))
                            .set(
                                    "nested",
                                    EnvelopeJson.mapper().createObjectNode().put("pi", 3.14159)),
                    new EventMeta("u-1", "corr-" + version, null, null)));
        }
        return events;
    }

    private static List<String> json(List<EventEnvelope> events) {
        return events.stream().map(EnvelopeJson::toJson).toList();
    }

    private AppendRequest request(String stream, long expected, int count, IdempotencyKey key, List<String> claims) {
        return new AppendRequest(
                "cmd-" + stream, stream, expected, events(stream, expected + 1, count, 0), key, claims);
    }

    @Test
    void appendsAndReadsBackExactly() {
        AppendRequest first = request("s-1", 0, 2, null, null);
        AppendRequest second = request("s-1", 2, 1, null, null);

        AppendResult result = store.append(first);
        store.append(second);

        List<EventEnvelope> expected = new ArrayList<>(first.events());
        expected.addAll(second.events());
        // Compared as JSON text: Jackson node equality tells LongNode(1) from the IntNode(1) a parser produces.
        assertThat(json(store.read("s-1", 1))).isEqualTo(json(expected));
        assertThat(json(store.read("s-1", 3))).isEqualTo(json(second.events()));
        assertThat(store.read("s-1", 4)).isEmpty();
        assertThat(store.read("unknown", 1)).isEmpty();
        assertThat(result)
                .isEqualTo(new AppendResult(
                        "cmd-s-1",
                        "s-1",
                        1,
                        2,
                        first.events().stream().map(EventEnvelope::eventId).toList(),
                        false));
    }

    @Test
    void readPagesThroughMoreThanOneMegabyte() {
        long version = 0;
        for (int batch = 0; batch < 3; batch++) {
            store.append(new AppendRequest("c", "big", version, events("big", version + 1, 10, 50_000), null, null));
            version += 10;
        }

        List<EventEnvelope> read = store.read("big", 1);

        assertThat(read)
                .extracting(EventEnvelope::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(read.get(29).data().get("text").textValue()).hasSize(5_000 * 5);
    }

    @Test
    void rejectsAWrongExpectedVersionAndWritesNothing() {
        store.append(request("s-1", 0, 2, null, null));

        for (long expected : new long[] {0, 1, 3, 7}) {
            assertThatThrownBy(() -> store.append(request("s-1", expected, 1, null, List.of("name#x"))))
                    .as("expected %d", expected)
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                        assertThat(e.stream()).isEqualTo("s-1");
                        assertThat(e.expectedVersion()).isEqualTo(expected);
                    });
        }
        assertThat(store.read("s-1", 1)).hasSize(2);
        // The claim of a failed append was not written either.
        assertThat(store.append(request("s-2", 0, 1, null, List.of("name#x"))).lastVersion())
                .isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResult() {
        IdempotencyKey key = IdempotencyKey.of("u-1", "m-1");
        AppendResult first = store.append(request("s-1", 0, 1, key, null));

        assertThat(store.findIdempotent(key)).contains(first);
        assertThat(store.findIdempotent(IdempotencyKey.of("u-2", "m-1"))).isEmpty();
        assertThatThrownBy(() -> store.append(request("s-1", 1, 1, key, null)))
                .isInstanceOfSatisfying(
                        IdempotentReplayException.class,
                        e -> assertThat(e.firstResult()).isEqualTo(first));
        assertThat(store.read("s-1", 1)).hasSize(1);
    }

    @Test
    void anExpiredIdempotencyItemIsIgnored() {
        IdempotencyKey key = IdempotencyKey.of("u-1", "m-1");
        AppendResult first = store.append(request("s-1", 0, 1, key, null));

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        assertThat(store.findIdempotent(key)).isEmpty();
        AppendResult second = store.append(request("s-1", 1, 1, key, null));
        assertThat(second.firstVersion()).isEqualTo(2);
        assertThat(store.findIdempotent(key)).contains(second).isNotEqualTo(Optional.of(first));
        Map<String, AttributeValue> item = dynamo.client()
                .getItem(r -> r.tableName(idempotencyTable).key(Map.of("key", AttributeValue.fromS(key.value()))))
                .item();
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(
                        clock.instant().getEpochSecond() + Duration.ofHours(24).toSeconds());
    }

    @Test
    void aTakenClaimFailsTheWholeAppend() {
        store.append(request("a", 0, 1, null, List.of("email#x@y.z")));

        assertThatThrownBy(() ->
                        store.append(request("b", 0, 1, IdempotencyKey.of("u", "m"), List.of("name#b", "email#x@y.z"))))
                .isInstanceOfSatisfying(
                        UniqueClaimConflictException.class,
                        e -> assertThat(e.claim()).isEqualTo("email#x@y.z"));
        assertThat(store.read("b", 1)).isEmpty();
        assertThat(store.findIdempotent(IdempotencyKey.of("u", "m"))).isEmpty();
        assertThat(store.append(request("c", 0, 1, null, List.of("name#b"))).lastVersion())
                .isEqualTo(1);
    }

    @Test
    void moreThan100TransactionActionsAreRefusedBeforeCalling() {
        List<String> claims = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            claims.add("tag#" + i);
        }

        assertThatThrownBy(() -> store.append(request("s-1", 0, 1, null, claims)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101")
                .hasMessageContaining("100");
        assertThat(store.read("s-1", 1)).isEmpty();
        assertThat(store.append(request("s-1", 0, 1, null, claims.subList(0, 99)))
                        .lastVersion())
                .isEqualTo(1);
    }

    // --- through the command handler, concurrently ---

    private CommandHandler<Command, Event, State> handler(int maxAttempts) {
        return new CommandHandler<>(
                store, new Registration.RegistrationDecider(), Registration.codec(), ids, clock, maxAttempts);
    }

    private CommandMeta meta(String userId, String clientMutationId) {
        return new CommandMeta("cmd-" + commandIds.incrementAndGet(), userId, "corr", null, clientMutationId);
    }

    @Test
    void fiftyConcurrentCommandsOnOneStreamLandGapFree() throws Exception {
        CommandHandler<Command, Event, State> handler = handler(200);
        handler.handle("member-1", new Registration.Register("m1@example.com"), meta("u-1", null));

        List<AppendResult> results =
                concurrently(50, i -> handler.handle("member-1", new Registration.Visit(), meta("u-1", null)));

        List<EventEnvelope> stored = store.read("member-1", 1);
        assertThat(stored)
                .extracting(EventEnvelope::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 51).boxed().toList());
        assertThat(results)
                .extracting(AppendResult::firstVersion)
                .doesNotHaveDuplicates()
                .hasSize(50);
        // Each visit was decided on the state it was appended to: the counter in the data equals the visit number.
        for (EventEnvelope e : stored.subList(1, 51)) {
            assertThat(e.data().get("count").asLong()).isEqualTo(e.version() - 1);
        }
    }

    @Test
    void fiftyConcurrentClaimsOfOneEmailHaveExactlyOneWinner() throws Exception {
        CommandHandler<Command, Event, State> handler = handler(10);

        List<Optional<String>> outcomes = concurrently(50, i -> {
            try {
                handler.handle("member-" + i, new Registration.Register("same@example.com"), meta("u-" + i, null));
                return Optional.of("member-" + i);
            } catch (CommandException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                assertThat(e.fields()).containsEntry("email", "is already taken");
                return Optional.empty();
            }
        });

        List<String> winners = outcomes.stream().flatMap(Optional::stream).toList();
        assertThat(winners).hasSize(1);
        for (int i = 0; i < 50; i++) {
            String stream = "member-" + i;
            assertThat(store.read(stream, 1)).hasSize(stream.equals(winners.get(0)) ? 1 : 0);
        }
    }

    @Test
    void aRepeatedMutationAppendsOnceSequentiallyAndConcurrently() throws Exception {
        CommandHandler<Command, Event, State> handler = handler(20);
        handler.handle("member-1", new Registration.Register("m1@example.com"), meta("u-1", null));

        List<AppendResult> sequential = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sequential.add(handler.handle("member-1", new Registration.Visit(), meta("u-1", "visit-a")));
        }
        String mutation = "visit-" + UUID.randomUUID();
        List<AppendResult> parallel =
                concurrently(10, i -> handler.handle("member-1", new Registration.Visit(), meta("u-1", mutation)));

        assertThat(store.read("member-1", 1)).hasSize(3);
        assertThat(sequential.get(0).replayed()).isFalse();
        assertThat(sequential.subList(1, 10)).containsOnly(sequential.get(0).asReplay());
        AppendResult first =
                parallel.stream().filter(r -> !r.replayed()).findFirst().orElseThrow();
        assertThat(parallel).filteredOn(r -> !r.replayed()).hasSize(1);
        assertThat(parallel).filteredOn(AppendResult::replayed).containsOnly(first.asReplay());
        assertThat(first.firstVersion()).isEqualTo(3);
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    private static <T> List<T> concurrently(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
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
        } finally {
            pool.shutdownNow();
        }
    }
}
