package dev.antipop.dynamodb.engine.store;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * Group commit on an MVStore: writers stage their changes (map puts) and wait; one committer thread commits everything
 * staged so far as one MVStore version and fsyncs it, then releases every writer whose changes it covered. So a write
 * is acknowledged only once it is on disk, and concurrent writers share one fsync.
 *
 * <p>Atomicity: a writer stages all the changes of one acknowledged write (a whole transaction) under the read side of
 * a lock, and the committer takes the write side only to cut a version ({@link MVStore#commit()}), so a version on disk
 * never holds part of a write. The MVStore's own auto-commit is off, so nothing else cuts versions.
 */
final class GroupCommitter implements AutoCloseable {

    private final MVStore store;
    private final ReentrantReadWriteLock staging = new ReentrantReadWriteLock();
    private final Object monitor = new Object();
    private final Thread thread;
    /** The epoch whose changes the next commit covers; guarded by {@link #staging}'s write side for increments. */
    private volatile long epoch;
    /** Epochs below this are on disk; guarded by {@link #monitor}. */
    private long durable;
    /** Epochs below this are wanted on disk; guarded by {@link #monitor}. */
    private long wanted;

    private boolean closed;
    private boolean stopped;
    private RuntimeException failure;

    GroupCommitter(MVStore store) {
        this.store = store;
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("dynamodb-engine-group-commit")
                .start(this::run);
    }

    /**
     * Stages changes and waits until they are on disk.
     *
     * @param changes the map writes of one acknowledged change (run under the staging lock; must not block)
     * @throws IllegalStateException when the store failed or is closed
     */
    void write(Runnable changes) {
        long mine = stage(changes);
        awaitDurable(mine);
    }

    /**
     * Stages changes without waiting (they go to disk with the next commit); for changes whose loss in a crash does no
     * harm, such as trimming expired stream records.
     *
     * @return the epoch to pass to {@link #awaitDurable} to wait after all
     */
    long stage(Runnable changes) {
        staging.readLock().lock();
        try {
            changes.run();
            return epoch;
        } finally {
            staging.readLock().unlock();
        }
    }

    /** Waits until the changes staged in {@code mine} are on disk. */
    void awaitDurable(long mine) {
        synchronized (monitor) {
            if (wanted <= mine) {
                wanted = mine + 1;
                monitor.notifyAll();
            }
            boolean interrupted = false;
            while (durable <= mine) {
                if (failure != null) {
                    throw new IllegalStateException("the data directory store failed", failure);
                }
                if (stopped) {
                    throw new IllegalStateException("the data directory store is closed");
                }
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            commitWhileWanted();
        } finally {
            synchronized (monitor) {
                stopped = true;
                monitor.notifyAll();
            }
        }
    }

    private void commitWhileWanted() {
        while (true) {
            synchronized (monitor) {
                while (wanted <= durable && !closed) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (wanted <= durable) {
                    return; // closed, and every waiter served
                }
            }
            long covered;
            try {
                staging.writeLock().lock();
                try {
                    store.commit();
                    covered = epoch;
                    epoch = covered + 1;
                } finally {
                    staging.writeLock().unlock();
                }
                store.sync();
            } catch (RuntimeException e) {
                synchronized (monitor) {
                    failure = e;
                    monitor.notifyAll();
                }
                return;
            }
            synchronized (monitor) {
                durable = covered + 1;
                monitor.notifyAll();
            }
        }
    }

    /** Stops the committer (pending waiters fail); the store's own close commits what is staged. */
    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
