package dev.antipop.commerce;

import static dev.antipop.runtime.context.FieldSpec.Type.ID;

import dev.antipop.commerce.cart.CartDecider;
import dev.antipop.commerce.cart.CartEvents;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.view.OrdersView;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;

/**
 * The commerce context's descriptor (issue 10): a cart per user (stream {@code cart-<userId>}), orders (stream {@code
 * order-<orderId>}) and the order process in the commerce processor, which reserves stock through the catalog's
 * internal {@code RESERVE_INVENTORY} / {@code RELEASE_INVENTORY}. Payloads as DESIGN.md section 10 states them.
 *
 * <p>Topics: cart and order events on the buyer's {@code user.<userId>.events}; {@code commerce.brand_order_updated}
 * (a brand's part of an order: confirmed, paid, shipped, cancelled) on {@code brand.<brandId>.events}. Both topics are
 * granted by the identity and catalog contexts (the user's own, the brand's team), so commerce declares no grants.
 * No resumable stream: {@code user.<id>.events} resumes from the identity stream and {@code brand.<id>.events} from
 * the brand stream, which do not hold commerce events.
 */
public final class CommerceContext implements BoundedContext {

    private static final String USER_TOPIC = "user.{userId}.events";
    private static final String BUYER_TOPIC = "user.{buyerId}.events";
    private static final String BRAND_TOPIC = "brand.{brandId}.events";

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "commerce",
            CommerceFunctions.class,
            "commerceProcessor",
            List.of(
                    CommandSpec.user(
                            "ADD_CART_ITEM",
                            "cart",
                            "Add units of a published variant to your cart (at most 50 lines, 99 units a line)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.required("variantId", ID),
                            FieldSpec.integer("quantity", true, 1, CartDecider.MAX_QUANTITY)),
                    CommandSpec.user(
                            "CHANGE_CART_ITEM_QUANTITY",
                            "cart",
                            "Set a cart line's quantity (1–99)",
                            FieldSpec.required("variantId", ID),
                            FieldSpec.integer("quantity", true, 1, CartDecider.MAX_QUANTITY)),
                    CommandSpec.user(
                            "REMOVE_CART_ITEM",
                            "cart",
                            "Remove a line from your cart",
                            FieldSpec.required("variantId", ID)),
                    CommandSpec.user("CLEAR_CART", "cart", "Empty your cart"),
                    CommandSpec.user(
                            "CHECKOUT",
                            "order",
                            "Place an order from your cart at today's prices (idempotent by clientMutationId)"),
                    CommandSpec.user(
                            "CANCEL_ORDER",
                            "order",
                            "Cancel your order before it ships; its stock is released",
                            FieldSpec.required("orderId", ID)),
                    CommandSpec.user(
                            "MARK_ORDER_PAID",
                            "order",
                            "Record a confirmed order's payment (admin, or the team of a brand in it)",
                            FieldSpec.required("orderId", ID)),
                    CommandSpec.user(
                            "MARK_ORDER_SHIPPED",
                            "order",
                            "Record that a brand's part of a paid order shipped (admin, or that brand's team)",
                            FieldSpec.required("orderId", ID),
                            FieldSpec.optional("brandId", ID))),
            List.of(
                    EventSpec.of(CartEvents.ITEM_ADDED, USER_TOPIC),
                    EventSpec.of(CartEvents.QUANTITY_CHANGED, USER_TOPIC),
                    EventSpec.of(CartEvents.ITEM_REMOVED, USER_TOPIC),
                    EventSpec.of(CartEvents.CLEARED, USER_TOPIC),
                    EventSpec.of(CartEvents.CHECKED_OUT, USER_TOPIC),
                    EventSpec.of(OrderEvents.ORDER_PLACED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.LINE_RESERVED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.LINE_FAILED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.LINE_RELEASED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.ORDER_CONFIRMED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.ORDER_REJECTED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.ORDER_CANCELLED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.ORDER_PAID, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.ORDER_SHIPPED, BUYER_TOPIC),
                    EventSpec.of(OrderEvents.BRAND_ORDER_UPDATED, BRAND_TOPIC)),
            List.of(),
            List.of(),
            List.of(),
            List.of(
                    QuerySpec.get("/cart", "getCart", "Your cart (always current: folded from its stream)"),
                    QuerySpec.get("/orders", "listOrders", "Your orders, newest first (?cursor=)"),
                    QuerySpec.get(
                            "/orders/{id}",
                            "getOrder",
                            "One order (its buyer, an admin, or the team of a brand in it)"),
                    QuerySpec.get(
                            "/catalog/brands/{id}/orders",
                            "listBrandOrders",
                            "A brand's part of its confirmed orders, newest first (the brand's team; ?cursor=)")));

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The orders views (a buyer's orders and a brand's); the checkout process manager is a policy, never replayed. */
    @Override
    public List<ViewProjection> views() {
        return List.of(new ViewProjection(
                "orders", List.of("ORDERS_TABLE", "BRAND_ORDERS_TABLE"), (dynamoDb, tables) -> {
                    OrdersView orders =
                            new OrdersView(dynamoDb, tables.apply("ORDERS_TABLE"), tables.apply("BRAND_ORDERS_TABLE"));
                    return event -> {
                        if (event.stream().startsWith(OrderEvents.STREAM_PREFIX)) {
                            orders.project(event);
                        }
                    };
                }));
    }
}
