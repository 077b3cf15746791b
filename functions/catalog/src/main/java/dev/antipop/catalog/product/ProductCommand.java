package dev.antipop.catalog.product;

import dev.antipop.core.auth.Caller;
import java.util.Map;

/**
 * Commands on one product aggregate (stream {@code product-<productId>}). Every client command carries the resolved
 * {@link Caller} with their memberships: the brand's owner and moderators manage its products.
 */
public sealed interface ProductCommand {

    /** {@code CREATE_PRODUCT} under {@code brandId}. */
    record CreateProduct(Caller caller, String productId, String brandId, String name, String description)
            implements ProductCommand {}

    /** {@code UPDATE_PRODUCT}; null fields stay as they are. */
    record UpdateProduct(Caller caller, String name, String description) implements ProductCommand {}

    /** {@code ADD_VARIANT}; {@code variantId} is a new Snowflake id. */
    record AddVariant(Caller caller, String variantId, String sku, Money price, Map<String, String> options)
            implements ProductCommand {}

    /** {@code UPDATE_VARIANT}; null fields stay as they are. */
    record UpdateVariant(Caller caller, String variantId, Money price, Map<String, String> options)
            implements ProductCommand {}

    /** {@code REMOVE_VARIANT}. */
    record RemoveVariant(Caller caller, String variantId) implements ProductCommand {}

    /** {@code ADJUST_INVENTORY}: {@code delta} units (signed, not zero) for {@code reason}. */
    record AdjustInventory(Caller caller, String variantId, long delta, String reason) implements ProductCommand {}

    /** {@code PUBLISH_PRODUCT}. */
    record PublishProduct(Caller caller) implements ProductCommand {}

    /** {@code UNPUBLISH_PRODUCT}. */
    record UnpublishProduct(Caller caller) implements ProductCommand {}

    /**
     * Issued by the catalog processor's policy when brand {@code brandId} was deleted: unpublishes the product if it is
     * published and belongs to that brand, decides nothing otherwise.
     */
    record UnpublishForDeletedBrand(String brandId) implements ProductCommand {}

    /**
     * {@code RESERVE_INVENTORY} (internal, from commerce's order process): holds {@code quantity} units of {@code
     * variantId} for line {@code line} of order {@code orderId}. Keyed by order and line: a retry decides nothing.
     */
    record ReserveInventory(String orderId, int line, String variantId, long quantity) implements ProductCommand {}

    /**
     * {@code RELEASE_INVENTORY} (internal): gives back what line {@code line} of order {@code orderId} holds, once.
     */
    record ReleaseInventory(String orderId, int line, String variantId) implements ProductCommand {}
}
