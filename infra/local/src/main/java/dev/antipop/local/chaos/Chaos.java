package dev.antipop.local.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, reproducibly, where a fault is injected. A decision depends only on the seed, the fault and the occasion's
 * key (a mapping and the sequence numbers of a batch with its attempt; a connection id and the number of posts to it),
 * never on a shared random sequence: concurrent threads cannot shift each other's faults, and a run with the same seed
 * over the same records meets the same faults at the same records. Every injected fault is logged as one WARN line
 * {@code chaos seed=S fault=F at=SITE key=K} and counted ({@link #report()}).
 *
 * <p>Thread-safe. {@link #off()} never injects anything.
 */
public final class Chaos {

    private static final Logger LOG = LoggerFactory.getLogger(Chaos.class);

    private static final Chaos OFF = new Chaos(null);

    private final ChaosSettings settings;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);

    private Chaos(ChaosSettings settings) {
        this.settings = settings;
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicLong());
        }
    }

    /** Chaos with these settings. */
    public static Chaos of(ChaosSettings settings) {
        return settings == null ? OFF : new Chaos(settings);
    }

    /** No chaos. */
    public static Chaos off() {
        return OFF;
    }

    /** Whether any fault can be injected. */
    public boolean enabled() {
        return settings != null;
    }

    /** The settings, or null when off. */
    public ChaosSettings settings() {
        return settings;
    }

    /**
     * Whether {@code fault} hits this occasion; when it does, logs it and counts it.
     *
     * @param site where (a function or API name), for the log line
     * @param key what identifies the occasion within the site (stable across runs over the same data)
     */
    public boolean hits(Fault fault, String site, String key) {
        if (settings == null) {
            return false;
        }
        double rate = settings.rate(fault);
        if (rate <= 0 || uniform(fault, key, 0) >= rate) {
            return false;
        }
        injected.get(fault).incrementAndGet();
        LOG.warn("chaos seed={} fault={} at={} key={}", settings.seed(), fault.key(), site, key);
        return true;
    }

    /** The delay of a {@link Fault#STREAM_DELAY} for this occasion: zero unless the fault hits. */
    public Duration streamDelay(String site, String key) {
        if (!hits(Fault.STREAM_DELAY, site, key)) {
            return Duration.ZERO;
        }
        long max = settings.maxStreamDelay().toMillis();
        return Duration.ofMillis((long) (uniform(Fault.STREAM_DELAY, key, 1) * (max + 1)));
    }

    /**
     * What {@code /_local/health} shows under {@code chaos}: {@code seed}, {@code option} (the {@code --chaos} value
     * that replays this run), {@code rates}, {@code maxStreamDelayMillis} and {@code injected} counts per fault; null
     * when chaos is off.
     */
    public Map<String, Object> report() {
        if (settings == null) {
            return null;
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("seed", settings.seed());
        report.put("option", "--chaos " + settings.toOption());
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Fault fault : Fault.values()) {
            rates.put(fault.key(), settings.rate(fault));
            counts.put(fault.key(), injected.get(fault).get());
        }
        report.put("rates", rates);
        report.put("maxStreamDelayMillis", settings.maxStreamDelay().toMillis());
        report.put("injected", counts);
        return report;
    }

    /** How many times {@code fault} was injected. */
    public long injected(Fault fault) {
        return injected.get(fault).get();
    }

    /** A uniform double in [0, 1) from (seed, fault, key, salt): FNV-1a over the key, then SplitMix64's finaliser. */
    private double uniform(Fault fault, String key, int salt) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = h ^ settings.seed() * 0x9E3779B97F4A7C15L ^ (fault.ordinal() + 1L) << 56 ^ salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
