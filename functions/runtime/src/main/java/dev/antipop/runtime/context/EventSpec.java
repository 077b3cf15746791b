package dev.antipop.runtime.context;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One event type of a context.
 *
 * @param type {@code <context>.<past_tense_fact>} (DESIGN.md section 3)
 * @param topic the topic shape its envelopes carry, placeholders in braces ({@code brand.{brandId}.events}); the
 *     codec computes the concrete topic, this documents it and a context test checks the two agree
 * @param sensitiveFields data fields that never leave the server (not in a frame, an HTTP answer, a view or a log)
 * @param alsoTopics secondary topics the fan-out also publishes the event on (an envelope has one topic): shapes
 *     whose placeholders name string fields of {@code data} ({@code articles.all}, {@code articles.{authorId}.mine});
 *     a subscriber of one gets the envelope in an {@code event} frame whose {@code target} is that topic, and the
 *     topic log keeps it there too. Empty for most types.
 */
public record EventSpec(String type, String topic, Set<String> sensitiveFields, List<String> alsoTopics) {

    /** Validates the declaration. */
    public EventSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        sensitiveFields = sensitiveFields == null ? Set.of() : Set.copyOf(sensitiveFields);
        alsoTopics = alsoTopics == null ? List.of() : List.copyOf(alsoTopics);
        if (!type.matches("[a-z]+\\.[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Event types are <context>.<past_tense_fact>: " + type);
        }
    }

    /** An event type published on its topic only. */
    public EventSpec(String type, String topic, Set<String> sensitiveFields) {
        this(type, topic, sensitiveFields, List.of());
    }

    /** An event type without sensitive fields. */
    public static EventSpec of(String type, String topic) {
        return new EventSpec(type, topic, Set.of());
    }

    /** This event type, also published on {@code topics} (see {@link #alsoTopics}). */
    public EventSpec alsoOn(String... topics) {
        return new EventSpec(type, topic, sensitiveFields, List.of(topics));
    }
}
