package dev.antipop.commerce.order;

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
import dev.antipop.commerce.order.OrderState.None;
import dev.antipop.commerce.order.OrderState.Order;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order aggregate's decisions (issue 10, "CHECKOUT" and the order commands). Pure.
 *
 * <ul>
 *   <li>{@code PlaceOrder}: lines of one currency (the action checks it too); the total is the sum of line totals.
 *       It claims {@code checkout#<buyerId>#<cartVersion>}, so one cart version becomes at most one order however
 *       often CHECKOUT is sent (a repeat with the same {@code clientMutationId} gets the first answer).
 *   <li>The order process's records (line reserved / failed / released) are facts: recorded once each, in any
 *       status. {@code Confirm} needs every line reserved and the order pending; {@code Reject} a pending order; on
 *       any other status both decide nothing (a cancel got in first).
 *   <li>{@code CANCEL_ORDER}: the buyer or an admin ({@code forbidden} otherwise); a pending, confirmed or paid order
 *       with no shipment; cancelling a cancelled order decides nothing; a rejected or shipped one is a {@code
 *       conflict}.
 *   <li>{@code MARK_ORDER_PAID}: an admin, or the owner or a moderator of a brand in the order (payment is one per
 *       order); the order must be confirmed; paid twice decides nothing.
 *   <li>{@code MARK_ORDER_SHIPPED}: per brand. An order spanning brands ships once per brand: {@code brandId} names
 *       the part (optional when the order has one brand; an admin without it ships every part not shipped). Only that
 *       brand's team or an admin; the order must be paid; a part shipped twice decides nothing.
 *   <li>Each transition a brand's team should see ({@code confirmed}, {@code paid}, {@code shipped}, {@code
 *       cancelled} of a confirmed order) adds a {@link BrandOrderUpdated} per brand concerned, on its topic.
 * </ul>
 */
public final class OrderDecider implements Decider<OrderCommand, OrderEvent, OrderState> {

    /** Membership roles of a brand's team. */
    public static final String[] TEAM = {"owner", "moderator"};

    @Override
    public OrderState initialState() {
        return new None();
    }

    @Override
    public List<OrderEvent> decide(OrderCommand command, OrderState state) {
        if (command instanceof PlaceOrder place) {
            if (!(state instanceof None)) {
                throw CommandException.conflict("Order " + place.orderId() + " already exists");
            }
            return List.of(placed(place));
        }
        Order order = switch (state) {
            case None none -> throw CommandException.notFound("No such order");
            case Order o -> o;
        };
        return switch (command) {
            case PlaceOrder place -> throw new IllegalStateException("handled above");
            case RecordLineReserved r ->
                order.reserved().contains(r.line())
                        ? List.of()
                        : List.of(new OrderLineReserved(order.orderId(), order.buyerId(), r.line()));
            case RecordLineFailed f ->
                order.failed().containsKey(f.line())
                        ? List.of()
                        : List.of(new OrderLineFailed(order.orderId(), order.buyerId(), f.line(), f.reason()));
            case RecordLineReleased r ->
                order.released().contains(r.line())
                        ? List.of()
                        : List.of(new OrderLineReleased(order.orderId(), order.buyerId(), r.line()));
            case Confirm confirm -> {
                if (order.status() != OrderStatus.PENDING
                        || order.reserved().size() != order.lines().size()) {
                    yield List.of();
                }
                List<OrderEvent> events = new ArrayList<>();
                events.add(new OrderConfirmed(order.orderId(), order.buyerId(), order.total(), order.brandIds()));
                events.addAll(brandUpdates(order, order.brandIds(), "confirmed"));
                yield events;
            }
            case Reject reject -> {
                if (order.status() != OrderStatus.PENDING) {
                    yield List.of();
                }
                List<OrderLine> failed = order.lines().stream()
                        .filter(l -> order.failed().containsKey(l.line()))
                        .toList();
                yield List.of(new OrderRejected(order.orderId(), order.buyerId(), reject.reason(), failed));
            }
            case Cancel cancel -> cancel(order, cancel.caller());
            case MarkPaid paid -> {
                requireTeamOfAny(order, paid.caller());
                if (order.paid()) {
                    yield List.of();
                }
                if (order.status() != OrderStatus.CONFIRMED) {
                    throw CommandException.conflict("Only a confirmed order can be paid; it is "
                            + order.status().wire());
                }
                List<OrderEvent> events = new ArrayList<>();
                events.add(new OrderPaid(
                        order.orderId(), order.buyerId(), paid.caller().userId()));
                events.addAll(brandUpdates(order, order.brandIds(), "paid"));
                yield events;
            }
            case MarkShipped ship -> ship(order, ship);
        };
    }

    private static OrderPlaced placed(PlaceOrder place) {
        if (place.lines().isEmpty()) {
            throw CommandException.conflict("An order needs at least one line");
        }
        String currency = place.lines().get(0).unitPrice().currency();
        if (place.lines().stream().anyMatch(l -> !l.unitPrice().currency().equals(currency))) {
            throw CommandException.conflict(
                    "One order has one currency; the cart mixes currencies", Map.of("currency", "must be one"));
        }
        Money total = place.lines().stream().map(OrderLine::lineTotal).reduce(new Money(0, currency), Money::plus);
        List<String> brands = place.lines().stream()
                .map(OrderLine::brandId)
                .distinct()
                .sorted()
                .toList();
        return new OrderPlaced(place.orderId(), place.buyerId(), place.cartVersion(), place.lines(), total, brands);
    }

