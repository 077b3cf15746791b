package dev.antipop.core.decider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest state a {@link CommandHandler} folded or appended, per stream, kept in its execution environment (a warm
 * Lambda instance handles many commands): the next command on the stream reads only the events after it, instead of
 * the whole stream. A chat channel or a busy user stream otherwise folds every earlier event on every command.
 *
 * <p><b>Why it is safe.</b> Events never change, so the fold of versions {@code 1..v} is a fact that cannot go stale:
 * a cached state at {@code v} is exactly a {@link StateSnapshots} snapshot. Another instance appending meanwhile only
 * means more events to read after {@code v}; the append stays conditional on the version read, as always. The
 * decider's {@code evolve} must not mutate the state it is given (every Antipop state is an immutable record), since
 * two commands on one stream in one instance start from the same cached object.
 *
 * <p><b>Bounds.</b> At most {@code maxStreams} streams, least recently used dropped first; size it to the states'
 * weight and the function's memory. Thread-safe.
 *
 * @param <S> the decider's state type
 */
public final class StateCache<S> implements StateSnapshots<S> {

    private final Map<String, Snapshot<S>> states;

    /**
     * @param maxStreams streams kept at most (at least 1)
     * @throws IllegalArgumentException if {@code maxStreams < 1}
     */
    public StateCache(int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1, got " + maxStreams);
        }
        this.states = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Snapshot<S>> eldest) {
                return size() > maxStreams;
            }
        };
    }

    @Override
    public synchronized Optional<Snapshot<S>> latest(String stream) {
        return Optional.ofNullable(states.get(stream));
    }

    /**
     * Keeps {@code state} as the fold of {@code stream}'s versions {@code 1..version}, unless a later one is kept.
     *
     * @param version at least 1
     */
    public synchronized void remember(String stream, long version, S state) {
        if (version < 1) {
            return;
        }
        Snapshot<S> kept = states.get(stream);
        if (kept == null || kept.version() < version) {
            states.put(stream, new Snapshot<>(version, state));
        }
    }

    /** How many streams are kept. */
    public synchronized int size() {
        return states.size();
    }
}
