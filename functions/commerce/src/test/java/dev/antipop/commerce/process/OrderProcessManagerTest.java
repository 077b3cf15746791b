package dev.antipop.commerce.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.commerce.Money;
import dev.antipop.commerce.order.OrderCommand;
import dev.antipop.commerce.order.OrderDecider;
import dev.antipop.commerce.order.OrderEvent;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.order.OrderLine;
import dev.antipop.commerce.order.OrderState;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.id.Snowflake;
import dev.antipop.core.store.InMemoryEventStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The process manager against an in-memory store and a stand-in catalog that keys reservations by order and line as
 * the catalog does: a run interrupted after any reservation and run again ends in the same state, with each line
 * reserved once.
 */
class OrderProcessManagerTest {

    private static final String ORDER = "900";

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Snowflake ids = new Snowflake(1, System::currentTimeMillis);
    private final CommandHandler<OrderCommand, OrderEvent, OrderState> orders =
            new CommandHandler<>(store, new OrderDecider(), OrderEvents.CODEC, ids, Clock.systemUTC(), 5);
    private final StandInCatalog catalog = new StandInCatalog();
    private final OrderProcessManager process =
            new OrderProcessManager(store, new OrderDecider(), orders, catalog, ids::nextIdString);

    /** Stock per variant and reservations per key, with the catalog's rules. */
    static final class StandInCatalog implements Inventory {
        final Map<String, Long> stock = new HashMap<>();
        final Map<String, Long> held = new HashMap<>();
        final AtomicLong reserveCalls = new AtomicLong();

        @Override
        public synchronized Outcome reserve(String orderId, OrderLine line, String correlationId, String causationId) {
            reserveCalls.incrementAndGet();
            String key = orderId + "#" + line.line();
            if (held.containsKey(key)) {
                return new Outcome.Reserved();
            }
            long left = stock.getOrDefault(line.variantId(), 0L);
            if (left < line.quantity()) {
                return new Outcome.Refused(OrderProcess.OUT_OF_STOCK);
            }
            stock.put(line.variantId(), left - line.quantity());
            held.put(key, line.quantity());
            return new Outcome.Reserved();
        }

        @Override
        public synchronized void release(String orderId, OrderLine line, String correlationId, String causationId) {
            Long quantity = held.put(orderId + "#" + line.line(), 0L);
            if (quantity != null && quantity > 0) {
                stock.merge(line.variantId(), quantity, Long::sum);
            }
        }
    }

    @AfterEach
    void disarm() {
        System.clearProperty(Faults.PROPERTY);
    }

    private EventEnvelope place(long... quantities) {
        List<OrderLine> lines = new java.util.ArrayList<>();
        for (int i = 0; i < quantities.length; i++) {
            lines.add(new OrderLine(
                    i,
                    "20" + i,
                    "100",
                    "30" + i,
                    "SKU" + i,
                    quantities[i],
                    new Money(100, "EUR"),
                    new Money(100 * quantities[i], "EUR")));
        }
        orders.handle(
                OrderEvents.streamOf(ORDER),
                new OrderCommand.PlaceOrder(ORDER, "7", 1, lines),
                new CommandMeta("c1", "7", null, null, null));
        return store.read(OrderEvents.streamOf(ORDER), 1).get(0);
    }

    private List<String> types() {
        return store.read(OrderEvents.streamOf(ORDER), 1).stream()
                .map(EventEnvelope::type)
                .toList();
    }

    @Test
    void everyLineReservedConfirms() {
        catalog.stock.putAll(Map.of("300", 5L, "301", 5L));
        process.run(ORDER, place(2, 3));
        assertThat(types())
                .containsExactly(
                        OrderEvents.ORDER_PLACED,
                        OrderEvents.LINE_RESERVED,
                        OrderEvents.LINE_RESERVED,
                        OrderEvents.ORDER_CONFIRMED,
                        OrderEvents.BRAND_ORDER_UPDATED);
        assertThat(catalog.stock).containsEntry("300", 3L).containsEntry("301", 2L);
    }

    @Test
    void aSecondLineOutOfStockReleasesTheFirstAndRejects() {
        catalog.stock.putAll(Map.of("300", 5L, "301", 1L));
        process.run(ORDER, place(2, 3));
        assertThat(types())
                .containsExactly(
                        OrderEvents.ORDER_PLACED,
                        OrderEvents.LINE_RESERVED,
                        OrderEvents.LINE_FAILED,
                        OrderEvents.LINE_RELEASED,
                        OrderEvents.ORDER_REJECTED);
        assertThat(catalog.stock).containsEntry("300", 5L).containsEntry("301", 1L);
    }

    @Test
    void aRunKilledAfterTheFirstReservationAndRetriedReservesEachLineOnce() {
        catalog.stock.putAll(Map.of("300", 5L, "301", 5L));
        EventEnvelope placed = place(2, 3);
        System.setProperty(Faults.PROPERTY, "1");
        assertThatThrownBy(() -> process.run(ORDER, placed)).isInstanceOf(Faults.InjectedFault.class);
        assertThat(catalog.stock)
                .as("reserved on the catalog, not yet recorded")
                .containsEntry("300", 3L);
        assertThat(types()).containsExactly(OrderEvents.ORDER_PLACED);

        process.run(ORDER, placed);
        process.run(ORDER, placed);
        assertThat(catalog.stock).containsEntry("300", 3L).containsEntry("301", 2L);
        assertThat(types()).filteredOn(OrderEvents.ORDER_CONFIRMED::equals).hasSize(1);
        assertThat(types()).filteredOn(OrderEvents.LINE_RESERVED::equals).hasSize(2);
    }

    @Test
    void aCancelledConfirmedOrderGivesItsStockBack() {
        catalog.stock.putAll(Map.of("300", 5L, "301", 5L));
        EventEnvelope placed = place(2, 3);
        process.run(ORDER, placed);
        orders.handle(
                OrderEvents.streamOf(ORDER),
                new OrderCommand.Cancel(new dev.antipop.core.auth.Caller("7", java.util.Set.of(), java.util.Set.of())),
                new CommandMeta("c2", "7", null, null, null));
        process.run(ORDER, placed);
        assertThat(catalog.stock).containsEntry("300", 5L).containsEntry("301", 5L);
        assertThat(types()).filteredOn(OrderEvents.LINE_RELEASED::equals).hasSize(2);
    }
}
