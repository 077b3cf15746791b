package dev.antipop.commerce.cart;

/**
 * One line of a cart: a variant of a product and how many.
 *
 * @param quantity 1–{@value CartDecider#MAX_QUANTITY}
 */
public record CartLine(String productId, String brandId, String variantId, long quantity) {}
