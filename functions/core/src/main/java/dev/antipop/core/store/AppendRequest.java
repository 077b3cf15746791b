package dev.antipop.core.store;

import dev.antipop.core.event.EventEnvelope;
import java.util.List;
import java.util.Objects;

/**
 * One atomic append: events for one stream, written only if the stream's head is exactly {@code expectedVersion},
 * together with the idempotency item and the uniqueness claims — all or nothing.
 *
 * @param commandId the command that decided the events (stored in the idempotency result)
 * @param stream the stream all events belong to
 * @param expectedVersion the stream's current last version, 0 for a new stream
 * @param events at least one; versions {@code expectedVersion + 1, + 2, …} in order
 * @param idempotencyKey the command's idempotency key, or {@code null}
 * @param uniqueClaims {@code kind#value} keys that must not be claimed yet (e.g. {@code email#a@b.c}); {@code null}
 *     means none; duplicates are dropped
 */
public record AppendRequest(
        String commandId,
        String stream,
        long expectedVersion,
        List<EventEnvelope> events,
        IdempotencyKey idempotencyKey,
        List<String> uniqueClaims) {

    /**
     * @throws IllegalArgumentException if there are no events, an event belongs to another stream, or the versions
     *     are not {@code expectedVersion + 1 …} without gaps
     */
    public AppendRequest {
        Objects.requireNonNull(stream, "stream");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0, got " + expectedVersion);
        }
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("An append needs at least one event");
        }
        long version = expectedVersion;
        for (EventEnvelope event : events) {
            if (!event.stream().equals(stream)) {
                throw new IllegalArgumentException(
                        "Event " + event.eventId() + " belongs to stream " + event.stream() + ", not " + stream);
            }
            if (event.version() != ++version) {
                throw new IllegalArgumentException("Event " + event.eventId() + " has version " + event.version()
                        + ", expected " + version + " (versions follow expectedVersion without gaps)");
            }
        }
        uniqueClaims = uniqueClaims == null
                ? List.of()
                : uniqueClaims.stream().distinct().toList();
    }

    /** The version the last event gets. */
    public long lastVersion() {
        return expectedVersion + events.size();
    }

    /** The result this append reports when it succeeds. */
    public AppendResult result() {
        return new AppendResult(
                commandId,
                stream,
                expectedVersion + 1,
                lastVersion(),
                events.stream().map(EventEnvelope::eventId).toList(),
                false);
    }
}
