package dev.antipop.local.check;

import java.util.Objects;

/**
 * One broken invariant the {@link ConsistencyChecker} found.
 *
 * @param kind which invariant
 * @param ids the ids concerned (stream and version, event ids, idempotency key, claim), for finding them in the tables
 * @param message one line for people
 */
public record Violation(Kind kind, String ids, String message) {

    /** Checks. */
    public Violation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(message, "message");
    }

    /** The invariants (README, "Consistency checker"). */
    public enum Kind {
        /** A stream's versions are not exactly 1..N. */
        VERSION_GAP,
        /** One event id stored more than once (in any events table). */
        DUPLICATE_EVENT,
        /** An acknowledged command's stored result names an event that is missing or elsewhere. */
        ACKNOWLEDGED_EVENT_MISSING,
        /** One {@code clientMutationId} of one user produced events of more than one command. */
        MUTATION_EFFECT_DUPLICATED,
        /** Two policy effects (events with the same type, {@code sourceEventId} and {@code userId}). */
        POLICY_EFFECT_DUPLICATED,
        /** A uniqueness claim whose stream holds no event: a half-written append. */
        ORPHAN_CLAIM,
        /** A processor's position beyond its stream's last version, or of a stream that does not exist. */
        POSITION_AHEAD,
        /** A view item's version beyond its stream's last version. */
        VIEW_AHEAD,
        /** A processor's position behind its stream's last version, when the check requires a settled state. */
        NOT_SETTLED
    }

    /** {@code KIND ids: message}. */
    @Override
    public String toString() {
        return kind + " " + ids + ": " + message;
    }
}
