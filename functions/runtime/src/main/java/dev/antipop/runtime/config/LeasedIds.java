package dev.antipop.runtime.config;

import dev.antipop.core.id.Snowflake;
import dev.antipop.dynamodb.NodeIdLease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Snowflake ids whose node id is leased from the leases table, so that concurrently running execution environments
 * never share a node id (two environments with one node id could issue the same id in the same millisecond).
 *
 * <p>The lease lasts {@link #LEASE_TTL} and is renewed on use once half of it has passed. A frozen execution
 * environment whose lease lapsed re-leases (possibly another node id) before issuing again.
 */
public final class LeasedIds implements Supplier<String> {

    /** How long a node id lease lasts without renewal. */
    public static final Duration LEASE_TTL = Duration.ofHours(1);

    private final Supplier<NodeIdLease> acquire;
    private final Clock clock;
    private NodeIdLease lease;
    private Snowflake snowflake;
    private Instant renewAfter;

    private LeasedIds(Supplier<NodeIdLease> acquire, Snowflake fixed, Clock clock) {
        this.acquire = acquire;
        this.snowflake = fixed;
        this.clock = clock;
    }

    /**
     * Ids whose node id is leased at the first id.
     *
     * @param acquire leases a node id (a conditional write to the leases table)
     * @param clock the time source for ids and renewal
     */
    public static LeasedIds leased(Supplier<NodeIdLease> acquire, Clock clock) {
        return new LeasedIds(acquire, null, clock);
    }

    /** Ids with a fixed node id (0–1023): only where a single process issues ids. */
    public static LeasedIds fixed(int nodeId, Clock clock) {
        return new LeasedIds(null, new Snowflake(nodeId, clock::millis), clock);
    }

    /** A new Snowflake id as a decimal string. */
    @Override
    public synchronized String get() {
        if (acquire == null) {
            return snowflake.nextIdString();
        }
        Instant now = clock.instant();
        if (snowflake == null) {
            lease = acquire.get();
            snowflake = new Snowflake(lease.nodeId(), clock::millis);
            renewAfter = now.plus(LEASE_TTL.dividedBy(2));
        } else if (now.isAfter(renewAfter)) {
            try {
                lease.renew();
            } catch (RuntimeException lapsed) {
                // Another environment took the node id after our lease expired: lease a fresh one.
                lease = acquire.get();
                snowflake = new Snowflake(lease.nodeId(), clock::millis);
            }
            renewAfter = now.plus(LEASE_TTL.dividedBy(2));
        }
        return snowflake.nextIdString();
    }
}
