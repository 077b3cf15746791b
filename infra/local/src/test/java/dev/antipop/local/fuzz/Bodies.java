package dev.antipop.local.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON bodies built from maps, with one value swapped for a raw JSON fragment that no map can hold. */
final class Bodies {

    private static final String HOLE = "__fuzz_hole_7f3a__";

    private Bodies() {}

    static String json(Map<String, Object> body) {
        try {
            return FuzzCloud.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code body} as JSON with the value at {@code dottedPath} ({@code payload.email}) replaced by {@code raw}. */
    static String withRaw(Map<String, Object> body, String dottedPath, String raw) {
        Map<String, Object> copy = deepCopy(body);
        Map<String, Object> parent = copy;
        String[] keys = dottedPath.split("\\.");
        for (int i = 0; i < keys.length - 1; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) parent.get(keys[i]);
            parent = child;
        }
        parent.put(keys[keys.length - 1], HOLE);
        return json(copy).replace("\"" + HOLE + "\"", raw);
    }

    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            @SuppressWarnings("unchecked")
            Object value = v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v;
            copy.put(k, value);
        });
        return copy;
    }
}
