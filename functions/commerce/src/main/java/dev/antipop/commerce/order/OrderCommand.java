package dev.antipop.commerce.order;

import dev.antipop.core.auth.Caller;
import java.util.List;

/** Commands on one order (stream {@code order-<orderId>}). */
public sealed interface OrderCommand {

    /** {@code CHECKOUT}: the order with the prices read from the catalog; {@code cartVersion} is the cart it empties. */
    record PlaceOrder(String orderId, String buyerId, long cartVersion, List<OrderLine> lines)
            implements OrderCommand {}

    /** The order process holds stock for {@code line} (a fact it records). */
    record RecordLineReserved(int line) implements OrderCommand {}

    /** The catalog refused to reserve {@code line}: {@code reason}. */
    record RecordLineFailed(int line, String reason) implements OrderCommand {}

    /** The order process gave back {@code line}'s stock. */
    record RecordLineReleased(int line) implements OrderCommand {}

    /** Every line is reserved: the order process confirms. */
    record Confirm() implements OrderCommand {}

    /** A line failed and every reservation is released: the order process rejects. */
    record Reject(String reason) implements OrderCommand {}

    /** {@code CANCEL_ORDER} by its buyer (or an admin). */
    record Cancel(Caller caller) implements OrderCommand {}

    /** {@code MARK_ORDER_PAID} by an admin or the team of a brand in the order. */
    record MarkPaid(Caller caller) implements OrderCommand {}

    /**
     * {@code MARK_ORDER_SHIPPED}: {@code brandId}'s part shipped (null: the order's only brand, or for an admin every
     * brand not shipped yet).
     */
    record MarkShipped(Caller caller, String brandId) implements OrderCommand {}
}
