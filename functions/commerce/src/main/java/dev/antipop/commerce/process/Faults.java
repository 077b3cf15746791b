package dev.antipop.commerce.process;

/**
 * A fault hook for tests of the order process on the local cloud (issue 10: "the processor made to fail after the
 * first reservation, then retried"): while the JVM system property {@value #PROPERTY} holds a positive count, the
 * process throws right after a reservation succeeds and before it records it, and the count goes down by one. The
 * local cloud runs every function in one JVM, so an end-to-end test arms it with {@code System.setProperty}. Never set
 * in a deployment (Lambda's environment variables are not system properties), so it costs one property read.
 */
public final class Faults {

    /** The system property: how many more reservations to fail after. */
    public static final String PROPERTY = "antipop.commerce.fault.afterReservation";

    private Faults() {}

    /** Thrown by the armed hook. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String message) {
            super(message, null, false, false);
        }
    }

    /** @throws InjectedFault when armed (and disarms by one) */
    static void afterReservation(String orderId, int line) {
        if (System.getProperty(PROPERTY) == null) {
            return;
        }
        synchronized (Faults.class) {
            String armed = System.getProperty(PROPERTY);
            if (armed == null) {
                return;
            }
            int left = Integer.parseInt(armed.strip());
            if (left <= 0) {
                return;
            }
            if (left == 1) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, Integer.toString(left - 1));
            }
        }
        throw new InjectedFault("injected fault after reserving order " + orderId + " line " + line);
    }
}
