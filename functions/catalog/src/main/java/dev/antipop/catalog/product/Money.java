package dev.antipop.catalog.product;

import java.util.Objects;

/**
 * A price (DESIGN.md section 10): {@code amount} in the currency's minor units (cents), {@code currency} an ISO 4217
 * alphabetic code. Integers, never floating point, so sums are exact.
 */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }
}
