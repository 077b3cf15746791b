package dev.antipop.dynamodb.engine.table;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that serialise writes per item (keyed by table name and primary key). A transaction locks the stripes
 * of all its items in ascending stripe order, so two writers never wait on each other in a cycle.
 */
public final class ItemLocks {

    private static final int STRIPES = 4096;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public ItemLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The stripe of one item. */
    public int stripe(String tableName, Key key) {
        int h = tableName.hashCode() * 31 + key.hashCode();
        h ^= h >>> 16;
        return h & (STRIPES - 1);
    }

    /** Locks the stripes of several items in canonical order; returns the sorted distinct stripes to unlock. */
    public int[] lockAll(Collection<Integer> stripes) {
        int[] sorted =
                stripes.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        for (int s : sorted) {
            locks[s].lock();
        }
        return sorted;
    }

    /** Locks one stripe. */
    public void lock(int stripe) {
        locks[stripe].lock();
    }

    /** Unlocks one stripe. */
    public void unlock(int stripe) {
        locks[stripe].unlock();
    }

    /** Unlocks stripes locked by {@link #lockAll}. */
    public void unlockAll(int[] stripes) {
        for (int i = stripes.length - 1; i >= 0; i--) {
            locks[stripes[i]].unlock();
        }
    }

    @Override
    public String toString() {
        return "ItemLocks" + Arrays.toString(new int[] {STRIPES});
    }
}
