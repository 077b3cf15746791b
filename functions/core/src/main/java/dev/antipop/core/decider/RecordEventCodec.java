package dev.antipop.core.decider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * An {@link EventCodec} for events that are Java records: each record class has one envelope type, and its
 * components become the {@code data} fields through {@link EnvelopeJson#mapper()} (java.time as ISO-8601 strings).
 *
 * <pre>{@code
 * new RecordEventCodec<UserEvent>(
 *         Map.of("identity.user_registered", UserRegistered.class, "identity.user_renamed", UserRenamed.class),
 *         (stream, event) -> "user." + stream.substring("user-".length()) + ".events",
 *         SensitiveFields.of(Map.of("identity.user_registered", Set.of("passwordHash"))));
 * }</pre>
 *
 * @param <E> the aggregate's event type; every concrete event class must be in the map
 */
public final class RecordEventCodec<E> implements EventCodec<E> {

    private final Map<String, Class<? extends E>> classByType;
    private final Map<Class<?>, String> typeByClass;
    private final BiFunction<String, E, String> topic;
    private final SensitiveFields sensitiveFields;
    private final ObjectMapper mapper = EnvelopeJson.mapper();

    /**
     * @param classByType envelope type → record class (one type per class)
     * @param topic {@code (stream, event) → topic}
     * @param sensitiveFields the data fields that never leave the server
     * @throws IllegalArgumentException if a class is mapped to two types or is not a record
     */
    public RecordEventCodec(
            Map<String, Class<? extends E>> classByType,
            BiFunction<String, E, String> topic,
            SensitiveFields sensitiveFields) {
        this.classByType = Map.copyOf(classByType);
        Map<Class<?>, String> reverse = new HashMap<>();
        new LinkedHashMap<>(classByType).forEach((type, cls) -> {
            if (!cls.isRecord()) {
                throw new IllegalArgumentException(cls.getName() + " (type " + type + ") is not a record");
            }
            String previous = reverse.put(cls, type);
            if (previous != null) {
                throw new IllegalArgumentException(
                        cls.getName() + " is mapped to two event types: " + previous + " and " + type);
            }
        });
        this.typeByClass = Map.copyOf(reverse);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sensitiveFields = Objects.requireNonNull(sensitiveFields, "sensitiveFields");
    }

    /** @throws IllegalArgumentException if the event's class is not in the map */
    @Override
    public String typeOf(E event) {
        String type = typeByClass.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException(
                    "No event type registered for " + event.getClass().getName());
        }
        return type;
    }

    @Override
    public ObjectNode toData(E event) {
        JsonNode node = mapper.valueToTree(event);
        if (!(node instanceof ObjectNode data)) {
            throw new IllegalStateException(event.getClass().getName() + " does not serialise to a JSON object");
        }
        return data;
    }

    /** @throws IllegalStateException naming the type if it is unknown, or if the data does not fit the record */
    @Override
    public E fromEnvelope(EventEnvelope envelope) {
        Class<? extends E> cls = classByType.get(envelope.type());
        if (cls == null) {
            throw new IllegalStateException("Unknown event type " + envelope.type() + " in stream " + envelope.stream()
                    + " (known: " + classByType.keySet() + ")");
        }
        try {
            return mapper.treeToValue(envelope.data(), cls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Event " + envelope.eventId() + " of type " + envelope.type() + " does not fit "
                            + cls.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    @Override
    public String topicOf(String stream, E event) {
        return topic.apply(stream, event);
    }

    @Override
    public SensitiveFields sensitiveFields() {
        return sensitiveFields;
    }
}
