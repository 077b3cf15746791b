package dev.antipop.core.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One stored, streamed and pushed domain event (DESIGN.md section 3):
 *
 * <pre>{@code
 * {"eventId":"7312345678901234567","type":"identity.user_created","stream":"user-7312…","version":1,
 *  "topic":"user.7312….events","timestamp":"2026-11-22T19:00:00.123Z","data":{…},"meta":{…}}
 * }</pre>
 *
 * <p>The timestamp is truncated to milliseconds on construction, the precision of the wire form, so an envelope
 * equals itself after a JSON or DynamoDB round trip. {@code data} is a Jackson tree and therefore mutable: treat it as
 * read-only; {@link SensitiveFields#redact} works on a copy. Equality of {@code data} is Jackson node equality, which
 * tells a {@code LongNode} 1 from the {@code IntNode} 1 a parser produces: compare {@link EnvelopeJson#toJson} text
 * when one side was built in code and the other parsed.
 *
 * @param eventId the Snowflake id as a decimal string ({@link dev.antipop.core.id.Snowflake})
 * @param type {@code <context>.<past_tense_fact>}, e.g. {@code catalog.product_published}
 * @param stream {@code <aggregate>-<id>}
 * @param version 1-based, gap-free position within the stream
 * @param topic the NATS-style subject fan-out matches subscriptions against
 * @param timestamp when the event was decided, UTC, millisecond precision
 * @param data the event's payload, a JSON object
 * @param meta who and what caused it; {@code null} becomes {@link EventMeta#EMPTY}
 */
public record EventEnvelope(
        String eventId,
        String type,
        String stream,
        long version,
        String topic,
        Instant timestamp,
        ObjectNode data,
        EventMeta meta) {

    /**
     * Checks the invariants every envelope holds.
     *
     * @throws NullPointerException if a field other than {@code meta} is null
     * @throws IllegalArgumentException if {@code version} is below 1
     */
    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1 (stream versions are 1-based), got " + version);
        }
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        meta = meta == null ? EventMeta.EMPTY : meta;
    }

    /** A copy of this envelope with other data (used for redaction); every other field is kept. */
    public EventEnvelope withData(ObjectNode newData) {
        return new EventEnvelope(eventId, type, stream, version, topic, timestamp, newData, meta);
    }
}
