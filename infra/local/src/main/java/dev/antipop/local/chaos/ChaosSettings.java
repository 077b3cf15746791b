package dev.antipop.local.chaos;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The chaos switch's settings: a seed and, per {@link Fault}, the probability that one occasion meets it (a batch
 * delivery, an invocation, a {@code PostToConnection}), plus the longest stream delay.
 *
 * <p>Written {@code SEED} or {@code SEED,key=value,...} on the command line ({@code ./run-local --chaos 42} or
 * {@code --chaos 42,fail=0.2,poison=0,delay-ms=500}); keys are the faults' short names and {@code delay-ms}.
 *
 * @param seed the seed every decision is derived from
 * @param rates probability in [0, 1] per fault; a missing fault is 0
 * @param maxStreamDelay the longest delay of a {@link Fault#STREAM_DELAY} (uniform in [0, max])
 */
public record ChaosSettings(long seed, Map<Fault, Double> rates, Duration maxStreamDelay) {

    /**
     * The default rates: frequent enough that a one-minute soak meets every fault many times, rare enough that a
     * batch still gets through its retries (a processor allows 10 retries: 0.05^11 is never).
     */
    public static final Map<Fault, Double> DEFAULT_RATES = Map.of(
            Fault.DUPLICATE_BATCH, 0.05,
            Fault.FAILED_BATCH, 0.05,
            Fault.POISON_RECORD, 0.01,
            Fault.TIMEOUT, 0.02,
            Fault.STREAM_DELAY, 0.10,
            Fault.THROTTLED_POST, 0.02,
            Fault.GONE_POST, 0.005);

    /** The default longest stream delay. */
    public static final Duration DEFAULT_MAX_STREAM_DELAY = Duration.ofMillis(250);

    /**
     * @throws IllegalArgumentException for a rate outside [0, 1] or a negative delay
     */
    public ChaosSettings {
        Objects.requireNonNull(maxStreamDelay, "maxStreamDelay");
        EnumMap<Fault, Double> copy = new EnumMap<>(Fault.class);
        for (Fault fault : Fault.values()) {
            double rate = rates.getOrDefault(fault, 0.0);
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("chaos rate of " + fault.shortKey() + " must be in [0, 1]: " + rate);
            }
            copy.put(fault, rate);
        }
        rates = Collections.unmodifiableMap(copy);
        if (maxStreamDelay.isNegative()) {
            throw new IllegalArgumentException("chaos delay-ms must not be negative");
        }
    }

    /** The defaults with {@code seed}. */
    public static ChaosSettings defaults(long seed) {
        return new ChaosSettings(seed, DEFAULT_RATES, DEFAULT_MAX_STREAM_DELAY);
    }

    /** The probability of {@code fault}. */
    public double rate(Fault fault) {
        return rates.get(fault);
    }

    /** A copy with another rate for {@code fault}. */
    public ChaosSettings with(Fault fault, double rate) {
        EnumMap<Fault, Double> next = new EnumMap<>(rates);
        next.put(fault, rate);
        return new ChaosSettings(seed, next, maxStreamDelay);
    }

    /**
     * Parses {@code SEED[,key=value...]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ChaosSettings parse(String text) {
        String[] parts = text.split(",");
        long seed;
        try {
            seed = Long.parseLong(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--chaos: the seed must be an integer: " + parts[0]);
        }
        ChaosSettings settings = defaults(seed);
        for (int i = 1; i < parts.length; i++) {
            String pair = parts[i].trim();
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--chaos: " + pair + " is not key=value");
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            try {
                if (key.equals("delay-ms")) {
                    settings = new ChaosSettings(
                            settings.seed(), settings.rates(), Duration.ofMillis(Long.parseLong(value)));
                } else {
                    settings = settings.with(Fault.of(key), Double.parseDouble(value));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--chaos: " + key + " needs a number: " + value);
            }
        }
        return settings;
    }

    /** The command-line form, which {@link #parse} reads back to equal settings. */
    public String toOption() {
        StringBuilder text = new StringBuilder(Long.toString(seed));
        for (Fault fault : Fault.values()) {
            text.append(',').append(fault.shortKey()).append('=').append(rates.get(fault));
        }
        return text.append(",delay-ms=").append(maxStreamDelay.toMillis()).toString();
    }
}
