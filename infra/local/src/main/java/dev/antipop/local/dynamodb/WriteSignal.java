package dev.antipop.local.dynamodb;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter of stream records appended by the DynamoDB engine that stream pollers wait on, so a record reaches its function as soon as it is
 * written instead of after a fixed poll interval. A poller reads {@link #current()} <em>before</em> it polls; if the
 * poll finds nothing it calls {@link #awaitWriteAfter} with that value, which returns at once when a write happened in
 * between (no lost wake-ups).
 */
public final class WriteSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private long writes;

    /** The number of writes signalled so far. */
    public long current() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    /** Counts one write and wakes every waiting poller. */
    public void signal() {
        lock.lock();
        try {
            writes++;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a write after {@code seen} has been signalled, or the timeout (the fallback poll interval) elapses.
     *
     * @param seen a value {@link #current()} returned earlier
     * @param timeout how long to wait at most
     * @return whether a write was signalled (false on timeout)
     * @throws InterruptedException when the poller is being stopped
     */
    public boolean awaitWriteAfter(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (writes == seen) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = written.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #awaitWriteAfter} with a timeout in milliseconds. */
    boolean awaitWriteAfter(long seen, long timeoutMillis) throws InterruptedException {
        return awaitWriteAfter(seen, Duration.ofNanos(TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
    }
}
