package dev.antipop.dynamodb.engine.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One shard of a stream: an ordered run of records with a sequence number range. A shard is open until it rolls over
 * (or its stream is disabled); then it is closed with an ending sequence number and accepts no more records.
 *
 * <p>Not thread-safe: its {@link TableStream} guards it. Records sit in an array window {@code [head, tail)}; trimming
 * by retention advances {@code head}, and the window is compacted when it drifts, so appends and trims are amortised
 * O(1) and a read position is found by binary search on the sequence counter.
 *
 * <p>A record can be <em>pending</em>: given its sequence number (so shard order is sequence order) but not yet
 * readable, because the write that made it is still being made durable. Readers see {@code [head, visible)}; the
 * visible end moves over a record once it and every record before it are published, so a reader never skips a record
 * that becomes readable later.
 */
final class Shard {

    final String shardId;
    final String parentShardId;
    final long startingSequence;
    final long openedMillis;
    private long endingSequence = -1;
    private long closedMillis = -1;
    /** The lowest position still readable: records below it were trimmed (starts at the starting sequence). */
    private long horizon;

    private StoredRecord[] records = new StoredRecord[16];
    private int head;
    private int tail;
    /** The end of the readable records: {@code [visible, tail)} are pending. */
    private int visible;
    /** Sequence counters of pending records already published, waiting for the ones before them. */
    private final java.util.Set<Long> published = new java.util.HashSet<>();

    Shard(String shardId, String parentShardId, long startingSequence, long openedMillis) {
        this.shardId = shardId;
        this.parentShardId = parentShardId;
        this.startingSequence = startingSequence;
        this.openedMillis = openedMillis;
        this.horizon = startingSequence;
    }

    boolean isOpen() {
        return endingSequence < 0;
    }

    long endingSequence() {
        return endingSequence;
    }

    long closedMillis() {
        return closedMillis;
    }

    long horizon() {
        return horizon;
    }

    int size() {
        return tail - head;
    }

    /** Appends a readable record. */
    void append(StoredRecord record) {
        appendPending(record);
        publish(record);
    }

    /** Appends a record that stays unreadable until {@link #publish} (or {@link #abort}). */
    void appendPending(StoredRecord record) {
        if (tail == records.length) {
            int live = tail - head;
            if (head >= records.length / 2) {
                // Half the window was trimmed: slide the live records to the front instead of growing.
                System.arraycopy(records, head, records, 0, live);
                Arrays.fill(records, live, tail, null);
            } else {
                StoredRecord[] grown = new StoredRecord[records.length * 2];
                System.arraycopy(records, head, grown, 0, live);
                records = grown;
            }
            visible -= head;
            head = 0;
            tail = live;
        }
        records[tail++] = record;
    }

    /** Makes a pending record readable (once the records before it are). */
    void publish(StoredRecord record) {
        if (visible > head && record.sequence() <= records[visible - 1].sequence()) {
            return; // already readable (published as stale)
        }
        if (visible < tail && records[visible] == record) {
            visible++;
        } else {
            published.add(record.sequence());
        }
        while (visible < tail && !published.isEmpty() && published.remove(records[visible].sequence())) {
            visible++;
        }
    }

    /** Removes a pending record whose write failed. */
    void abort(StoredRecord record) {
        for (int i = visible; i < tail; i++) {
            if (records[i] == record) {
                System.arraycopy(records, i + 1, records, i, tail - i - 1);
                records[--tail] = null;
                break;
            }
        }
        while (visible < tail && !published.isEmpty() && published.remove(records[visible].sequence())) {
            visible++;
        }
    }

    /**
     * Publishes pending records created at or before {@code cutoffMillis}: their write was committed but never
     * reached the stream's append (a failure in the write path after its commit), and they must not hold back the
     * shard for ever.
     */
    void publishStale(long cutoffMillis) {
        for (int i = visible; i < tail; i++) {
            if (records[i].createdMillis() <= cutoffMillis) {
                publish(records[i]);
            }
        }
    }

    /** Whether some records are not readable yet. */
    boolean hasPending() {
        return visible < tail;
    }
    /** Closes the shard at its last record (or its starting number when empty). */
    void close(long nowMillis) {
        endingSequence = tail > head ? records[tail - 1].sequence() : startingSequence;
        closedMillis = nowMillis;
    }

    /** Restores a closed shard's end (durable reload). */
    void restoreClosed(long ending, long closedAt) {
        endingSequence = ending;
        closedMillis = closedAt;
    }

    /** The sequence counter of the last record (pending or not), or the one before the horizon when there is none. */
    long lastSequence() {
        return tail > head ? records[tail - 1].sequence() : Math.max(startingSequence, horizon - 1);
    }

    /** The sequence counter of the last readable record, or the one before the horizon when there is none. */
    long lastVisibleSequence() {
        return visible > head ? records[visible - 1].sequence() : Math.max(startingSequence, horizon - 1);
    }

    /** Drops records created at or before {@code cutoffMillis}; returns how many. */
    int trim(long cutoffMillis) {
        int dropped = 0;
        while (head < visible && records[head].createdMillis() <= cutoffMillis) {
            horizon = records[head].sequence() + 1;
            records[head++] = null;
            dropped++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
            visible = 0;
        }
        return dropped;
    }

    /** Restores the trim horizon (durable reload). */
    void restoreHorizon(long value) {
        horizon = Math.max(horizon, value);
    }

    /** Up to {@code limit} readable records from position {@code from} (the first with a sequence at or above it). */
    List<StoredRecord> read(long from, int limit) {
        int i = firstAtOrAbove(from);
        int end = Math.min(visible, i + limit);
        List<StoredRecord> out = new ArrayList<>(Math.max(0, end - i));
        for (int j = i; j < end; j++) {
            out.add(records[j]);
        }
        return out;
    }

    /** Every readable record held, oldest first. */
    List<StoredRecord> all() {
        return read(Long.MIN_VALUE, size());
    }

    private int firstAtOrAbove(long position) {
        int lo = head;
        int hi = visible;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records[mid].sequence() < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
