package dev.antipop.local.template;

import static dev.antipop.local.template.Values.isIntrinsic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SAM's {@code Globals} section merged into a resource's properties (SAM specification, "Globals section"). */
final class SamGlobals {

    private SamGlobals() {}

    /** SAM Globals: maps merge per key (the function wins), lists concatenate (globals first), scalars override. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> local) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        local.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> l && !isIntrinsic(g) && !isIntrinsic(l)) {
                merged.put(key, merge((Map<String, Object>) g, (Map<String, Object>) l));
            } else if (global instanceof List<?> g && value instanceof List<?> l) {
                List<Object> both = new ArrayList<>(g);
                both.addAll(l);
                merged.put(key, both);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
