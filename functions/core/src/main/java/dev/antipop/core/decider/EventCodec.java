package dev.antipop.core.decider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;

/**
 * Maps an aggregate's domain events to and from {@link EventEnvelope}s.
 *
 * @param <E> the aggregate's event type
 */
public interface EventCodec<E> {

    /** The envelope type of {@code event}, {@code <context>.<past_tense_fact>}. */
    String typeOf(E event);

    /** The event as the envelope's {@code data} object (sensitive fields included: redaction happens on the way out). */
    ObjectNode toData(E event);

    /**
     * The domain event an envelope holds.
     *
     * @throws IllegalStateException if the envelope's type is not one of this codec's
     */
    E fromEnvelope(EventEnvelope envelope);

    /** The NATS subject fan-out publishes {@code event} of {@code stream} on. */
    String topicOf(String stream, E event);

    /** The data fields of these event types that never leave the server. */
    SensitiveFields sensitiveFields();
}
