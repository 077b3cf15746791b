package dev.antipop.commerce.order;

import dev.antipop.commerce.Money;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** An order folded from its stream. */
public sealed interface OrderState {

    /** No order yet. */
    record None() implements OrderState {}

    /**
     * A placed order.
     *
     * @param lines its lines, index order
     * @param total the sum of the line totals, one currency
     * @param brandIds the brands of its lines, sorted (one shipment each)
     * @param reserved lines the order process holds stock for
     * @param failed lines whose reservation was refused, with the reason ({@code out_of_stock}, {@code unavailable})
     * @param released lines whose stock was given back (or whose key was closed)
     * @param everConfirmed whether it was confirmed at some point (brand teams see it from then on)
     * @param shipped brands that shipped their part
     */
    record Order(
            String orderId,
            String buyerId,
            List<OrderLine> lines,
            Money total,
            List<String> brandIds,
            OrderStatus status,
            Set<Integer> reserved,
            Map<Integer, String> failed,
            Set<Integer> released,
            boolean everConfirmed,
            boolean paid,
            Set<String> shipped)
            implements OrderState {

        public Order {
            lines = List.copyOf(lines);
            brandIds = List.copyOf(brandIds);
            reserved = java.util.Collections.unmodifiableSet(new TreeSet<>(reserved));
            failed = java.util.Collections.unmodifiableMap(new TreeMap<>(failed));
            released = java.util.Collections.unmodifiableSet(new TreeSet<>(released));
            shipped = java.util.Collections.unmodifiableSet(new TreeSet<>(shipped));
        }

        /** The lines of {@code brandId}. */
        public List<OrderLine> linesOf(String brandId) {
            return lines.stream().filter(l -> l.brandId().equals(brandId)).toList();
        }

        /** The sum of {@code brandId}'s lines. */
        public Money subtotalOf(String brandId) {
            return linesOf(brandId).stream()
                    .map(OrderLine::lineTotal)
                    .reduce(new Money(0, total.currency()), Money::plus);
        }
    }
}
