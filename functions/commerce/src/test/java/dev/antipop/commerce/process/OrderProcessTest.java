package dev.antipop.commerce.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.commerce.Money;
import dev.antipop.commerce.order.OrderDecider;
import dev.antipop.commerce.order.OrderEvent;
import dev.antipop.commerce.order.OrderEvent.OrderCancelled;
import dev.antipop.commerce.order.OrderEvent.OrderConfirmed;
import dev.antipop.commerce.order.OrderEvent.OrderLineFailed;
import dev.antipop.commerce.order.OrderEvent.OrderLineReleased;
import dev.antipop.commerce.order.OrderEvent.OrderLineReserved;
import dev.antipop.commerce.order.OrderEvent.OrderPlaced;
import dev.antipop.commerce.order.OrderEvent.OrderRejected;
import dev.antipop.commerce.order.OrderLine;
import dev.antipop.commerce.order.OrderState;
import dev.antipop.commerce.process.OrderProcess.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order process as a function of the events it has seen: given the order's events, then the next step. */
class OrderProcessTest {

    private static final String ORDER = "900";
    private static final String BUYER = "7";
    private static final OrderLine L0 = line(0);
    private static final OrderLine L1 = line(1);
    private static final OrderLine L2 = line(2);
    private static final OrderPlaced PLACED =
            new OrderPlaced(ORDER, BUYER, 1, List.of(L0, L1, L2), new Money(300, "EUR"), List.of("100"));

    private static OrderLine line(int index) {
        return new OrderLine(
                index,
                "20" + index,
                "100",
                "30" + index,
                "SKU" + index,
                1,
                new Money(100, "EUR"),
                new Money(100, "EUR"));
    }

    private static Step given(OrderEvent... events) {
        OrderDecider decider = new OrderDecider();
        OrderState state = decider.initialState();
        for (OrderEvent event : events) {
            state = decider.evolve(state, event);
        }
        return OrderProcess.next((OrderState.Order) state);
    }

    private static OrderLineReserved reserved(int line) {
        return new OrderLineReserved(ORDER, BUYER, line);
    }

    private static OrderLineReleased released(int line) {
        return new OrderLineReleased(ORDER, BUYER, line);
    }

    private static OrderLineFailed failed(int line, String reason) {
        return new OrderLineFailed(ORDER, BUYER, line, reason);
    }

    @Test
    void linesAreReservedOneAfterAnotherThenTheOrderIsConfirmed() {
        assertThat(given(PLACED)).isEqualTo(new Step.Reserve(L0));
        assertThat(given(PLACED, reserved(0))).isEqualTo(new Step.Reserve(L1));
        assertThat(given(PLACED, reserved(0), reserved(1))).isEqualTo(new Step.Reserve(L2));
        assertThat(given(PLACED, reserved(0), reserved(1), reserved(2))).isEqualTo(new Step.Confirm());
        assertThat(given(PLACED, reserved(0), reserved(1), reserved(2), confirmed()))
                .isEqualTo(new Step.Done());
    }

    @Test
    void aRetryAfterAReservationNotYetRecordedReservesTheSameLineAgain() {
        // Killed after the catalog reserved line 0 but before order_line_reserved: the events still say "reserve
        // line 0", and the catalog's (order, line) key makes that a no-op there.
        assertThat(given(PLACED)).isEqualTo(new Step.Reserve(L0));
    }

    @Test
    void aFailedLineReleasesEveryReservationMadeThenRejectsForLackOfStock() {
        assertThat(given(PLACED, reserved(0), failed(1, "out_of_stock"))).isEqualTo(new Step.Release(L0));
        assertThat(given(PLACED, reserved(0), failed(1, "out_of_stock"), released(0)))
                .isEqualTo(new Step.Reject("out_of_stock"));
        assertThat(given(PLACED, failed(0, "unavailable"))).isEqualTo(new Step.Reject("unavailable"));
        assertThat(given(
                        PLACED,
                        reserved(0),
                        failed(1, "out_of_stock"),
                        released(0),
                        new OrderRejected(ORDER, BUYER, "out_of_stock", List.of(L1))))
                .as("line 2 was never tried: nothing to release")
                .isEqualTo(new Step.Done());
    }

    @Test
    void aCancelledOrderReleasesItsReservationsAndTheLineThatMayBeInFlight() {
        OrderCancelled cancelled = new OrderCancelled(ORDER, BUYER, BUYER);
        assertThat(given(PLACED, reserved(0), cancelled)).isEqualTo(new Step.Release(L0));
        assertThat(given(PLACED, reserved(0), cancelled, released(0)))
                .as("line 1 may have been reserved and not recorded")
                .isEqualTo(new Step.Release(L1));
        assertThat(given(PLACED, reserved(0), cancelled, released(0), released(1)))
                .isEqualTo(new Step.Done());
        assertThat(given(PLACED, reserved(0), reserved(1), reserved(2), confirmed(), cancelled))
                .isEqualTo(new Step.Release(L0));
        assertThat(given(
                        PLACED,
                        reserved(0),
                        reserved(1),
                        reserved(2),
                        confirmed(),
                        cancelled,
                        released(0),
                        released(1),
                        released(2)))
                .isEqualTo(new Step.Done());
    }

    private static OrderConfirmed confirmed() {
        return new OrderConfirmed(ORDER, BUYER, new Money(300, "EUR"), List.of("100"));
    }
}
