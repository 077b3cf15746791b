package dev.antipop.commerce.cart;

import java.util.List;

/** Facts about a cart. Every event carries {@code userId}; topic {@code user.<userId>.events}. */
public sealed interface CartEvent {

    /** The cart's owner. */
    String userId();

    /** {@code commerce.cart_item_added}: {@code quantity} is the line's quantity after it. */
    record CartItemAdded(String userId, String productId, String brandId, String variantId, long quantity)
            implements CartEvent {}

    /** {@code commerce.cart_item_quantity_changed}. */
    record CartItemQuantityChanged(String userId, String variantId, long quantity) implements CartEvent {}

    /** {@code commerce.cart_item_removed}. */
    record CartItemRemoved(String userId, String variantId) implements CartEvent {}

    /** {@code commerce.cart_cleared}. */
    record CartCleared(String userId) implements CartEvent {}

    /** {@code commerce.cart_checked_out}: the lines of {@code variantIds} went into order {@code orderId}. */
    record CartCheckedOut(String userId, String orderId, List<String> variantIds) implements CartEvent {}
}
