package dev.antipop.dynamodb;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waiting for another writer's item: DynamoDB offers no notification, so a reader polls with a doubling pause (5 ms up
 * to 160 ms) until the answer is there or the time is up. Used by read-your-writes (a view reaching a position, a
 * profile being projected).
 */
public final class Polling {

    private Polling() {}

    /**
     * Asks {@code probe} until it answers or {@code timeout} has passed.
     *
     * @return the first answer; empty on timeout or when the thread is interrupted (its flag is kept)
     */
    public static <T> Optional<T> until(Supplier<Optional<T>> probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            Optional<T> answer = probe.get();
            long left = deadline - System.nanoTime();
            if (answer.isPresent() || left <= 0) {
                return answer;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 160);
        }
    }
}
