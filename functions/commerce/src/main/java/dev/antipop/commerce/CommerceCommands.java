package dev.antipop.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.commerce.cart.CartCommand;
import dev.antipop.commerce.cart.CartDecider;
import dev.antipop.commerce.cart.CartEvent;
import dev.antipop.commerce.cart.CartEvents;
import dev.antipop.commerce.cart.CartLine;
import dev.antipop.commerce.cart.CartState;
import dev.antipop.commerce.order.OrderCommand;
import dev.antipop.commerce.order.OrderEvent;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.order.OrderLine;
import dev.antipop.commerce.order.OrderState;
import dev.antipop.commerce.view.CatalogPrices;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.AppendResult;
import dev.antipop.core.store.EventStore;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.runtime.command.CommandAction;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The commerce command actions. Cart commands run on the caller's own cart ({@code cart-<userId>}); {@code
 * ADD_CART_ITEM} first reads the catalog's products view for the variant ({@link CatalogPrices}). {@code CHECKOUT}:
 *
 * <ol>
 *   <li>a repeat with a {@code clientMutationId} already answered gets the first answer (before anything is read,
 *       since the first checkout emptied the cart);
 *   <li>the cart is folded from its stream; an empty cart is a {@code conflict};
 *   <li>each line's variant is read from the products view: it must still be published ({@code conflict} naming the
 *       variants that are not), and its price is captured; lines of more than one currency are a {@code conflict};
 *   <li>{@code commerce.order_placed} is appended to a new stream {@code order-<orderId>} with the cart version it
 *       came from; its claim makes one cart version one order (a second CHECKOUT of the same cart, before the
 *       checkout policy emptied it, is a {@code 409}).
 * </ol>
 */
public final class CommerceCommands {

    private final CommandHandler<CartCommand, CartEvent, CartState> carts;
    private final CommandHandler<OrderCommand, OrderEvent, OrderState> orders;
    private final EventStore store;
    private final CatalogPrices prices;
    private final Supplier<String> ids;
    private final CartDecider cartDecider = new CartDecider();

    /** @param ids new order ids (Snowflake) */
    public CommerceCommands(
            CommandHandler<CartCommand, CartEvent, CartState> carts,
            CommandHandler<OrderCommand, OrderEvent, OrderState> orders,
            EventStore store,
            CatalogPrices prices,
            Supplier<String> ids) {
        this.carts = carts;
        this.orders = orders;
        this.store = store;
        this.prices = prices;
        this.ids = ids;
    }

    /** Every commerce command with its action. */
    public CommandCatalog catalog() {
        Map<String, CommandAction> actions = new LinkedHashMap<>();
        actions.put("ADD_CART_ITEM", this::addItem);
        actions.put(
                "CHANGE_CART_ITEM_QUANTITY",
                r -> cart(
                        r,
                        new CartCommand.ChangeQuantity(
                                r.requireCaller().userId(),
                                text(r, "variantId"),
                                r.payload().get("quantity").longValue())));
        actions.put(
                "REMOVE_CART_ITEM",
                r -> cart(r, new CartCommand.RemoveItem(r.requireCaller().userId(), text(r, "variantId"))));
        actions.put(
                "CLEAR_CART",
                r -> cart(r, new CartCommand.Clear(r.requireCaller().userId())));
        actions.put("CHECKOUT", this::checkout);
        actions.put("CANCEL_ORDER", r -> order(r, new OrderCommand.Cancel(r.requireCaller())));
        actions.put("MARK_ORDER_PAID", r -> order(r, new OrderCommand.MarkPaid(r.requireCaller())));
        actions.put(
                "MARK_ORDER_SHIPPED",
                r -> order(r, new OrderCommand.MarkShipped(r.requireCaller(), text(r, "brandId"))));
        return CommandCatalog.of(CommerceContext.DESCRIPTOR, actions);
    }

    private AppendResult addItem(CommandRequest r) {
        String userId = r.requireCaller().userId();
        String productId = text(r, "productId");
        String variantId = text(r, "variantId");
        Optional<CatalogPrices.Variant> variant = prices.find(productId, variantId);
        CartCommand.Availability availability = variant.map(
                        v -> new CartCommand.Availability(v.published(), v.brandId(), true))
                .orElse(new CartCommand.Availability(false, null, false));
        return cart(
                r,
                new CartCommand.AddItem(
                        userId,
                        productId,
                        variantId,
                        r.payload().get("quantity").longValue(),
                        availability));
    }

    private AppendResult checkout(CommandRequest r) {
        Caller caller = r.requireCaller();
        String clientMutationId = r.meta().clientMutationId();
        if (clientMutationId != null && !clientMutationId.isBlank()) {
            Optional<AppendResult> first = store.findIdempotent(IdempotencyKey.of(caller.userId(), clientMutationId));
            if (first.isPresent()) {
                return first.get().asReplay();
            }
        }
        CartState cart = cartDecider.initialState();
        long cartVersion = 0;
        for (EventEnvelope envelope : store.read(CartEvents.streamOf(caller.userId()), 1)) {
            cart = cartDecider.evolve(cart, CartEvents.CODEC.fromEnvelope(envelope));
            cartVersion = envelope.version();
        }
        if (cart.lines().isEmpty()) {
            throw CommandException.conflict("Your cart is empty");
        }
        List<OrderLine> lines = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (CartLine line : cart.lines().values()) {
            Optional<CatalogPrices.Variant> variant = prices.find(line.productId(), line.variantId());
            if (variant.isEmpty() || !variant.get().published()) {
                unavailable.put(line.variantId(), "is no longer on sale");
                continue;
            }
            CatalogPrices.Variant v = variant.get();
            lines.add(new OrderLine(
                    lines.size(),
                    v.productId(),
                    v.brandId(),
                    v.variantId(),
                    v.sku(),
                    line.quantity(),
                    v.price(),
                    v.price().times(line.quantity())));
        }
        if (!unavailable.isEmpty()) {
            throw CommandException.conflict("Some variants in your cart are no longer on sale", unavailable);
        }
        String orderId = ids.get();
        return orders.handle(
                OrderEvents.streamOf(orderId),
                new OrderCommand.PlaceOrder(orderId, caller.userId(), cartVersion, lines),
                r.meta());
    }

    private AppendResult cart(CommandRequest r, CartCommand command) {
        return carts.handle(CartEvents.streamOf(r.requireCaller().userId()), command, r.meta());
    }

    private AppendResult order(CommandRequest r, OrderCommand command) {
        return orders.handle(OrderEvents.streamOf(text(r, "orderId")), command, r.meta());
    }

    /** A string field of the checked payload; null when absent. */
    private static String text(CommandRequest r, String field) {
        JsonNode node = r.payload().get(field);
        return node == null || node.isNull() ? null : node.textValue();
    }
}
