package dev.antipop.catalog.product;

import dev.antipop.catalog.product.ProductCommand.ReleaseInventory;
import dev.antipop.catalog.product.ProductCommand.ReserveInventory;
import dev.antipop.catalog.product.ProductEvent.InventoryReleased;
import dev.antipop.catalog.product.ProductEvent.InventoryReserved;
import dev.antipop.catalog.product.ProductState.Details;
import dev.antipop.catalog.product.ProductState.Draft;
import dev.antipop.catalog.product.ProductState.None;
import dev.antipop.catalog.product.ProductState.Published;
import dev.antipop.catalog.product.ProductState.Reservation;
import dev.antipop.catalog.product.ProductState.Variant;
import dev.antipop.core.command.CommandException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock held for order lines (issue 10): the product side of commerce's order process. Pure; part of {@link
 * ProductDecider}.
 *
 * <ul>
 *   <li>{@code RESERVE_INVENTORY} holds units of a published product's variant for one order line, keyed {@code
 *       <orderId>#<line>}: a repeat of a held key decides nothing (a retried process never reserves twice); a released
 *       key is a {@code conflict} starting {@value #RELEASED}; too little stock is a {@code conflict} starting {@value
 *       #OUT_OF_STOCK} (a rejection, stock is never negative); a draft product or a removed variant is a {@code
 *       conflict} starting {@value #UNAVAILABLE}. The order process reads the reason from the start of the message.
 *   <li>{@code RELEASE_INVENTORY} gives a held key's units back, once; a key never held is closed with a release of
 *       0 units, so a late reserve of that line (a retried invoke still in flight) is refused; a released key decides
 *       nothing.
 * </ul>
 */
public final class Reservations {

    /** Reason prefix of a reservation refused for lack of stock. */
    public static final String OUT_OF_STOCK = "out_of_stock";

    /** Reason prefix of a reservation of a product no longer on sale. */
    public static final String UNAVAILABLE = "unavailable";

    /** Reason prefix of a reservation of a key already released. */
    public static final String RELEASED = "released";

    private Reservations() {}

    static List<ProductEvent> reserve(ReserveInventory reserve, ProductState state) {
        Details product = details(state);
        String key = Reservation.key(reserve.orderId(), reserve.line());
        Reservation held = product.reservations().get(key);
        if (held != null) {
            if (held.released()) {
                throw CommandException.conflict(RELEASED + ": line " + key + " was released");
            }
            return List.of();
        }
        Variant variant = product.variants().get(reserve.variantId());
        if (!(state instanceof Published) || variant == null) {
            throw CommandException.conflict(UNAVAILABLE + ": variant " + reserve.variantId() + " is not on sale");
        }
        if (variant.stock() < reserve.quantity()) {
            throw CommandException.conflict(
                    OUT_OF_STOCK + ": " + variant.stock() + " of " + variant.sku() + " in stock, " + reserve.quantity()
                            + " wanted",
                    Map.of("quantity", OUT_OF_STOCK));
        }
        return List.of(new InventoryReserved(
                product.productId(),
                product.brandId(),
                variant.variantId(),
                reserve.orderId(),
                reserve.line(),
                reserve.quantity(),
                variant.stock() - reserve.quantity(),
                true));
    }

    static List<ProductEvent> release(ReleaseInventory release, ProductState state) {
        if (state instanceof None) {
            return List.of();
        }
        Details product = details(state);
        String key = Reservation.key(release.orderId(), release.line());
        Reservation held = product.reservations().get(key);
        if (held != null && held.released()) {
            return List.of();
        }
        long quantity = held == null ? 0 : held.quantity();
        String variantId = held == null ? release.variantId() : held.variantId();
        Variant variant = product.variants().get(variantId);
        long stock = variant == null ? 0 : variant.stock() + quantity;
        return List.of(new InventoryReleased(
                product.productId(),
                product.brandId(),
                variantId,
                release.orderId(),
                release.line(),
                quantity,
                stock,
                state instanceof Published));
    }

    static ProductState evolve(ProductState state, InventoryReserved reserved) {
        return update(
                state,
                reserved.variantId(),
                reserved.stock(),
                Reservation.key(reserved.orderId(), reserved.line()),
                new Reservation(reserved.variantId(), reserved.quantity(), false));
    }

    static ProductState evolve(ProductState state, InventoryReleased released) {
        return update(
                state,
                released.variantId(),
                released.stock(),
                Reservation.key(released.orderId(), released.line()),
                new Reservation(released.variantId(), released.quantity(), true));
    }

    private static ProductState update(
            ProductState state, String variantId, long stock, String key, Reservation reservation) {
        return ProductDecider.change(state, d -> {
            Map<String, Variant> variants = new LinkedHashMap<>(d.variants());
            variants.computeIfPresent(variantId, (id, v) -> new Variant(id, v.sku(), v.price(), v.options(), stock));
            Map<String, Reservation> reservations = new LinkedHashMap<>(d.reservations());
            reservations.put(key, reservation);
            return new Details(d.productId(), d.brandId(), d.name(), d.description(), variants, reservations);
        });
    }

    private static Details details(ProductState state) {
        return switch (state) {
            case None none -> throw CommandException.conflict(UNAVAILABLE + ": no such product");
            case Draft(Details d) -> d;
            case Published(Details d) -> d;
        };
    }
}
