package dev.antipop.core.limit;

/**
 * A token bucket rate limiter as pure arithmetic: {@code ratePerSecond} tokens flow in per second up to {@code burst};
 * each admitted request takes one token. The state lives wherever the caller keeps it (for WebSocket connections: on
 * the connection item, updated conditionally so that concurrent Lambda environments share one bucket).
 *
 * <p>The algorithm is the classic one (RFC 2697's "token bucket" metering, and what API Gateway's own throttling
 * documents as "rate" and "burst"). A bucket that has never been used starts full, so a client may send {@code burst}
 * messages at once right after connecting.
 *
 * @param ratePerSecond refill rate in tokens per second, &gt; 0
 * @param burst capacity in tokens, &ge; 1
 */
public record TokenBucket(double ratePerSecond, double burst) {

    /** Validates the parameters. */
    public TokenBucket {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("Token bucket rate must be a positive number, got " + ratePerSecond);
        }
        if (!(burst >= 1) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("Token bucket burst must be at least 1, got " + burst);
        }
    }

    /**
     * The bucket's state at one moment.
     *
     * @param tokens tokens left after the last admitted request, 0..burst
     * @param atMillis when {@code tokens} was computed, epoch milliseconds
     */
    public record State(double tokens, long atMillis) {}

    /**
     * The outcome of one request.
     *
     * @param admitted whether a token was taken
     * @param next the state to store when admitted (unchanged input state when refused)
     * @param retryAfterMillis when refused, milliseconds until one token is available; 0 when admitted
     */
    public record Decision(boolean admitted, State next, long retryAfterMillis) {}

    /**
     * Takes one token if there is one.
     *
     * @param current the stored state, or {@code null} for a bucket never used (it starts full)
     * @param nowMillis the current time, epoch milliseconds; a clock that went backwards refills nothing
     */
    public Decision take(State current, long nowMillis) {
        double available = current == null ? burst : refilled(current, nowMillis);
        if (available >= 1) {
            return new Decision(true, new State(available - 1, nowMillis), 0);
        }
        long wait = (long) Math.ceil((1 - available) * 1000 / ratePerSecond);
        return new Decision(false, current, Math.max(1, wait));
    }

    private double refilled(State state, long nowMillis) {
        long elapsed = Math.max(0, nowMillis - state.atMillis());
        return Math.min(burst, state.tokens() + elapsed * ratePerSecond / 1000.0);
    }
}
