package dev.antipop.core.decider;

import java.util.List;

/**
 * An aggregate as two pure functions (STYLE.md 2): {@code decide(command, state) → events} and
 * {@code evolve(state, event) → state}. The state of a stream is {@code events.fold(initialState(), evolve)};
 * {@link CommandHandler} does the loading, folding and appending.
 *
 * @param <C> the aggregate's command type (a sealed interface of records)
 * @param <E> the aggregate's event type (a sealed interface of records)
 * @param <S> the aggregate's state
 */
public interface Decider<C, E, S> {

    /** The state of a stream with no events. */
    S initialState();

    /**
     * The events {@code command} produces in {@code state}; empty when it changes nothing.
     *
     * @throws dev.antipop.core.command.CommandException when the command is refused (e.g. conflict, not found)
     */
    List<E> decide(C command, S state);

    /** The state after {@code event}. */
    S evolve(S state, E event);

    /**
     * The uniqueness claims {@code event} makes, as {@code kind#value} keys (e.g. {@code email#a@b.c}). They are
     * written in the append transaction, so a second stream claiming the same key fails with 409 and field
     * {@code <kind>}: {@code is already taken}. Normalise the value (e.g. lower-case an email) before claiming.
     */
    default List<String> uniqueClaims(E event) {
        return List.of();
    }
}
