package dev.antipop.kv;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.store.AppendRequest;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.EventStore;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.core.store.IdempotentReplayException;
import dev.antipop.core.store.WrongExpectedVersionException;
import dev.antipop.dynamodb.EventStreamReader;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.kv.entry.KeyState;
import dev.antipop.kv.entry.KvCommand;
import dev.antipop.kv.entry.KvDecider;
import dev.antipop.kv.entry.KvEvent;
import dev.antipop.kv.entry.KvEvents;
import dev.antipop.kv.view.KvView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Appends KV changes to their bucket's stream, so that each bucket has one gap-free revision sequence (the stream's
 * versions), as a NATS KV bucket has.
 *
 * <p><b>Why not the generic command handler.</b> It folds the whole stream for every command; a bucket's stream grows
 * with every write, so that would make each put cost the bucket's history. A put needs only the key's state at the
 * stream's head: the key's item in the KV view (its revision as projected), overlaid with the bucket's events the
 * processor has not projected yet (after its recorded position, {@link ProjectionPositions}), up to the head read
 * first. The append is conditional on that head ({@code attribute_not_exists} on version {@code head + 1}), so the
 * check ({@code If-Match}) and the write are atomic; a concurrent write to the bucket makes it re-read and retry.
 * Idempotency ({@code clientMutationId}) works as everywhere.
 *
 * <p><b>Throughput.</b> All writes to one bucket serialise on its stream's head, and one stream is one DynamoDB
 * partition key: each write costs a head Query, a GetItem, a positions GetItem, usually an empty Query of the
 * unprojected tail, and a TransactWriteItems; concurrent writers retry. Expect on the order of 100 writes/s per bucket
 * (a few ms per round on DynamoDB, less under contention), far below a partition's 1,000 WCU/s. That is the price of
 * a gap-free per-bucket revision (NATS serialises a bucket through its stream leader for the same reason); a workload
 * needing more spreads its keys over several buckets.
 */
public final class KvWrites {

    /** Appends tried before {@code 409 conflict}: other writers of the bucket can make one lose a few races. */
    public static final int MAX_ATTEMPTS = 60;

    /** The KV processor's reader name in the positions table. */
    public static final String PROCESSOR = "kvProcessor";

    private final EventStore store;
    private final EventStreamReader reader;
    private final String eventsTable;
    private final KvView view;
    private final ProjectionPositions positions;
    private final Supplier<String> ids;
    private final Clock clock;
    private final KvDecider decider = new KvDecider();

    public KvWrites(
            EventStore store,
            EventStreamReader reader,
            String eventsTable,
            KvView view,
            ProjectionPositions positions,
            Supplier<String> ids,
            Clock clock) {
        this.store = store;
        this.reader = reader;
        this.eventsTable = eventsTable;
        this.view = view;
        this.positions = positions;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Decides and appends {@code command}.
     *
     * @return the append (its version is the new revision), or the first result of an idempotent repeat
     * @throws CommandException 409 on an expected revision mismatch or after {@value #MAX_ATTEMPTS} lost races, 404
     *     for deleting a key without a value
     */
    public AppendResult handle(KvCommand command, CommandMeta meta) {
        String stream = KvKeys.streamOf(command.bucket());
        IdempotencyKey key = meta.clientMutationId() == null
                        || meta.clientMutationId().isBlank()
                ? null
                : IdempotencyKey.of(meta.userId() == null ? "anonymous" : meta.userId(), meta.clientMutationId());
        if (key != null) {
            Optional<AppendResult> first = store.findIdempotent(key);
            if (first.isPresent()) {
                return first.get().asReplay();
            }
        }
        for (int attempt = 1; ; attempt++) {
            long head = reader.head(eventsTable, stream);
            KeyState state = stateOf(command.bucket(), command.key(), stream, head);
            List<KvEvent> events = decider.decide(command, state);
            KvEvent event = events.getFirst();
            Instant now = clock.instant();
            EventEnvelope envelope = new EventEnvelope(
                    ids.get(),
                    KvEvents.CODEC.typeOf(event),
                    stream,
                    head + 1,
                    KvEvents.CODEC.topicOf(stream, event),
                    now,
                    KvEvents.CODEC.toData(event),
                    new EventMeta(
                            meta.userId(),
                            meta.correlationId(),
                            meta.causationId() != null ? meta.causationId() : meta.commandId(),
                            meta.clientMutationId()));
            try {
                return store.append(
                        new AppendRequest(meta.commandId(), stream, head, List.of(envelope), key, List.of()));
            } catch (WrongExpectedVersionException lost) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw CommandException.conflict("Bucket " + command.bucket() + " is too busy; retry");
                }
                backOff(attempt);
            } catch (IdempotentReplayException duplicate) {
                return duplicate.firstResult().asReplay();
            }
        }
    }

    /** The key's state as of the bucket's {@code head}: the view's item, then the events it has not projected. */
    KeyState stateOf(String bucket, String key, String stream, long head) {
        KeyState state = view.stateOf(bucket, key);
        long projected = positions.version(PROCESSOR, stream);
        if (projected < head) {
            for (EventEnvelope event : store.read(stream, projected + 1)) {
                if (event.version() > head) {
                    break;
                }
                if (event.version() > state.revision()
                        && key.equals(event.data().path("key").asText())) {
                    state = decider.evolve(state, KvEvents.CODEC.fromEnvelope(event), event.version());
                }
            }
        }
        return state;
    }

    private static void backOff(int attempt) {
        // Full jitter, at most 20 ms (AWS Architecture Blog, "Exponential Backoff and Jitter").
        long ceiling = Math.min(20, 1L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a KV append", e);
        }
    }

    /** For tests: the key's state, read as a put would. */
    public KeyState stateOf(String bucket, String key) {
        String stream = KvKeys.streamOf(bucket);
        return stateOf(bucket, key, stream, reader.head(eventsTable, stream));
    }
}
