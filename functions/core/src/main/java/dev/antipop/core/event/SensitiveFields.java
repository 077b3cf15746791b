package dev.antipop.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per event type, the {@code data} fields that never leave the server: not in a pushed frame, not in an HTTP
 * response, not in a log line (DESIGN.md section 3). They stay in the event store, where the server's own deciders and
 * projectors need them (e.g. {@code passwordHash}).
 *
 * <p>A field name is a path of object keys separated by {@code .}: {@code passwordHash}, {@code card.number}. When a
 * step of the path meets an array, the rest of the path applies to every element of it ({@code items.secret} removes
 * {@code secret} from each object in {@code items}). Instances are immutable.
 */
public final class SensitiveFields {

    private static final SensitiveFields NONE = new SensitiveFields(Map.of());

    private final Map<String, Set<String>> fieldsByType;

    private SensitiveFields(Map<String, Set<String>> fieldsByType) {
        this.fieldsByType = fieldsByType;
    }

    /**
     * Declares sensitive fields by event type.
     *
     * @param fieldsByType event type → field paths; paths must be non-blank and free of empty steps
     * @throws IllegalArgumentException for a blank path or one with an empty step ({@code a..b})
     */
    public static SensitiveFields of(Map<String, Set<String>> fieldsByType) {
        Map<String, Set<String>> copy = new HashMap<>();
        fieldsByType.forEach((type, fields) -> {
            Objects.requireNonNull(type, "event type");
            for (String field : fields) {
                validatePath(field);
            }
            if (!fields.isEmpty()) {
                copy.put(type, Set.copyOf(fields));
            }
        });
        return new SensitiveFields(Map.copyOf(copy));
    }

    /** No sensitive fields at all. */
    public static SensitiveFields none() {
        return NONE;
    }

    /** The union of this and {@code other}: a field sensitive in either is sensitive in the result. */
    public SensitiveFields and(SensitiveFields other) {
        if (other.fieldsByType.isEmpty()) {
            return this;
        }
        if (fieldsByType.isEmpty()) {
            return other;
        }
        Map<String, Set<String>> union = new HashMap<>();
        for (Map<String, Set<String>> source : List.of(fieldsByType, other.fieldsByType)) {
            source.forEach((type, fields) ->
                    union.computeIfAbsent(type, t -> new LinkedHashSet<>()).addAll(fields));
        }
        return of(union);
    }

    /** The sensitive field paths of {@code type}; empty if it has none. */
    public Set<String> fieldsOf(String type) {
        return fieldsByType.getOrDefault(type, Set.of());
    }

    /**
     * The envelope as it may leave the server: a copy whose {@code data} lacks the sensitive fields of its type.
     * Returns {@code envelope} itself when its type declares none. Paths that do not exist in the data are ignored.
     */
    public EventEnvelope redact(EventEnvelope envelope) {
        Set<String> fields = fieldsOf(envelope.type());
        if (fields.isEmpty()) {
            return envelope;
        }
        ObjectNode data = envelope.data().deepCopy();
        for (String path : fields) {
            remove(data, path.split("\\.", -1), 0);
        }
        return envelope.withData(data);
    }

    private static void remove(JsonNode node, String[] steps, int index) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                remove(element, steps, index);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        if (index == steps.length - 1) {
            object.remove(steps[index]);
        } else {
            remove(object.get(steps[index]), steps, index + 1);
        }
    }

    private static void validatePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("A sensitive field path must not be blank");
        }
        for (String step : path.split("\\.", -1)) {
            if (step.isEmpty()) {
                throw new IllegalArgumentException("Sensitive field path has an empty step: " + path);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SensitiveFields other && fieldsByType.equals(other.fieldsByType);
    }

    @Override
    public int hashCode() {
        return fieldsByType.hashCode();
    }

    @Override
    public String toString() {
        return "SensitiveFields" + fieldsByType;
    }
}
