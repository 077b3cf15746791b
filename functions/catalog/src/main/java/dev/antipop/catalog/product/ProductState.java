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
    /**
     * @param reservations stock held for order lines, by {@link Reservation#key} (RESERVE_INVENTORY /
     *     RELEASE_INVENTORY); the products view stores none ({@link #withoutReservations}): they matter only to
     *     the aggregate's decisions
     */
    record Details(
            String productId,
            String brandId,
            String name,
            String description,
            Map<String, Variant> variants,
            Map<String, Reservation> reservations) {
        public Details {
            variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
            reservations = reservations == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reservations));
        }

        /** A product without reservations. */
        public Details(
                String productId, String brandId, String name, String description, Map<String, Variant> variants) {
            this(productId, brandId, name, description, variants, Map.of());
        }

        /** These details with no reservations (what the products view stores). */
        public Details withoutReservations() {
            return new Details(productId, brandId, name, description, variants, Map.of());
        }
    }

    /**
     * Stock held for one order line.
     *
     * @param variantId the variant
     * @param quantity units held (0 for a release that found nothing to release: it still closes the key)
     * @param released whether it was given back; a released key is never reserved again, so a retried or late
     *     RESERVE_INVENTORY cannot take stock for a line its order already gave up
     */
    record Reservation(String variantId, long quantity, boolean released) {
        /** The key of an order line's reservation: {@code <orderId>#<line>}. */
        public static String key(String orderId, int line) {
            return orderId + "#" + line;
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
