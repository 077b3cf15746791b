package dev.antipop.core.id;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Snowflake ids (DESIGN.md section 3): 64-bit, time-ordered, unique across up to 1024 concurrently running nodes
 * without coordination beyond the node id.
 *
 * <pre>
 *  bit 63     62 ........ 22   21 ..... 12   11 ....... 0
 *  [0 sign] [41-bit millis since EPOCH] [10-bit node] [12-bit sequence]
 * </pre>
 *
 * <p>41 bits of milliseconds cover about 69.7 years from {@link #EPOCH} (until 2093); 12 bits give 4096 ids per
 * millisecond per node.
 *
 * <p>Monotonic: ids from one instance strictly increase. The generator keeps one counter, {@code (millis << 12) |
 * sequence}, and issues {@code max(last + 1, now << 12)}. So when the clock steps back the generator keeps issuing
 * from its last timestamp, and when the 4096 sequence numbers of a millisecond are used up (or after a step back) the
 * sequence spills into the next millisecond instead of waiting. An id's timestamp may therefore run ahead of the wall
 * clock by the size of a step back; it catches up as soon as the clock passes it. Thread-safe and lock-free.
 */
public final class Snowflake {

    /** Time zero of the 41-bit timestamp: 2024-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    /** The largest node id, 2<sup>10</sup> − 1. */
    public static final int MAX_NODE_ID = 1023;

    private static final long EPOCH_MILLIS = EPOCH.toEpochMilli();
    private static final int SEQUENCE_BITS = 12;
    private static final int NODE_BITS = 10;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    private static final long MAX_MILLIS = (1L << 41) - 1;

    private final int nodeId;
    private final LongSupplier epochMillisClock;
    /** {@code (millis since EPOCH << 12) | sequence} of the last issued id. */
    private final AtomicLong last = new AtomicLong(-1);

    /** A generator for {@code nodeId} on the system clock. */
    public Snowflake(int nodeId) {
        this(nodeId, System::currentTimeMillis);
    }

    /**
     * A generator for {@code nodeId} reading time from {@code epochMillisClock}.
     *
     * @param nodeId 0..1023, unique among the running generators (see the dynamodb module's node-id lease)
     * @param epochMillisClock milliseconds since 1970-01-01T00:00:00Z, like {@link System#currentTimeMillis()}
     * @throws IllegalArgumentException if {@code nodeId} is outside 0..1023
     */
    public Snowflake(int nodeId, LongSupplier epochMillisClock) {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("Snowflake node id must be in 0.." + MAX_NODE_ID + ", got " + nodeId);
        }
        this.nodeId = nodeId;
        this.epochMillisClock = epochMillisClock;
    }

    /**
     * The next id: strictly greater than every id this instance issued before.
     *
     * @throws IllegalStateException if the clock reads before {@link #EPOCH} or the 41-bit timestamp is exhausted
     */
    public long nextId() {
        long millis = epochMillisClock.getAsLong() - EPOCH_MILLIS;
        if (millis < 0) {
            throw new IllegalStateException("Clock reads before the Snowflake epoch " + EPOCH);
        }
        long floor = millis << SEQUENCE_BITS;
        long counter = last.updateAndGet(previous -> Math.max(previous + 1, floor));
        long idMillis = counter >>> SEQUENCE_BITS;
        if (idMillis > MAX_MILLIS) {
            throw new IllegalStateException("Snowflake 41-bit timestamp exhausted");
        }
        return (idMillis << (NODE_BITS + SEQUENCE_BITS)) | ((long) nodeId << SEQUENCE_BITS) | (counter & SEQUENCE_MASK);
    }

    /** {@link #nextId()} as a decimal string, the form envelopes carry. */
    public String nextIdString() {
        return Long.toString(nextId());
    }

    /** This generator's node id. */
    public int nodeId() {
        return nodeId;
    }

    /** The millisecond an id was issued at (or, after a clock step back, the generator's timestamp then). */
    public static Instant timestampOf(long id) {
        return Instant.ofEpochMilli(EPOCH_MILLIS + (id >>> (NODE_BITS + SEQUENCE_BITS)));
    }

    /** The node id (0..1023) encoded in an id. */
    public static int nodeIdOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE_ID);
    }

    /** The sequence number (0..4095) encoded in an id. */
    public static int sequenceOf(long id) {
        return (int) (id & SEQUENCE_MASK);
    }
}
