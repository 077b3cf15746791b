package dev.antipop.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.commerce.Money;
import dev.antipop.commerce.order.OrderCommand.Cancel;
import dev.antipop.commerce.order.OrderCommand.Confirm;
import dev.antipop.commerce.order.OrderCommand.MarkPaid;
import dev.antipop.commerce.order.OrderCommand.MarkShipped;
import dev.antipop.commerce.order.OrderCommand.PlaceOrder;
import dev.antipop.commerce.order.OrderCommand.RecordLineFailed;
import dev.antipop.commerce.order.OrderCommand.RecordLineReleased;
import dev.antipop.commerce.order.OrderCommand.RecordLineReserved;
import dev.antipop.commerce.order.OrderCommand.Reject;
import dev.antipop.commerce.order.OrderEvent.BrandOrderUpdated;
import dev.antipop.commerce.order.OrderEvent.OrderCancelled;
import dev.antipop.commerce.order.OrderEvent.OrderConfirmed;
import dev.antipop.commerce.order.OrderEvent.OrderLineFailed;
import dev.antipop.commerce.order.OrderEvent.OrderLineReleased;
import dev.antipop.commerce.order.OrderEvent.OrderLineReserved;
import dev.antipop.commerce.order.OrderEvent.OrderPaid;
import dev.antipop.commerce.order.OrderEvent.OrderPlaced;
import dev.antipop.commerce.order.OrderEvent.OrderRejected;
import dev.antipop.commerce.order.OrderEvent.OrderShipped;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection: every rule of {@link OrderDecider}. */
class OrderDeciderTest {

    static final String ORDER = "900";
    static final String BUYER = "7";
    static final OrderLine ANVIL =
            new OrderLine(0, "200", "100", "300", "ANV", 2, new Money(1999, "EUR"), new Money(3998, "EUR"));
    static final OrderLine ROPE =
            new OrderLine(1, "201", "101", "301", "ROPE", 1, new Money(500, "EUR"), new Money(500, "EUR"));
    static final OrderPlaced PLACED =
            new OrderPlaced(ORDER, BUYER, 4, List.of(ANVIL, ROPE), new Money(4498, "EUR"), List.of("100", "101"));
    static final OrderLineReserved R0 = new OrderLineReserved(ORDER, BUYER, 0);
    static final OrderLineReserved R1 = new OrderLineReserved(ORDER, BUYER, 1);
    static final OrderConfirmed CONFIRMED =
            new OrderConfirmed(ORDER, BUYER, new Money(4498, "EUR"), List.of("100", "101"));

    private static final Caller BUYER_CALLER = new Caller(BUYER, Set.of(), Set.of());
    private static final Caller STRANGER = new Caller("8", Set.of(), Set.of());
    private static final Caller ADMIN = new Caller("9", Set.of("admin"), Set.of());
    private static final Caller ANVIL_TEAM =
            new Caller("10", Set.of(), Set.of(new Membership("brand", "100", "moderator")));
    private static final Caller ROPE_OWNER =
            new Caller("11", Set.of(), Set.of(new Membership("brand", "101", "owner")));

    private final OrderDecider decider = new OrderDecider();

