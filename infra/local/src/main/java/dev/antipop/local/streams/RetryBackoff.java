package dev.antipop.local.streams;

import java.time.Duration;

/**
 * The wait before retrying a failed batch: {@code initial} doubling per retry up to {@code max}. Lambda backs off
 * between stream batch retries too (its figures are not published); locally the waits are kept short so that a failing
 * function shows its retries within a second or two.
 *
 * @param initial the wait before the first retry
 * @param max the longest wait
 */
public record RetryBackoff(Duration initial, Duration max) {

    /** 50 ms doubling to 1 s. */
    public static RetryBackoff localDefault() {
        return new RetryBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /**
     * The wait before retry number {@code retry}.
     *
     * @param retry 1 for the first retry
     */
    public Duration delayBefore(int retry) {
        long millis = initial.toMillis();
        for (int i = 1; i < retry && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
