package dev.antipop.commerce.cart;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A user's cart folded from its stream.
 *
 * @param lines by variant id, in the order they were added
 * @param checkedOut the orders whose lines the cart already gave up (the checkout policy decides once per order)
 */
public record CartState(Map<String, CartLine> lines, Set<String> checkedOut) {

    public CartState {
        lines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        checkedOut = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(checkedOut));
    }

    /** An empty cart. */
    public static CartState empty() {
        return new CartState(Map.of(), Set.of());
    }
}
