package dev.antipop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.catalog.product.ProductCommand.ReleaseInventory;
import dev.antipop.catalog.product.ProductCommand.ReserveInventory;
import dev.antipop.catalog.product.ProductEvent.InventoryAdjusted;
import dev.antipop.catalog.product.ProductEvent.InventoryReleased;
import dev.antipop.catalog.product.ProductEvent.InventoryReserved;
import dev.antipop.catalog.product.ProductEvent.ProductCreated;
import dev.antipop.catalog.product.ProductEvent.ProductPublished;
import dev.antipop.catalog.product.ProductEvent.VariantAdded;
import dev.antipop.core.command.CommandException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given product events, when RESERVE_INVENTORY / RELEASE_INVENTORY, then events or a rejection. */
class ReservationsTest {

    private static final String BRAND = "100";
    private static final String PRODUCT = "200";
    private static final List<ProductEvent> ON_SALE = List.of(
            new ProductCreated(PRODUCT, BRAND, "Anvil", null),
            new VariantAdded(PRODUCT, BRAND, "300", "ANV-1", new Money(1999, "EUR"), Map.of(), false),
            new InventoryAdjusted(PRODUCT, BRAND, "300", 5, "delivery", 5, false),
            new ProductPublished(PRODUCT, BRAND));
    private static final InventoryReserved RESERVED =
            new InventoryReserved(PRODUCT, BRAND, "300", "900", 0, 3, 2, true);

    private final ProductDecider decider = new ProductDecider();

    private ProductState state(List<ProductEvent> given) {
        ProductState state = decider.initialState();
        for (ProductEvent event : given) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    private List<ProductEvent> when(List<ProductEvent> given, ProductCommand command) {
        return decider.decide(command, state(given));
    }

    private static List<ProductEvent> plus(List<ProductEvent> given, ProductEvent... more) {
        List<ProductEvent> all = new java.util.ArrayList<>(given);
        all.addAll(List.of(more));
        return all;
    }

    private void conflicts(List<ProductEvent> given, ProductCommand command, String reason) {
        assertThatThrownBy(() -> when(given, command))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void aReservationHoldsStockOncePerOrderLine() {
        assertThat(when(ON_SALE, new ReserveInventory("900", 0, "300", 3))).containsExactly(RESERVED);
        assertThat(when(plus(ON_SALE, RESERVED), new ReserveInventory("900", 0, "300", 3)))
                .as("a retry of the same order line")
                .isEmpty();
        assertThat(((ProductState.Published) state(plus(ON_SALE, RESERVED)))
                        .details()
                        .variants()
                        .get("300")
                        .stock())
                .isEqualTo(2);
        assertThat(ProductEvents.topicOf(RESERVED))
                .as("orders are the brand's business")
                .isEqualTo("brand.100.events");
    }

    @Test
    void aReservationThatLacksStockIsARejection() {
        conflicts(plus(ON_SALE, RESERVED), new ReserveInventory("901", 0, "300", 3), Reservations.OUT_OF_STOCK);
        assertThat(when(plus(ON_SALE, RESERVED), new ReserveInventory("901", 0, "300", 2)))
                .containsExactly(new InventoryReserved(PRODUCT, BRAND, "300", "901", 0, 2, 0, true));
    }

    @Test
    void onlyPublishedVariantsAreReserved() {
        conflicts(ON_SALE.subList(0, 3), new ReserveInventory("900", 0, "300", 1), Reservations.UNAVAILABLE);
        conflicts(ON_SALE, new ReserveInventory("900", 0, "999", 1), Reservations.UNAVAILABLE);
        conflicts(List.of(), new ReserveInventory("900", 0, "300", 1), Reservations.UNAVAILABLE);
    }

    @Test
    void aReleaseGivesTheStockBackOnceAndClosesTheKey() {
        InventoryReleased released = new InventoryReleased(PRODUCT, BRAND, "300", "900", 0, 3, 5, true);
        assertThat(when(plus(ON_SALE, RESERVED), new ReleaseInventory("900", 0, "300")))
                .containsExactly(released);
        assertThat(when(plus(ON_SALE, RESERVED, released), new ReleaseInventory("900", 0, "300")))
                .isEmpty();
        conflicts(plus(ON_SALE, RESERVED, released), new ReserveInventory("900", 0, "300", 3), Reservations.RELEASED);
    }

    @Test
    void releasingALineNeverHeldClosesItSoALateReserveIsRefused() {
        InventoryReleased closed = new InventoryReleased(PRODUCT, BRAND, "300", "900", 1, 0, 5, true);
        assertThat(when(ON_SALE, new ReleaseInventory("900", 1, "300"))).containsExactly(closed);
        conflicts(plus(ON_SALE, closed), new ReserveInventory("900", 1, "300", 1), Reservations.RELEASED);
        assertThat(when(List.of(), new ReleaseInventory("900", 1, "300"))).isEmpty();
    }
}
