package dev.antipop.dynamodb.engine.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream of one table (a table has a new stream, with a new label, each time its stream is enabled): its shards,
 * its status and its view type.
 *
 * <p>Every method locks the stream for a short, bounded time (an append, a roll-over check, a copy of at most one
 * page of record references), so readers never hold up writers for long and records enter a shard in sequence order.
 */
final class TableStream {

    /** {@code ENABLED} or {@code DISABLED} (StreamStatus in the Streams API reference). */
    enum Status {
        ENABLED,
        DISABLED
    }

    /** A shard as DescribeStream shows it. */
    record ShardView(String shardId, String parentShardId, long startingSequence, long endingSequence) {}

    /** A record still pending this long after its creation is published by {@link #maintain} (see Shard). */
    static final long STALE_PENDING_MILLIS = 5_000;

    final String streamArn;
    final String streamLabel;
    final String tableName;
    final String viewType;
    final List<TableStreams.KeySchemaElement> keySchema;
    final long creationMillis;
    private final boolean keepsOld;
    private final boolean keepsNew;

    private Status status = Status.ENABLED;
    private long disabledMillis = -1;
    private final List<Shard> shards = new ArrayList<>();
    private Shard open;

    TableStream(
            String streamArn,
            String streamLabel,
            String tableName,
            String viewType,
            List<TableStreams.KeySchemaElement> keySchema,
            long creationMillis) {
        this.streamArn = streamArn;
        this.streamLabel = streamLabel;
        this.tableName = tableName;
        this.viewType = viewType;
        this.keySchema = List.copyOf(keySchema);
        this.creationMillis = creationMillis;
        this.keepsOld = viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
        this.keepsNew = viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
    }

    /** Opens the first shard (a new stream). */
    synchronized void start(AtomicLong counter, long nowMillis, StreamJournal journal) {
        open = newShard(null, counter, nowMillis);
        journal.streamChanged(state());
    }

    synchronized Status status() {
        return status;
    }

    synchronized long disabledMillis() {
        return disabledMillis;
    }

    /**
     * Appends one change to the open shard (rolling it over first when its interval has passed), pending or readable.
     *
     * @param pending whether the record stays unreadable until {@link #publish}
     * @return the record and the shard that holds it, or null when the stream is disabled
     */
    synchronized Appended append(
            boolean pending,
            ItemChange change,
            AtomicLong counter,
            long nowMillis,
            long rolloverMillis,
            StreamJournal journal) {
        if (status != Status.ENABLED) {
            return null;
        }
        if (open == null) {
            // Restored enabled without an open shard: continue with a child of the last one.
            open = newShard(shards.isEmpty() ? null : shards.getLast().shardId, counter, nowMillis);
            journal.streamChanged(state());
        }
        rollIfDue(counter, nowMillis, rolloverMillis, journal);
        var oldImage = keepsOld ? change.oldImage() : null;
        var newImage = keepsNew ? change.newImage() : null;
        long size = RecordSize.of(change.keys()) + RecordSize.of(oldImage) + RecordSize.of(newImage);
        long sequence = counter.incrementAndGet();
        StoredRecord record = new StoredRecord(
                sequence,
                SequenceNumbers.format(sequence),
                eventId(),
                change.eventName(),
                nowMillis,
                change.keys(),
                oldImage,
                newImage,
                change.byTimeToLive(),
                size);
        if (pending) {
            open.appendPending(record);
        } else {
            open.append(record);
        }
        journal.recordAppended(streamArn, open.shardId, record);
        return new Appended(this, open, record);
    }

    /** Makes a pending record readable. */
    synchronized void publish(Appended appended) {
        appended.shard().publish(appended.record());
    }

    /** Drops a pending record whose write failed. */
    synchronized void abort(Appended appended) {
        appended.shard().abort(appended.record());
    }

    /** A record, its shard and its stream. */
    record Appended(TableStream stream, Shard shard, StoredRecord record) {}

    /**
     * Housekeeping at {@code nowMillis}: rolls the open shard over when due, trims records older than the retention,
     * and forgets closed shards that are empty and older than the retention.
     */
    synchronized void maintain(
            AtomicLong counter, long nowMillis, long rolloverMillis, long retentionMillis, StreamJournal journal) {
        if (status == Status.ENABLED) {
            rollIfDue(counter, nowMillis, rolloverMillis, journal);
        }
        long cutoff = nowMillis - retentionMillis;
        boolean changed = false;
        for (var it = shards.iterator(); it.hasNext(); ) {
            Shard shard = it.next();
            if (shard.hasPending()) {
                shard.publishStale(nowMillis - STALE_PENDING_MILLIS);
            }
            if (shard.trim(cutoff) > 0) {
                journal.recordsTrimmed(streamArn, shard.shardId, shard.horizon());
            }
            if (!shard.isOpen() && shard.size() == 0 && shard.closedMillis() <= cutoff) {
                it.remove();
                changed = true;
            }
        }
        if (changed) {
            journal.streamChanged(state());
        }
    }

