package dev.antipop.catalog.product;

import dev.antipop.catalog.brand.BrandEvents;
import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The product aggregate's event types, stream and topics. */
public final class ProductEvents {

    /** {@code catalog.product_created}. */
    public static final String PRODUCT_CREATED = "catalog.product_created";
    /** {@code catalog.product_updated}. */
    public static final String PRODUCT_UPDATED = "catalog.product_updated";
    /** {@code catalog.variant_added}. */
    public static final String VARIANT_ADDED = "catalog.variant_added";
    /** {@code catalog.variant_updated}. */
    public static final String VARIANT_UPDATED = "catalog.variant_updated";
    /** {@code catalog.variant_removed}. */
    public static final String VARIANT_REMOVED = "catalog.variant_removed";
    /** {@code catalog.inventory_adjusted}. */
    public static final String INVENTORY_ADJUSTED = "catalog.inventory_adjusted";
    /** {@code catalog.inventory_reserved}. */
    public static final String INVENTORY_RESERVED = "catalog.inventory_reserved";
    /** {@code catalog.inventory_released}. */
    public static final String INVENTORY_RELEASED = "catalog.inventory_released";
    /** {@code catalog.product_published}. */
    public static final String PRODUCT_PUBLISHED = "catalog.product_published";
    /** {@code catalog.product_unpublished}. */
    public static final String PRODUCT_UNPUBLISHED = "catalog.product_unpublished";

    /** The stream prefix of products. */
    public static final String STREAM_PREFIX = "product-";

    /** Envelope mapping of {@link ProductEvent}s, with {@link #topicOf} as the topic. */
    public static final EventCodec<ProductEvent> CODEC = new RecordEventCodec<>(
            Map.ofEntries(
                    Map.entry(PRODUCT_CREATED, ProductEvent.ProductCreated.class),
                    Map.entry(PRODUCT_UPDATED, ProductEvent.ProductUpdated.class),
                    Map.entry(VARIANT_ADDED, ProductEvent.VariantAdded.class),
                    Map.entry(VARIANT_UPDATED, ProductEvent.VariantUpdated.class),
                    Map.entry(VARIANT_REMOVED, ProductEvent.VariantRemoved.class),
                    Map.entry(INVENTORY_ADJUSTED, ProductEvent.InventoryAdjusted.class),
                    Map.entry(INVENTORY_RESERVED, ProductEvent.InventoryReserved.class),
                    Map.entry(INVENTORY_RELEASED, ProductEvent.InventoryReleased.class),
                    Map.entry(PRODUCT_PUBLISHED, ProductEvent.ProductPublished.class),
                    Map.entry(PRODUCT_UNPUBLISHED, ProductEvent.ProductUnpublished.class)),
            (stream, event) -> topicOf(event),
            SensitiveFields.none());

    private ProductEvents() {}

    /** The stream of a product: {@code product-<productId>}. */
    public static String streamOf(String productId) {
        return STREAM_PREFIX + productId;
    }

    /** The public topic of a product: {@code catalog.product.<productId>}. */
    public static String publicTopicOf(String productId) {
        return "catalog.product." + productId;
    }

    /**
     * Where an event goes: the public {@code catalog.product.<productId>} when the product is published after it, or
     * when it publishes or unpublishes the product (subscribers learn it is gone); otherwise the brand team's {@code
     * brand.<brandId>.events}, so a draft's edits never reach the public topic. Reservations and releases name
     * orders, which are the brand's business: always the brand's topic.
     */
    public static String topicOf(ProductEvent event) {
        if (event instanceof ProductEvent.InventoryReserved || event instanceof ProductEvent.InventoryReleased) {
            return BrandEvents.topicOf(event.brandId());
        }
        boolean visible = event.published() || event instanceof ProductEvent.ProductUnpublished;
        return visible ? publicTopicOf(event.productId()) : BrandEvents.topicOf(event.brandId());
    }
}
