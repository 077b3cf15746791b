package dev.antipop.commerce.cart;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The cart aggregate's event types, stream and topic. */
public final class CartEvents {

    /** {@code commerce.cart_item_added}. */
    public static final String ITEM_ADDED = "commerce.cart_item_added";
    /** {@code commerce.cart_item_quantity_changed}. */
    public static final String QUANTITY_CHANGED = "commerce.cart_item_quantity_changed";
    /** {@code commerce.cart_item_removed}. */
    public static final String ITEM_REMOVED = "commerce.cart_item_removed";
    /** {@code commerce.cart_cleared}. */
    public static final String CLEARED = "commerce.cart_cleared";
    /** {@code commerce.cart_checked_out}. */
    public static final String CHECKED_OUT = "commerce.cart_checked_out";

    /** The stream prefix of carts. */
    public static final String STREAM_PREFIX = "cart-";

    /** Envelope mapping; every cart event goes to its owner's {@code user.<userId>.events}. */
    public static final EventCodec<CartEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    ITEM_ADDED, CartEvent.CartItemAdded.class,
                    QUANTITY_CHANGED, CartEvent.CartItemQuantityChanged.class,
                    ITEM_REMOVED, CartEvent.CartItemRemoved.class,
                    CLEARED, CartEvent.CartCleared.class,
                    CHECKED_OUT, CartEvent.CartCheckedOut.class),
            (stream, event) -> "user." + event.userId() + ".events",
            SensitiveFields.none());

    private CartEvents() {}

    /** The cart of a user: {@code cart-<userId>}. */
    public static String streamOf(String userId) {
        return STREAM_PREFIX + userId;
    }
}
