package dev.antipop.commerce.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.commerce.cart.CartCommand;
import dev.antipop.commerce.cart.CartEvent;
import dev.antipop.commerce.cart.CartEvents;
import dev.antipop.commerce.cart.CartState;
import dev.antipop.commerce.order.OrderDecider;
import dev.antipop.commerce.order.OrderEvent;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.order.OrderLine;
import dev.antipop.commerce.process.OrderProcessManager;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.runtime.command.Notifier;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The commerce processor's policies, per order event:
 *
 * <ul>
 *   <li>{@code order_placed} → the order's lines leave the buyer's cart ({@code CheckOut}, once per order: the cart
 *       and the order are separate streams, so this is the policy the issue allows), then the order process ({@link
 *       OrderProcessManager}) reserves, confirms or rejects.
 *   <li>{@code order_cancelled} → the order process releases the order's stock; the buyer is notified.
 *   <li>{@code order_confirmed}, {@code order_rejected}, {@code order_shipped} → the buyer is notified; {@code
 *       order_confirmed} also notifies every member of each brand in the order ({@code order_received}).
 * </ul>
 *
 * <p>Every step is idempotent (the cart by order id, the process by order id and line, notifications by source event
 * id and user), so a redelivered record changes nothing more.
 */
public final class CommercePolicies {

    private final CommandHandler<CartCommand, CartEvent, CartState> carts;
    private final OrderProcessManager process;
    private final MembershipStore memberships;
    private final Notifier notifier;
    private final Supplier<String> ids;

    public CommercePolicies(
            CommandHandler<CartCommand, CartEvent, CartState> carts,
            OrderProcessManager process,
            MembershipStore memberships,
            Notifier notifier,
            Supplier<String> ids) {
        this.carts = carts;
        this.process = process;
        this.memberships = memberships;
        this.notifier = notifier;
        this.ids = ids;
    }

    /** Runs the policies of an order event (none for cart events). */
    public void react(EventEnvelope envelope) {
        if (!envelope.stream().startsWith(OrderEvents.STREAM_PREFIX)) {
            return;
        }
        switch (OrderEvents.CODEC.fromEnvelope(envelope)) {
            case OrderEvent.OrderPlaced placed -> {
                carts.handle(
                        CartEvents.streamOf(placed.buyerId()),
                        new CartCommand.CheckOut(
                                placed.buyerId(),
                                placed.orderId(),
                                placed.lines().stream()
                                        .map(OrderLine::variantId)
                                        .toList()),
                        meta(envelope));
                process.run(placed.orderId(), envelope);
            }
            case OrderEvent.OrderCancelled cancelled -> {
                process.run(cancelled.orderId(), envelope);
                notifyBuyer(envelope, cancelled, "order_cancelled", "Your order was cancelled");
            }
            case OrderEvent.OrderConfirmed confirmed -> {
                notifyBuyer(envelope, confirmed, "order_confirmed", "Your order is confirmed");
                TreeSet<String> team = new TreeSet<>();
                for (String brandId : confirmed.brandIds()) {
                    memberships.members("brand", brandId).forEach((userId, role) -> {
                        if (Arrays.asList(OrderDecider.TEAM).contains(role)) {
                            team.add(userId + "#" + brandId);
                        }
                    });
                }
                for (String member : team) {
                    String[] parts = member.split("#");
                    notifier.notify(
                            parts[0],
                            "order_received",
                            envelope,
                            "Your brand has a new order",
                            data("orderId", confirmed.orderId(), "brandId", parts[1]));
                }
            }
            case OrderEvent.OrderRejected rejected ->
                notifyBuyer(envelope, rejected, "order_rejected", "Your order could not be fulfilled");
            case OrderEvent.OrderShipped shipped ->
                notifyBuyer(envelope, shipped, "order_shipped", "Your order has shipped");
            case OrderEvent.OrderLineReserved r -> {}
            case OrderEvent.OrderLineFailed f -> {}
            case OrderEvent.OrderLineReleased r -> {}
            case OrderEvent.OrderPaid p -> {}
            case OrderEvent.BrandOrderUpdated b -> {}
        }
    }

    private void notifyBuyer(EventEnvelope envelope, OrderEvent event, String kind, String title) {
        ObjectNode data = data("orderId", event.orderId());
        if (event instanceof OrderEvent.OrderShipped shipped) {
            data.put("brandId", shipped.brandId());
        }
        if (event instanceof OrderEvent.OrderRejected rejected) {
            data.put("reason", rejected.reason());
        }
        notifier.notify(event.buyerId(), kind, envelope, title, data);
    }

    private CommandMeta meta(EventEnvelope envelope) {
        return new CommandMeta(
                ids.get(),
                null,
                envelope.meta() == null ? null : envelope.meta().correlationId(),
                envelope.eventId(),
                null);
    }

    private static ObjectNode data(String... namesAndValues) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            data.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return data;
    }
}
