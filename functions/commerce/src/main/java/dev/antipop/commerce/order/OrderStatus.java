package dev.antipop.commerce.order;

/**
 * Where an order stands. {@code PENDING} while the order process reserves stock; then {@code CONFIRMED} or {@code
 * REJECTED}; a confirmed order becomes {@code PAID}, then {@code PARTIALLY_SHIPPED} as its brands ship (one shipment
 * per brand) and {@code SHIPPED} when every brand has; {@code CANCELLED} by its buyer before any shipment.
 */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    PAID,
    PARTIALLY_SHIPPED,
    SHIPPED,
    CANCELLED;

    /** The status as clients see it: lower case. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
