package dev.antipop.commerce.process;

import dev.antipop.commerce.order.OrderLine;

/**
 * The catalog's stock as the order process sees it: {@code RESERVE_INVENTORY} and {@code RELEASE_INVENTORY} on the
 * line's product stream, keyed by order id and line (idempotent there).
 */
public interface Inventory {

    /** What a reservation came to. */
    sealed interface Outcome {
        /** The stock is held (now, or already by an earlier attempt). */
        record Reserved() implements Outcome {}

        /** The catalog refused: {@code reason} is {@code out_of_stock} or {@code unavailable}. */
        record Refused(String reason) implements Outcome {}
    }

    /**
     * Holds {@code line}'s quantity for order {@code orderId}.
     *
     * @param causationId the event the process is handling
     * @throws RuntimeException for a fault (the stream batch is retried)
     */
    Outcome reserve(String orderId, OrderLine line, String correlationId, String causationId);

    /**
     * Gives back what {@code line} of {@code orderId} holds, once; closes the key when it holds nothing.
     *
     * @throws RuntimeException for a fault or a refusal (the stream batch is retried)
     */
    void release(String orderId, OrderLine line, String correlationId, String causationId);
}
