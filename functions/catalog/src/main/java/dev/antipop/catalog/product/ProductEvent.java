package dev.antipop.catalog.product;

import java.util.Map;

/**
 * Facts about a product. Every event carries {@code productId} and {@code brandId}, so the processor and realtime
 * know the brand without a read. Topic ({@link ProductEvents#topicOf}): {@code catalog.product.<productId>} for
 * public changes (the product is published after the event, or the event publishes or unpublishes it), else the
 * brand team's {@code brand.<brandId>.events}: a draft's edits never reach the public topic.
 */
public sealed interface ProductEvent {

    /** The product. */
    String productId();

    /** Its brand. */
    String brandId();

    /** Whether the product is published after this event (decides the topic). */
    boolean published();

    /** {@code catalog.product_created}: a draft. */
    record ProductCreated(String productId, String brandId, String name, String description) implements ProductEvent {
        @Override
        public boolean published() {
            return false;
        }
    }

    /** {@code catalog.product_updated}: name and description after the change. */
    record ProductUpdated(String productId, String brandId, String name, String description, boolean published)
            implements ProductEvent {}

    /** {@code catalog.variant_added}: stock starts at 0. */
    record VariantAdded(
            String productId,
            String brandId,
            String variantId,
            String sku,
            Money price,
            Map<String, String> options,
            boolean published)
            implements ProductEvent {}

    /** {@code catalog.variant_updated}: price and options after the change. */
    record VariantUpdated(
            String productId,
            String brandId,
            String variantId,
            Money price,
            Map<String, String> options,
            boolean published)
            implements ProductEvent {}

    /** {@code catalog.variant_removed}. */
    record VariantRemoved(String productId, String brandId, String variantId, String sku, boolean published)
            implements ProductEvent {}

    /** {@code catalog.inventory_adjusted}: {@code stock} is the variant's stock after {@code delta}. */
    record InventoryAdjusted(
            String productId,
            String brandId,
            String variantId,
            long delta,
            String reason,
            long stock,
            boolean published)
            implements ProductEvent {}

    /** {@code catalog.product_published}. */
    record ProductPublished(String productId, String brandId) implements ProductEvent {
        @Override
        public boolean published() {
            return true;
        }
    }

    /** {@code catalog.product_unpublished}; {@code reason} is {@code unpublished} or {@code brand_deleted}. */
    record ProductUnpublished(String productId, String brandId, String reason) implements ProductEvent {
        @Override
        public boolean published() {
            return false;
        }
    }

    /**
     * {@code catalog.inventory_reserved}: {@code quantity} units held for line {@code line} of order {@code orderId};
     * {@code stock} is the variant's available stock after it.
     */
    record InventoryReserved(
            String productId,
            String brandId,
            String variantId,
            String orderId,
            int line,
            long quantity,
            long stock,
            boolean published)
            implements ProductEvent {}

    /**
     * {@code catalog.inventory_released}: the order line's {@code quantity} units back in stock ({@code stock} after
     * it); {@code quantity} 0 when the line held nothing (the key is closed all the same).
     */
    record InventoryReleased(
            String productId,
            String brandId,
            String variantId,
            String orderId,
            int line,
            long quantity,
            long stock,
            boolean published)
            implements ProductEvent {}
}
