package dev.antipop.commerce.order;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The order aggregate's event types, stream and topics. */
public final class OrderEvents {

    /** {@code commerce.order_placed}. */
    public static final String ORDER_PLACED = "commerce.order_placed";
    /** {@code commerce.order_line_reserved}. */
    public static final String LINE_RESERVED = "commerce.order_line_reserved";
    /** {@code commerce.order_line_failed}. */
    public static final String LINE_FAILED = "commerce.order_line_failed";
    /** {@code commerce.order_line_released}. */
    public static final String LINE_RELEASED = "commerce.order_line_released";
    /** {@code commerce.order_confirmed}. */
    public static final String ORDER_CONFIRMED = "commerce.order_confirmed";
    /** {@code commerce.order_rejected}. */
    public static final String ORDER_REJECTED = "commerce.order_rejected";
    /** {@code commerce.order_cancelled}. */
    public static final String ORDER_CANCELLED = "commerce.order_cancelled";
    /** {@code commerce.order_paid}. */
    public static final String ORDER_PAID = "commerce.order_paid";
    /** {@code commerce.order_shipped}. */
    public static final String ORDER_SHIPPED = "commerce.order_shipped";
    /** {@code commerce.brand_order_updated}. */
    public static final String BRAND_ORDER_UPDATED = "commerce.brand_order_updated";

    /** The stream prefix of orders. */
    public static final String STREAM_PREFIX = "order-";

    /** Envelope mapping with {@link #topicOf}. */
    public static final EventCodec<OrderEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    ORDER_PLACED, OrderEvent.OrderPlaced.class,
                    LINE_RESERVED, OrderEvent.OrderLineReserved.class,
                    LINE_FAILED, OrderEvent.OrderLineFailed.class,
                    LINE_RELEASED, OrderEvent.OrderLineReleased.class,
                    ORDER_CONFIRMED, OrderEvent.OrderConfirmed.class,
                    ORDER_REJECTED, OrderEvent.OrderRejected.class,
                    ORDER_CANCELLED, OrderEvent.OrderCancelled.class,
                    ORDER_PAID, OrderEvent.OrderPaid.class,
                    ORDER_SHIPPED, OrderEvent.OrderShipped.class,
                    BRAND_ORDER_UPDATED, OrderEvent.BrandOrderUpdated.class),
            (stream, event) -> topicOf(event),
            SensitiveFields.none());

    private OrderEvents() {}

    /** The stream of an order: {@code order-<orderId>}. */
    public static String streamOf(String orderId) {
        return STREAM_PREFIX + orderId;
    }

    /** The buyer's {@code user.<buyerId>.events}; a brand's view of the order on {@code brand.<brandId>.events}. */
    public static String topicOf(OrderEvent event) {
        return event instanceof OrderEvent.BrandOrderUpdated brand
                ? "brand." + brand.brandId() + ".events"
                : "user." + event.buyerId() + ".events";
    }
}