    private List<OrderEvent> when(List<OrderEvent> given, OrderCommand command) {
        OrderState state = decider.initialState();
        for (OrderEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private void rejects(List<OrderEvent> given, OrderCommand command, ErrorCode code) {
        assertThatThrownBy(() -> when(given, command))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).code()).isEqualTo(code));
    }

    private static List<OrderEvent> confirmedAndPaid() {
        return List.of(PLACED, R0, R1, CONFIRMED, new OrderPaid(ORDER, BUYER, "9"));
    }

    @Test
    void placingAnOrderTotalsItsLinesInMinorUnitsAndClaimsTheCartVersion() {
        assertThat(when(List.of(), new PlaceOrder(ORDER, BUYER, 4, List.of(ANVIL, ROPE))))
                .containsExactly(PLACED);
        assertThat(decider.uniqueClaims(PLACED)).containsExactly("checkout#7#4");
        rejects(List.of(PLACED), new PlaceOrder(ORDER, BUYER, 4, List.of(ANVIL)), ErrorCode.CONFLICT);
    }

    @Test
    void oneOrderHasOneCurrency() {
        OrderLine dollars =
                new OrderLine(1, "201", "101", "301", "ROPE", 1, new Money(500, "USD"), new Money(500, "USD"));
        rejects(List.of(), new PlaceOrder(ORDER, BUYER, 4, List.of(ANVIL, dollars)), ErrorCode.CONFLICT);
        rejects(List.of(), new PlaceOrder(ORDER, BUYER, 4, List.of()), ErrorCode.CONFLICT);
    }

    @Test
    void theProcessRecordsAreFactsRecordedOnce() {
        assertThat(when(List.of(PLACED), new RecordLineReserved(0))).containsExactly(R0);
        assertThat(when(List.of(PLACED, R0), new RecordLineReserved(0))).isEmpty();
        assertThat(when(List.of(PLACED), new RecordLineFailed(1, "out_of_stock")))
                .containsExactly(new OrderLineFailed(ORDER, BUYER, 1, "out_of_stock"));
        assertThat(when(List.of(PLACED, R0), new RecordLineReleased(0)))
                .containsExactly(new OrderLineReleased(ORDER, BUYER, 0));
        assertThat(when(List.of(PLACED, R0, new OrderLineReleased(ORDER, BUYER, 0)), new RecordLineReleased(0)))
                .isEmpty();
        rejects(List.of(), new RecordLineReserved(0), ErrorCode.NOT_FOUND);
    }

    @Test
    void confirmingNeedsEveryLineReservedAndTellsEachBrand() {
        assertThat(when(List.of(PLACED, R0), new Confirm())).isEmpty();
        List<OrderEvent> events = when(List.of(PLACED, R0, R1), new Confirm());
        assertThat(events)
                .containsExactly(
                        CONFIRMED,
                        new BrandOrderUpdated(ORDER, BUYER, "100", "confirmed", List.of(ANVIL), new Money(3998, "EUR")),
                        new BrandOrderUpdated(ORDER, BUYER, "101", "confirmed", List.of(ROPE), new Money(500, "EUR")));
        assertThat(OrderEvents.topicOf(events.get(0))).isEqualTo("user.7.events");
        assertThat(OrderEvents.topicOf(events.get(1))).isEqualTo("brand.100.events");
        OrderCancelled cancelled = new OrderCancelled(ORDER, BUYER, BUYER);
        assertThat(when(List.of(PLACED, R0, cancelled, R1), new Confirm()))
                .as("a cancel that got in first wins")
                .isEmpty();
    }

    @Test
    void rejectingNamesTheFailedLines() {
        OrderLineFailed failed = new OrderLineFailed(ORDER, BUYER, 1, "out_of_stock");
        assertThat(when(List.of(PLACED, R0, failed), new Reject("out_of_stock")))
                .containsExactly(new OrderRejected(ORDER, BUYER, "out_of_stock", List.of(ROPE)));
        assertThat(when(
                        List.of(PLACED, failed, new OrderRejected(ORDER, BUYER, "out_of_stock", List.of(ROPE))),
                        new Reject("out_of_stock")))
                .isEmpty();
    }

    @Test
    void onlyTheBuyerOrAnAdminCancelsAndOnlyBeforeShipment() {
        assertThat(when(List.of(PLACED), new Cancel(BUYER_CALLER)))
                .as("pending: nothing was confirmed to the brands")
                .containsExactly(new OrderCancelled(ORDER, BUYER, BUYER));
        assertThat(when(List.of(PLACED, R0, R1, CONFIRMED), new Cancel(ADMIN)))
                .startsWith(new OrderCancelled(ORDER, BUYER, "9"))
                .hasSize(3);
        rejects(List.of(PLACED), new Cancel(STRANGER), ErrorCode.FORBIDDEN);
        rejects(List.of(PLACED), new Cancel(ANVIL_TEAM), ErrorCode.FORBIDDEN);
        List<OrderEvent> shipped = new ArrayList<>(confirmedAndPaid());
        shipped.add(new OrderShipped(ORDER, BUYER, "100", "10"));
        rejects(shipped, new Cancel(BUYER_CALLER), ErrorCode.CONFLICT);
        rejects(
                List.of(PLACED, new OrderRejected(ORDER, BUYER, "out_of_stock", List.of())),
                new Cancel(BUYER_CALLER),
                ErrorCode.CONFLICT);
        assertThat(when(List.of(PLACED, new OrderCancelled(ORDER, BUYER, BUYER)), new Cancel(BUYER_CALLER)))
                .isEmpty();
    }

    @Test
    void aBrandTeamOrAnAdminMarksAConfirmedOrderPaidOnce() {
        assertThat(when(List.of(PLACED, R0, R1, CONFIRMED), new MarkPaid(ROPE_OWNER)))
                .startsWith(new OrderPaid(ORDER, BUYER, "11"));
        rejects(List.of(PLACED, R0, R1, CONFIRMED), new MarkPaid(BUYER_CALLER), ErrorCode.FORBIDDEN);
        rejects(List.of(PLACED), new MarkPaid(ADMIN), ErrorCode.CONFLICT);
        assertThat(when(confirmedAndPaid(), new MarkPaid(ADMIN))).isEmpty();
    }

    @Test
    void anOrderSpanningBrandsShipsOncePerBrandByThatBrandsTeam() {
        assertThat(when(confirmedAndPaid(), new MarkShipped(ANVIL_TEAM, "100")))
                .containsExactly(
                        new OrderShipped(ORDER, BUYER, "100", "10"),
                        new BrandOrderUpdated(ORDER, BUYER, "100", "shipped", List.of(ANVIL), new Money(3998, "EUR")));
        rejects(confirmedAndPaid(), new MarkShipped(ANVIL_TEAM, "101"), ErrorCode.FORBIDDEN);
        rejects(confirmedAndPaid(), new MarkShipped(ANVIL_TEAM, null), ErrorCode.VALIDATION_FAILED);
        rejects(confirmedAndPaid(), new MarkShipped(ANVIL_TEAM, "555"), ErrorCode.VALIDATION_FAILED);
        rejects(List.of(PLACED, R0, R1, CONFIRMED), new MarkShipped(ANVIL_TEAM, "100"), ErrorCode.CONFLICT);

        List<OrderEvent> partly = new ArrayList<>(confirmedAndPaid());
        partly.add(new OrderShipped(ORDER, BUYER, "100", "10"));
        assertThat(when(partly, new MarkShipped(ANVIL_TEAM, "100")))
                .as("shipped twice")
                .isEmpty();
        OrderState state = decider.initialState();
        for (OrderEvent event : partly) {
            state = decider.evolve(state, event);
        }
        assertThat(((OrderState.Order) state).status()).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
        assertThat(when(partly, new MarkShipped(ADMIN, null)))
                .as("an admin without brandId ships every part left")
                .first()
                .isEqualTo(new OrderShipped(ORDER, BUYER, "101", "9"));
        state = decider.evolve(state, new OrderShipped(ORDER, BUYER, "101", "11"));
        assertThat(((OrderState.Order) state).status()).isEqualTo(OrderStatus.SHIPPED);
    }
}
