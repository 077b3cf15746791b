package dev.antipop.core.decider;

import java.util.Optional;

/**
 * Where a {@link CommandHandler} may start folding a long stream: a stored state at some version, so that it reads only
 * the events after it. A snapshot at version {@code v} must equal the fold of events {@code 1..v} with the decider's
 * {@code evolve}; since events never change, a snapshot stays correct as long as the fold does (implementations version
 * their encoding and ignore snapshots of another one).
 *
 * @param <S> the decider's state type
 */
@FunctionalInterface
public interface StateSnapshots<S> {

    /**
     * A state and the stream version it reflects.
     *
     * @param version the last event folded into {@code state}, at least 1
     * @param state the fold of events {@code 1..version}
     */
    record Snapshot<S>(long version, S state) {}

    /** The latest usable snapshot of {@code stream}; empty to fold from version 1. */
    Optional<Snapshot<S>> latest(String stream);
}
