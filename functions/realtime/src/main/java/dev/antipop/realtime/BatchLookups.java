package dev.antipop.realtime;

import dev.antipop.core.subject.Subject;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.SubscriptionStore.Candidates;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reads one fan-out batch shares (issue 13: "subscription lookups that don't repeat per event"): a topic's
 * matching subscriptions, a user's connections and connection items, each read once per stream batch and reused by
 * every later event of the batch. A busy stream's batch of k events on one topic then costs one lookup ({@code tokens
 * + 1} Queries), one Query of the author's connections and one BatchGetItem per 100 recipients, not k of each.
 *
 * <p><b>Staleness.</b> What a batch reads is as of its first event's lookup, a few milliseconds after the whole batch
 * was written: a subscription made after that lookup gets the batch's later events by its resume, as it would get any
 * event written before its {@code sub}. What changes entitlement is never served stale: {@link #forget()} drops
 * everything when the batch applies a role or membership change, and when a post finds a connection gone, dropped or
 * failing (its item changed). A read that was in flight while another stream's event made the batch forget is not
 * kept either (a generation count), so nothing read before a role change serves an event handled after it.
 *
 * <p>One instance per batch ({@link FanOut#forBatch()}); {@link #none()} reads every time. Thread-safe: the batch's
 * streams are handled concurrently; two threads missing the same key at once both read it (no lock held across a
 * request).
 */
public final class BatchLookups {

    private final boolean remember;
    private final Map<String, Candidates> candidates = new ConcurrentHashMap<>();
    private final Map<String, List<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    private BatchLookups(boolean remember) {
        this.remember = remember;
    }

    /** Lookups shared by the events of one batch. */
    public static BatchLookups forBatch() {
        return new BatchLookups(true);
    }

    /** No sharing: every call reads (one event on its own, presence announcements, typing). */
    public static BatchLookups none() {
        return new BatchLookups(false);
    }

    /**
     * The subscriptions matching {@code subject}; {@link Candidates#queries()} is 0 when they were already read in
     * this batch.
     */
    Candidates candidates(SubscriptionStore subscriptions, Subject subject) {
        Candidates known = remember ? candidates.get(subject.value()) : null;
        if (known != null) {
            return new Candidates(known.subscriptions(), 0);
        }
        long readAt = generation.get();
        Candidates read = subscriptions.lookup(subject);
        keep(candidates, subject.value(), read, readAt);
        return read;
    }

    /** The user's unexpired connections. */
    List<Connection> connectionsOf(ConnectionStore store, String userId) {
        List<Connection> known = remember ? byUser.get(userId) : null;
        if (known != null) {
            return known;
        }
        long readAt = generation.get();
        List<Connection> read = List.copyOf(store.findByUser(userId));
        keep(byUser, userId, read, readAt);
        return read;
    }

    /**
     * The unexpired connections among {@code ids}, reading only those not read yet in this batch.
     *
     * @return the connections found, and how many BatchGetItem requests that took
     */
    Loaded connections(ConnectionStore store, Collection<String> ids) {
        Set<String> missing = new LinkedHashSet<>();
        Map<String, Connection> found = new LinkedHashMap<>();
        for (String id : ids) {
            Connection known = remember ? connections.get(id) : null;
            if (known != null) {
                found.put(id, known);
            } else {
                missing.add(id);
            }
        }
        int reads = (missing.size() + ConnectionStore.MAX_BATCH_GET_KEYS - 1) / ConnectionStore.MAX_BATCH_GET_KEYS;
        if (!missing.isEmpty()) {
            long readAt = generation.get();
            Map<String, Connection> read = store.getAll(missing);
            found.putAll(read);
            read.forEach((id, connection) -> keep(connections, id, connection, readAt));
        }
        return new Loaded(found, reads);
    }

    /** Keeps what was read unless the batch forgot since the read began (then the read may predate a change). */
    private <V> void keep(Map<String, V> memo, String key, V value, long readAt) {
        if (!remember) {
            return;
        }
        memo.put(key, value);
        if (generation.get() != readAt) {
            memo.remove(key, value);
        }
    }

    /** Drops everything read so far, and anything being read now: the next event reads again. */
    void forget() {
        generation.incrementAndGet();
        candidates.clear();
        byUser.clear();
        connections.clear();
    }

    /**
     * @param connections by connection id
     * @param batchGets BatchGetItem requests sent
     */
    record Loaded(Map<String, Connection> connections, int batchGets) {}
}
