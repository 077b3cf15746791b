package dev.antipop.commerce.cart;

import java.util.List;

/** Commands on one user's cart (stream {@code cart-<userId>}); the stream is the caller's own, so no caller check. */
public sealed interface CartCommand {

    /**
     * What the catalog's products view says of a variant when it is added.
     *
     * @param published whether the product is published
     * @param brandId the product's brand (null when unknown)
     * @param variantExists whether the product has that variant
     */
    record Availability(boolean published, String brandId, boolean variantExists) {}

    /** {@code ADD_CART_ITEM}: adds {@code quantity} to the variant's line (a new line if absent). */
    record AddItem(String userId, String productId, String variantId, long quantity, Availability availability)
            implements CartCommand {}

    /** {@code CHANGE_CART_ITEM_QUANTITY}. */
    record ChangeQuantity(String userId, String variantId, long quantity) implements CartCommand {}

    /** {@code REMOVE_CART_ITEM}. */
    record RemoveItem(String userId, String variantId) implements CartCommand {}

    /** {@code CLEAR_CART}. */
    record Clear(String userId) implements CartCommand {}

    /** From the checkout policy on {@code order_placed}: the order's lines leave the cart, once per order. */
    record CheckOut(String userId, String orderId, List<String> variantIds) implements CartCommand {}
}
