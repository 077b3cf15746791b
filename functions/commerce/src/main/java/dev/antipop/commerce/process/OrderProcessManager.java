package dev.antipop.commerce.process;

import dev.antipop.commerce.order.OrderCommand;
import dev.antipop.commerce.order.OrderEvent;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.order.OrderState;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.decider.Decider;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.EventStore;
import java.util.function.Supplier;

/**
 * Runs the order process ({@link OrderProcess}) in the commerce processor, on {@code order_placed} and {@code
 * order_cancelled}: read the order's stream, take the next step, record its outcome on the order's stream (with the
 * expected version, through the order's {@link CommandHandler}), and again until done. A fault anywhere throws, the
 * stream record is redelivered, and the run resumes from the events: no step is lost or taken twice with effect.
 */
public final class OrderProcessManager {

    private final EventStore store;
    private final Decider<OrderCommand, OrderEvent, OrderState> decider;
    private final CommandHandler<OrderCommand, OrderEvent, OrderState> orders;
    private final Inventory inventory;
    private final Supplier<String> ids;

    /** @param ids command ids of the records it appends */
    public OrderProcessManager(
            EventStore store,
            Decider<OrderCommand, OrderEvent, OrderState> decider,
            CommandHandler<OrderCommand, OrderEvent, OrderState> orders,
            Inventory inventory,
            Supplier<String> ids) {
        this.store = store;
        this.decider = decider;
        this.orders = orders;
        this.inventory = inventory;
        this.ids = ids;
    }

    /**
     * Drives order {@code orderId} until {@link OrderProcess.Step.Done}.
     *
     * @param source the event being handled (causation of every step)
     */
    public void run(String orderId, EventEnvelope source) {
        String stream = OrderEvents.streamOf(orderId);
        String correlationId = source.meta() == null ? null : source.meta().correlationId();
        // Each step records one event or more; the bound only guards against a bug looping forever.
        for (int guard = 0; guard < 1000; guard++) {
            OrderState state = decider.initialState();
            for (EventEnvelope envelope : store.read(stream, 1)) {
                state = decider.evolve(state, OrderEvents.CODEC.fromEnvelope(envelope));
            }
            if (!(state instanceof OrderState.Order order)) {
                return;
            }
            OrderProcess.Step step = OrderProcess.next(order);
            OrderCommand record = switch (step) {
                case OrderProcess.Step.Done done -> null;
                case OrderProcess.Step.Reserve reserve -> {
                    Inventory.Outcome outcome =
                            inventory.reserve(orderId, reserve.line(), correlationId, source.eventId());
                    yield switch (outcome) {
                        case Inventory.Outcome.Reserved reserved -> {
                            Faults.afterReservation(orderId, reserve.line().line());
                            yield new OrderCommand.RecordLineReserved(
                                    reserve.line().line());
                        }
                        case Inventory.Outcome.Refused refused ->
                            new OrderCommand.RecordLineFailed(reserve.line().line(), refused.reason());
                    };
                }
                case OrderProcess.Step.Release release -> {
                    inventory.release(orderId, release.line(), correlationId, source.eventId());
                    yield new OrderCommand.RecordLineReleased(release.line().line());
                }
                case OrderProcess.Step.Confirm confirm -> new OrderCommand.Confirm();
                case OrderProcess.Step.Reject reject -> new OrderCommand.Reject(reject.reason());
            };
            if (record == null) {
                return;
            }
            orders.handle(stream, record, new CommandMeta(ids.get(), null, correlationId, source.eventId(), null));
        }
        throw new IllegalStateException("The order process of " + orderId + " did not settle");
    }
}
