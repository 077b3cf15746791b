package dev.antipop.commerce.cart;

import dev.antipop.commerce.cart.CartCommand.AddItem;
import dev.antipop.commerce.cart.CartCommand.ChangeQuantity;
import dev.antipop.commerce.cart.CartCommand.CheckOut;
import dev.antipop.commerce.cart.CartCommand.Clear;
import dev.antipop.commerce.cart.CartCommand.RemoveItem;
import dev.antipop.commerce.cart.CartEvent.CartCheckedOut;
import dev.antipop.commerce.cart.CartEvent.CartCleared;
import dev.antipop.commerce.cart.CartEvent.CartItemAdded;
import dev.antipop.commerce.cart.CartEvent.CartItemQuantityChanged;
import dev.antipop.commerce.cart.CartEvent.CartItemRemoved;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cart aggregate's decisions (issue 10, "Cart"). Pure.
 *
 * <ul>
 *   <li>One cart per user; at most {@value #MAX_LINES} lines (a new line beyond is a {@code conflict}); a line's
 *       quantity is 1–{@value #MAX_QUANTITY} (adding beyond it is {@code validation_failed} on {@code quantity}).
 *   <li>Only variants of published products can be added ({@code conflict} on {@code variantId} otherwise); adding a
 *       variant already in the cart adds to its line.
 *   <li>Changing or removing a line that is not there is {@code not_found}; a change to the same quantity, clearing
 *       an empty cart, and a checkout already applied decide nothing.
 * </ul>
 */
public final class CartDecider implements Decider<CartCommand, CartEvent, CartState> {

    /** Most lines of a cart. */
    public static final int MAX_LINES = 50;

    /** Most units of one line. */
    public static final int MAX_QUANTITY = 99;

    @Override
    public CartState initialState() {
        return CartState.empty();
    }

    @Override
    public List<CartEvent> decide(CartCommand command, CartState state) {
        return switch (command) {
            case AddItem add -> {
                CartCommand.Availability available = add.availability();
                if (!available.published() || !available.variantExists()) {
                    throw CommandException.conflict(
                            "Variant " + add.variantId() + " is not on sale",
                            Map.of("variantId", "is not a variant of a published product"));
                }
                CartLine line = state.lines().get(add.variantId());
                if (line == null && state.lines().size() >= MAX_LINES) {
                    throw CommandException.conflict(
                            "A cart holds at most " + MAX_LINES + " lines",
                            Map.of("variantId", "would be line " + (MAX_LINES + 1)));
                }
                long quantity = (line == null ? 0 : line.quantity()) + add.quantity();
                if (quantity > MAX_QUANTITY) {
                    throw CommandException.validation(
                            Map.of("quantity", "a line holds at most " + MAX_QUANTITY + " units"));
                }
                yield List.of(new CartItemAdded(
                        add.userId(), add.productId(), available.brandId(), add.variantId(), quantity));
            }
            case ChangeQuantity change -> {
                CartLine line = line(state, change.variantId());
                yield line.quantity() == change.quantity()
                        ? List.of()
                        : List.of(new CartItemQuantityChanged(change.userId(), change.variantId(), change.quantity()));
            }
            case RemoveItem remove -> {
                line(state, remove.variantId());
                yield List.of(new CartItemRemoved(remove.userId(), remove.variantId()));
            }
            case Clear clear -> state.lines().isEmpty() ? List.of() : List.of(new CartCleared(clear.userId()));
            case CheckOut checkOut -> {
                if (state.checkedOut().contains(checkOut.orderId())) {
                    yield List.of();
                }
                List<String> present = checkOut.variantIds().stream()
                        .filter(state.lines()::containsKey)
                        .toList();
                yield List.of(new CartCheckedOut(checkOut.userId(), checkOut.orderId(), present));
            }
        };
    }

    @Override
    public CartState evolve(CartState state, CartEvent event) {
        Map<String, CartLine> lines = new LinkedHashMap<>(state.lines());
        Set<String> checkedOut = new LinkedHashSet<>(state.checkedOut());
        switch (event) {
            case CartItemAdded added ->
                lines.put(
                        added.variantId(),
                        new CartLine(added.productId(), added.brandId(), added.variantId(), added.quantity()));
            case CartItemQuantityChanged changed ->
                lines.computeIfPresent(
                        changed.variantId(),
                        (id, l) -> new CartLine(l.productId(), l.brandId(), id, changed.quantity()));
            case CartItemRemoved removed -> lines.remove(removed.variantId());
            case CartCleared cleared -> lines.clear();
            case CartCheckedOut out -> {
                out.variantIds().forEach(lines::remove);
                checkedOut.add(out.orderId());
            }
        }
        return new CartState(lines, checkedOut);
    }

    private static CartLine line(CartState state, String variantId) {
        CartLine line = state.lines().get(variantId);
        if (line == null) {
            throw CommandException.notFound("Variant " + variantId + " is not in your cart");
        }
        return line;
    }
}
