package dev.antipop.local.check;

import java.io.PrintStream;
import java.util.List;

/**
 * What a {@link ConsistencyChecker} run found.
 *
 * @param violations broken invariants (none in a healthy store)
 * @param positionLags processors behind their streams (settle to none once the mappings have caught up)
 * @param viewLags view items whose version is below their stream's last version: expected for an item that later
 *     events of its stream do not touch, listed so a stalled projection shows
 * @param tables tables read
 * @param events events read
 * @param streams streams read
 * @param acknowledged acknowledged commands checked (idempotency items)
 * @param viewItems view items whose stream was found and compared
 */
public record CheckReport(
        List<Violation> violations,
        List<Lag> positionLags,
        List<Lag> viewLags,
        int tables,
        long events,
        long streams,
        long acknowledged,
        long viewItems) {

    /** Copies. */
    public CheckReport {
        violations = List.copyOf(violations);
        positionLags = List.copyOf(positionLags);
        viewLags = List.copyOf(viewLags);
    }

    /** Whether no invariant is broken. */
    public boolean ok() {
        return violations.isEmpty();
    }

    /** Whether no processor is behind. */
    public boolean settled() {
        return positionLags.isEmpty();
    }

    /**
     * Prints the figures, then each violation with its ids, then the lags (at most {@code 20} view lags, with a
     * count of the rest).
     */
    public void print(PrintStream out) {
        out.printf(
                "checked %d tables: %d events in %d streams, %d acknowledged commands, %d view items%n",
                tables, events, streams, acknowledged, viewItems);
        out.printf("%d violation(s)%n", violations.size());
        violations.forEach(v -> out.println("  " + v));
        out.printf("%d processor position(s) behind%n", positionLags.size());
        positionLags.forEach(l -> out.println("  " + l));
        out.printf("%d view item(s) behind their stream%n", viewLags.size());
        viewLags.stream().limit(20).forEach(l -> out.println("  " + l));
        if (viewLags.size() > 20) {
            out.printf("  ... and %d more%n", viewLags.size() - 20);
        }
    }
}