    private static List<OrderEvent> cancel(Order order, Caller caller) {
        if (!caller.userId().equals(order.buyerId()) && !caller.isAdmin()) {
            throw CommandException.forbidden("Only the buyer may cancel an order");
        }
        return switch (order.status()) {
            case CANCELLED -> List.of();
            case REJECTED -> throw CommandException.conflict("The order was rejected; there is nothing to cancel");
            case PARTIALLY_SHIPPED, SHIPPED ->
                throw CommandException.conflict("The order has shipped; it can no longer be cancelled");
            case PENDING, CONFIRMED, PAID -> {
                List<OrderEvent> events = new ArrayList<>();
                events.add(new OrderCancelled(order.orderId(), order.buyerId(), caller.userId()));
                if (order.everConfirmed()) {
                    events.addAll(brandUpdates(order, order.brandIds(), "cancelled"));
                }
                yield events;
            }
        };
    }

    private static List<OrderEvent> ship(Order order, MarkShipped ship) {
        Caller caller = ship.caller();
        List<String> brands;
        if (ship.brandId() != null) {
            if (!order.brandIds().contains(ship.brandId())) {
                throw CommandException.validation(Map.of("brandId", "is not a brand of this order"));
            }
            brands = List.of(ship.brandId());
        } else if (order.brandIds().size() == 1 || caller.isAdmin()) {
            brands = order.brandIds();
        } else {
            throw CommandException.validation(
                    Map.of("brandId", "is required: the order ships once per brand " + order.brandIds()));
        }
        for (String brand : brands) {
            if (!caller.isAdmin() && !caller.isMember("brand", brand, TEAM)) {
                throw CommandException.forbidden("Only the brand's owner and moderators may ship its part");
            }
        }
        List<String> pending =
                brands.stream().filter(b -> !order.shipped().contains(b)).toList();
        if (pending.isEmpty()) {
            return List.of();
        }
        if (order.status() != OrderStatus.PAID && order.status() != OrderStatus.PARTIALLY_SHIPPED) {
            throw CommandException.conflict(
                    "Only a paid order ships; it is " + order.status().wire());
        }
        List<OrderEvent> events = new ArrayList<>();
        for (String brand : pending) {
            events.add(new OrderShipped(order.orderId(), order.buyerId(), brand, caller.userId()));
        }
        events.addAll(brandUpdates(order, pending, "shipped"));
        return events;
    }

    private static void requireTeamOfAny(Order order, Caller caller) {
        if (!caller.isAdmin() && order.brandIds().stream().noneMatch(b -> caller.isMember("brand", b, TEAM))) {
            throw CommandException.forbidden("Only admins and the team of a brand in the order may do this");
        }
    }

    private static List<OrderEvent> brandUpdates(Order order, List<String> brands, String status) {
        return brands.stream()
                .<OrderEvent>map(b -> new BrandOrderUpdated(
                        order.orderId(), order.buyerId(), b, status, order.linesOf(b), order.subtotalOf(b)))
                .toList();
    }

    @Override
    public OrderState evolve(OrderState state, OrderEvent event) {
        if (event instanceof OrderPlaced placed) {
            return new Order(
                    placed.orderId(),
                    placed.buyerId(),
                    placed.lines(),
                    placed.total(),
                    placed.brandIds(),
                    OrderStatus.PENDING,
                    Set.of(),
                    Map.of(),
                    Set.of(),
                    false,
                    false,
                    Set.of());
        }
        if (!(state instanceof Order o)) {
            return state;
        }
        Set<Integer> reserved = new HashSet<>(o.reserved());
        Map<Integer, String> failed = new HashMap<>(o.failed());
        Set<Integer> released = new HashSet<>(o.released());
        Set<String> shipped = new HashSet<>(o.shipped());
        OrderStatus status = o.status();
        boolean everConfirmed = o.everConfirmed();
        boolean paid = o.paid();
        switch (event) {
            case OrderPlaced placed -> {}
            case OrderLineReserved r -> reserved.add(r.line());
            case OrderLineFailed f -> failed.put(f.line(), f.reason());
            case OrderLineReleased r -> released.add(r.line());
            case OrderConfirmed c -> {
                status = OrderStatus.CONFIRMED;
                everConfirmed = true;
            }
            case OrderRejected r -> status = OrderStatus.REJECTED;
            case OrderCancelled c -> status = OrderStatus.CANCELLED;
            case OrderPaid p -> {
                status = OrderStatus.PAID;
                paid = true;
            }
            case OrderShipped s -> {
                shipped.add(s.brandId());
                status = shipped.containsAll(o.brandIds()) ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED;
            }
            case BrandOrderUpdated b -> {}
        }
        return new Order(
                o.orderId(),
                o.buyerId(),
                o.lines(),
                o.total(),
                o.brandIds(),
                status,
                reserved,
                failed,
                released,
                everConfirmed,
                paid,
                shipped);
    }

    @Override
    public List<String> uniqueClaims(OrderEvent event) {
        return event instanceof OrderPlaced placed
                ? List.of(checkoutClaim(placed.buyerId(), placed.cartVersion()))
                : List.of();
    }

    /** The claim that makes one cart version one order: {@code checkout#<buyerId>#<cartVersion>}. */
    public static String checkoutClaim(String buyerId, long cartVersion) {
        return "checkout#" + buyerId + "#" + cartVersion;
    }
}
