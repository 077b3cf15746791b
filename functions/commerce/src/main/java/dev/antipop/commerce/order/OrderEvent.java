package dev.antipop.commerce.order;

import dev.antipop.commerce.Money;
import java.util.List;

/**
 * Facts about an order. Every event carries {@code orderId} and {@code buyerId}; topic ({@link OrderEvents#CODEC})
 * {@code user.<buyerId>.events}, but {@link BrandOrderUpdated}, which goes to its brand's {@code
 * brand.<brandId>.events}.
 */
public sealed interface OrderEvent {

    /** The order. */
    String orderId();

    /** Its buyer. */
    String buyerId();

    /**
     * {@code commerce.order_placed}: lines with the prices captured at checkout; {@code total} in minor units of the
     * order's one currency; {@code cartVersion} the cart version it was placed from (claimed once per cart version).
     */
    record OrderPlaced(
            String orderId, String buyerId, long cartVersion, List<OrderLine> lines, Money total, List<String> brandIds)
            implements OrderEvent {}

    /** {@code commerce.order_line_reserved}: the catalog holds stock for line {@code line}. */
    record OrderLineReserved(String orderId, String buyerId, int line) implements OrderEvent {}

    /** {@code commerce.order_line_failed}: the catalog refused line {@code line} ({@code out_of_stock}, …). */
    record OrderLineFailed(String orderId, String buyerId, int line, String reason) implements OrderEvent {}

    /** {@code commerce.order_line_released}: line {@code line}'s stock is back. */
    record OrderLineReleased(String orderId, String buyerId, int line) implements OrderEvent {}

    /** {@code commerce.order_confirmed}: every line is reserved. */
    record OrderConfirmed(String orderId, String buyerId, Money total, List<String> brandIds) implements OrderEvent {}

    /** {@code commerce.order_rejected}: {@code reason} ({@code out_of_stock}), {@code lines} the lines that failed. */
    record OrderRejected(String orderId, String buyerId, String reason, List<OrderLine> lines) implements OrderEvent {}

    /** {@code commerce.order_cancelled} by {@code cancelledBy}; the order process releases its stock. */
    record OrderCancelled(String orderId, String buyerId, String cancelledBy) implements OrderEvent {}

    /** {@code commerce.order_paid}, recorded by {@code paidBy}. */
    record OrderPaid(String orderId, String buyerId, String paidBy) implements OrderEvent {}

    /** {@code commerce.order_shipped}: {@code brandId}'s part of the order shipped. */
    record OrderShipped(String orderId, String buyerId, String brandId, String shippedBy) implements OrderEvent {}

    /**
     * {@code commerce.brand_order_updated}: what brand {@code brandId}'s team sees of the order, on its topic: its
     * lines and subtotal and the order's {@code status} ({@code confirmed}, {@code paid}, {@code shipped}, {@code
     * cancelled}).
     */
    record BrandOrderUpdated(
            String orderId, String buyerId, String brandId, String status, List<OrderLine> lines, Money subtotal)
            implements OrderEvent {}
}
