package dev.antipop.commerce;

import java.util.Objects;

/**
 * An amount (DESIGN.md section 10): {@code amount} in the currency's minor units (cents), {@code currency} an ISO 4217
 * alphabetic code. Integers, never floating point, so totals are exact.
 */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    /** {@code this × quantity}. @throws ArithmeticException on overflow (not reachable below PayloadSchema's cap) */
    public Money times(long quantity) {
        return new Money(Math.multiplyExact(amount, quantity), currency);
    }

    /** {@code this + other}, same currency. @throws IllegalArgumentException for another currency */
    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amount, other.amount), currency);
    }
}
