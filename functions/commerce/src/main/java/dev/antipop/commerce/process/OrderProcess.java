package dev.antipop.commerce.process;

import dev.antipop.commerce.order.OrderLine;
import dev.antipop.commerce.order.OrderState.Order;
import dev.antipop.commerce.order.OrderStatus;
import java.util.Optional;

/**
 * The order process manager's decision, as a pure function of the order's events ({@link Order} folded from its
 * stream): which one step comes next. Progress lives only in events keyed by order id and line, never in memory, so a
 * process killed or retried after any step takes up where the events say it is; and every step is idempotent on the
 * catalog's side too (reservations are keyed by order id and line), so a step done but not yet recorded is done
 * again harmlessly.
 *
 * <ol>
 *   <li>Pending, no line failed: reserve the first line neither reserved nor failed, in line order; when every line
 *       is reserved, confirm.
 *   <li>Pending with a failed line: release every reserved line not released yet, then reject with reason {@code
 *       out_of_stock} when a line lacked stock (else {@code unavailable}).
 *   <li>Cancelled (or rejected): release every reserved line not released yet; for a cancel while no line had
 *       failed, also the first line neither reserved nor failed, whose reservation may have been made and not yet
 *       recorded when the cancel came (its release closes the key, so a late reserve of it is refused); then done.
 *   <li>Confirmed, paid, shipped: done.
 * </ol>
 */
public final class OrderProcess {

    /** Reason of a rejection for lack of stock. */
    public static final String OUT_OF_STOCK = "out_of_stock";

    /** Reason of a rejection for a line no longer on sale. */
    public static final String UNAVAILABLE = "unavailable";

    /** One step of the process. */
    public sealed interface Step {
        /** Reserve {@code line}'s stock. */
        record Reserve(OrderLine line) implements Step {}

        /** Give back {@code line}'s stock. */
        record Release(OrderLine line) implements Step {}

        /** Confirm the order. */
        record Confirm() implements Step {}

        /** Reject the order for {@code reason}. */
        record Reject(String reason) implements Step {}

        /** Nothing left to do. */
        record Done() implements Step {}
    }

    private OrderProcess() {}

    /** The next step for {@code order}. */
    public static Step next(Order order) {
        Optional<OrderLine> unsettled = order.lines().stream()
                .filter(l ->
                        !order.reserved().contains(l.line()) && !order.failed().containsKey(l.line()))
                .findFirst();
        return switch (order.status()) {
            case CANCELLED, REJECTED -> {
                // A line may be in flight only while no line failed: the process stops reserving at a failure.
                Optional<OrderLine> inFlight = order.status() == OrderStatus.CANCELLED
                                && order.failed().isEmpty()
                        ? unsettled
                        : Optional.empty();
                Optional<OrderLine> release = order.lines().stream()
                        .filter(l -> !order.released().contains(l.line()))
                        .filter(l -> order.reserved().contains(l.line())
                                || inFlight.map(u -> u.line() == l.line()).orElse(false))
                        .findFirst();
                yield release.<Step>map(Step.Release::new).orElseGet(Step.Done::new);
            }
            case PENDING -> {
                if (!order.failed().isEmpty()) {
                    Optional<OrderLine> release = order.lines().stream()
                            .filter(l -> order.reserved().contains(l.line())
                                    && !order.released().contains(l.line()))
                            .findFirst();
                    if (release.isPresent()) {
                        yield new Step.Release(release.get());
                    }
                    yield new Step.Reject(order.failed().containsValue(OUT_OF_STOCK) ? OUT_OF_STOCK : UNAVAILABLE);
                }
                yield unsettled.<Step>map(Step.Reserve::new).orElseGet(Step.Confirm::new);
            }
            case CONFIRMED, PAID, PARTIALLY_SHIPPED, SHIPPED -> new Step.Done();
        };
    }
}
