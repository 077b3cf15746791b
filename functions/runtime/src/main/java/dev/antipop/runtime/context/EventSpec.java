package dev.antipop.runtime.context;

import java.util.Objects;
import java.util.Set;

/**
 * One event type of a context.
 *
 * @param type {@code <context>.<past_tense_fact>} (DESIGN.md section 3)
 * @param topic the topic shape its envelopes carry, placeholders in braces ({@code brand.{brandId}.events}); the
 *     codec computes the concrete topic, this documents it and a context test checks the two agree
 * @param sensitiveFields data fields that never leave the server (not in a frame, an HTTP answer, a view or a log)
 */
public record EventSpec(String type, String topic, Set<String> sensitiveFields) {

    /** Validates the declaration. */
    public EventSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        sensitiveFields = sensitiveFields == null ? Set.of() : Set.copyOf(sensitiveFields);
        if (!type.matches("[a-z]+\\.[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Event types are <context>.<past_tense_fact>: " + type);
        }
    }

    /** An event type without sensitive fields. */
    public static EventSpec of(String type, String topic) {
        return new EventSpec(type, topic, Set.of());
    }
}
