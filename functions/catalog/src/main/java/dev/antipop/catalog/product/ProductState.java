package dev.antipop.catalog.product;

import java.util.LinkedHashMap;
import java.util.Map;

/** A product folded from its stream, one record per lifecycle stage. */
public sealed interface ProductState {

    /** No product yet. */
    record None() implements ProductState {}

    /** Not visible to the public: just created, or unpublished. */
    record Draft(Details details) implements ProductState {}

    /** Visible to everyone. */
    record Published(Details details) implements ProductState {}

    /** What a draft and a published product both have. */
    record Details(String productId, String brandId, String name, String description, Map<String, Variant> variants) {
        public Details {
            variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        }
    }

    /**
     * One variant.
     *
     * @param stock units in stock, never negative
     */
    record Variant(String variantId, String sku, Money price, Map<String, String> options, long stock) {
        public Variant {
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }
}
