package dev.antipop.commerce.order;

import dev.antipop.commerce.Money;

/**
 * One line of an order, with the price captured at checkout.
 *
 * @param line the line's index in the order, from 0 (reservations are keyed by order id and this index)
 * @param unitPrice the variant's price when the order was placed
 * @param lineTotal {@code unitPrice × quantity}, minor units
 */
public record OrderLine(
        int line,
        String productId,
        String brandId,
        String variantId,
        String sku,
        long quantity,
        Money unitPrice,
        Money lineTotal) {}