    /** Closes the open shard and marks the stream DISABLED (it stays readable until the retention passes). */
    synchronized void disable(long nowMillis, StreamJournal journal) {
        if (status == Status.DISABLED) {
            return;
        }
        if (open != null) {
            open.close(nowMillis);
            open = null;
        }
        status = Status.DISABLED;
        disabledMillis = nowMillis;
        journal.streamChanged(state());
    }

    /** The shards, oldest first, as DescribeStream shows them. */
    synchronized List<ShardView> shardViews() {
        List<ShardView> views = new ArrayList<>(shards.size());
        for (Shard shard : shards) {
            views.add(
                    new ShardView(shard.shardId, shard.parentShardId, shard.startingSequence, shard.endingSequence()));
        }
        return views;
    }

    /** Runs {@code action} on a shard under the stream's lock; null when the shard is not (or no longer) there. */
    synchronized <T> T withShard(String shardId, java.util.function.Function<Shard, T> action) {
        for (Shard shard : shards) {
            if (shard.shardId.equals(shardId)) {
                return action.apply(shard);
            }
        }
        return action.apply(null);
    }

    /** The highest sequence counter the stream holds or reserved. */
    synchronized long highestSequence() {
        long highest = 0;
        for (Shard shard : shards) {
            highest = Math.max(highest, Math.max(shard.lastSequence(), shard.endingSequence()));
        }
        return highest;
    }

    /** The stream's metadata (durable snapshot). */
    synchronized StreamState state() {
        List<StreamState.ShardState> states = new ArrayList<>(shards.size());
        for (Shard shard : shards) {
            states.add(new StreamState.ShardState(
                    shard.shardId,
                    shard.parentShardId,
                    shard.startingSequence,
                    shard.openedMillis,
                    shard.endingSequence(),
                    shard.closedMillis(),
                    shard.horizon()));
        }
        return new StreamState(
                streamArn,
                streamLabel,
                tableName,
                viewType,
                keySchema,
                creationMillis,
                status == Status.ENABLED,
                disabledMillis,
                states);
    }

    /**
     * Rebuilds a stream from its durable metadata and records.
     *
     * @param records a shard id's records, oldest first
     */
    static TableStream restore(StreamState state, java.util.function.Function<String, List<StoredRecord>> records) {
        TableStream stream = new TableStream(
                state.streamArn(),
                state.streamLabel(),
                state.tableName(),
                state.viewType(),
                state.keySchema(),
                state.creationMillis());
        synchronized (stream) {
            stream.status = state.enabled() ? Status.ENABLED : Status.DISABLED;
            stream.disabledMillis = state.disabledMillis();
            for (StreamState.ShardState s : state.shards()) {
                Shard shard = new Shard(s.shardId(), s.parentShardId(), s.startingSequence(), s.openedMillis());
                shard.restoreHorizon(s.horizon());
                for (StoredRecord record : records.apply(s.shardId())) {
                    if (record.sequence() >= s.horizon()) {
                        shard.append(record);
                    }
                }
                if (s.endingSequence() >= 0) {
                    shard.restoreClosed(s.endingSequence(), s.closedMillis());
                } else if (stream.status == Status.ENABLED) {
                    stream.open = shard;
                }
                stream.shards.add(shard);
            }
        }
        return stream;
    }

    private void rollIfDue(AtomicLong counter, long nowMillis, long rolloverMillis, StreamJournal journal) {
        if (open != null && nowMillis - open.openedMillis >= rolloverMillis) {
            open.close(nowMillis);
            open = newShard(open.shardId, counter, nowMillis);
            journal.streamChanged(state());
        }
    }

    private Shard newShard(String parentShardId, AtomicLong counter, long nowMillis) {
        String id = "shardId-" + pad20(nowMillis) + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt());
        Shard shard = new Shard(id, parentShardId, counter.incrementAndGet(), nowMillis);
        shards.add(shard);
        return shard;
    }

    private static String pad20(long value) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out);
    }
}
