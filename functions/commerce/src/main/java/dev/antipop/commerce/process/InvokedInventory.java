package dev.antipop.commerce.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.commerce.order.OrderLine;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.command.InternalCommandFunction;

/**
 * {@link Inventory} through the catalog's internal commands, by Lambda Invoke ({@link CommandInvoker}) of {@code
 * RESERVE_INVENTORY_FUNCTION} and {@code RELEASE_INVENTORY_FUNCTION}. A refusal whose message starts with {@code
 * out_of_stock}, {@code unavailable} or {@code released} (the catalog's {@code Reservations} reasons) is a refused
 * line; any other refusal (such as a lost optimistic-concurrency race after all retries) and any function error is a
 * fault, thrown so the stream batch is retried.
 */
public final class InvokedInventory implements Inventory {

    private final CommandInvoker invoker;
    private final String reserveFunction;
    private final String releaseFunction;

    /** @param reserveFunction {@code !Ref ReserveInventoryFunction}; {@code releaseFunction} likewise */
    public InvokedInventory(CommandInvoker invoker, String reserveFunction, String releaseFunction) {
        this.invoker = invoker;
        this.reserveFunction = reserveFunction;
        this.releaseFunction = releaseFunction;
    }

    @Override
    public Outcome reserve(String orderId, OrderLine line, String correlationId, String causationId) {
        ObjectNode input = input(orderId, line);
        input.put("quantity", line.quantity());
        InternalCommandFunction.Result result =
                invoker.invoke(reserveFunction, "RESERVE_INVENTORY", input, correlationId, causationId);
        if (result.ok()) {
            return new Outcome.Reserved();
        }
        String message = result.message() == null ? "" : result.message();
        if ("conflict".equals(result.code()) && message.startsWith(OrderProcess.OUT_OF_STOCK)) {
            return new Outcome.Refused(OrderProcess.OUT_OF_STOCK);
        }
        if ("conflict".equals(result.code()) && (message.startsWith("unavailable") || message.startsWith("released"))) {
            return new Outcome.Refused(OrderProcess.UNAVAILABLE);
        }
        throw new IllegalStateException("RESERVE_INVENTORY of order " + orderId + " line " + line.line() + ": "
                + result.code() + " " + message);
    }

    @Override
    public void release(String orderId, OrderLine line, String correlationId, String causationId) {
        InternalCommandFunction.Result result =
                invoker.invoke(releaseFunction, "RELEASE_INVENTORY", input(orderId, line), correlationId, causationId);
        if (!result.ok()) {
            throw new IllegalStateException("RELEASE_INVENTORY of order " + orderId + " line " + line.line() + ": "
                    + result.code() + " " + result.message());
        }
    }

    private static ObjectNode input(String orderId, OrderLine line) {
        ObjectNode input = EnvelopeJson.mapper().createObjectNode();
        input.put("productId", line.productId());
        input.put("variantId", line.variantId());
        input.put("orderId", orderId);
        input.put("line", line.line());
        return input;
    }
}
