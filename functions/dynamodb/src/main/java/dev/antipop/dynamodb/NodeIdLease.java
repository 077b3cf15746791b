package dev.antipop.dynamodb;

import dev.antipop.core.id.Snowflake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A time-limited claim on one Snowflake node id (0..1023), so concurrently running function instances never share
 * one. The claim is an item {@code key = snowflake-node#<n>}, {@code owner} S, {@code expiresAt} N (epoch seconds;
 * usable as the leases table's TTL attribute) in the leases table, written with a conditional Put that succeeds only
 * if the id is unclaimed or its lease has expired ({@code attribute_not_exists(key) OR expiresAt < :now}).
 *
 * <p>The holder must {@link #renew()} well before {@link #expiresAt()} (e.g. every third of the ttl) and stop issuing
 * ids if renewal fails: after expiry another instance may take the id. Clock skew between instances shortens the
 * effective lease by the skew, so keep the ttl far above it (minutes, not seconds).
 */
public final class NodeIdLease {

    /** Leases table: partition key, S. */
    public static final String KEY = "key";
    /** Leases table: the holder, S. */
    public static final String OWNER = "owner";
    /** Leases table: end of the lease in epoch seconds, N. */
    public static final String EXPIRES_AT = "expiresAt";
    /** Key prefix of node-id leases: {@code snowflake-node#<n>}. */
    public static final String KEY_PREFIX = "snowflake-node#";

    private static final int NODE_IDS = Snowflake.MAX_NODE_ID + 1;

    private final DynamoDbClient client;
    private final String leasesTable;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    private final int nodeId;
    private volatile Instant expiresAt;

    private NodeIdLease(
            DynamoDbClient client,
            String leasesTable,
            String owner,
            Duration ttl,
            Clock clock,
            int nodeId,
            Instant expiresAt) {
        this.client = client;
        this.leasesTable = leasesTable;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
        this.nodeId = nodeId;
        this.expiresAt = expiresAt;
    }

    /**
     * Claims the first free node id, starting at a random one and going up (wrapping at 1023), so instances starting
     * together rarely contend for the same item.
     *
     * @param owner a unique name for this instance (e.g. the Lambda log stream name plus a UUID)
     * @param ttl the lease length, at least one second
     * @throws IllegalStateException if all 1024 ids are held by unexpired leases
     */
    public static NodeIdLease acquire(
            DynamoDbClient client, String leasesTable, String owner, Duration ttl, Clock clock) {
        return acquire(
                client,
                leasesTable,
                owner,
                ttl,
                clock,
                ThreadLocalRandom.current().nextInt(NODE_IDS));
    }

    /**
     * As {@link #acquire(DynamoDbClient, String, String, Duration, Clock)}, trying {@code firstCandidate} first.
     *
     * @param firstCandidate the node id tried first, 0..1023
     */
    public static NodeIdLease acquire(
            DynamoDbClient client, String leasesTable, String owner, Duration ttl, Clock clock, int firstCandidate) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(leasesTable, "leasesTable");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(clock, "clock");
        if (ttl.getSeconds() < 1) {
            throw new IllegalArgumentException("Lease ttl must be at least 1 s");
        }
        if (firstCandidate < 0 || firstCandidate >= NODE_IDS) {
            throw new IllegalArgumentException("firstCandidate must be in 0.." + Snowflake.MAX_NODE_ID);
        }
        for (int i = 0; i < NODE_IDS; i++) {
            int candidate = (firstCandidate + i) % NODE_IDS;
            Instant now = clock.instant();
            Instant expiresAt = now.plus(ttl);
            try {
                client.putItem(r -> r.tableName(leasesTable)
                        .item(Map.of(
                                KEY, AttributeValue.fromS(KEY_PREFIX + candidate),
                                OWNER, AttributeValue.fromS(owner),
                                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                        .conditionExpression("attribute_not_exists(#k) OR #e < :now")
                        .expressionAttributeNames(Map.of("#k", KEY, "#e", EXPIRES_AT))
                        .expressionAttributeValues(
                                Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
                return new NodeIdLease(client, leasesTable, owner, ttl, clock, candidate, expiresAt);
            } catch (ConditionalCheckFailedException held) {
                // Held by a live lease: try the next id.
            }
        }
        throw new IllegalStateException("All " + NODE_IDS + " Snowflake node ids are leased in " + leasesTable);
    }

    /** The leased node id, 0..1023. */
    public int nodeId() {
        return nodeId;
    }

    /** The holder's name. */
    public String owner() {
        return owner;
    }

    /** When the lease ends unless renewed (second precision). */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(expiresAt.getEpochSecond());
    }

    /**
     * Extends the lease to now + ttl, on condition that this owner still holds it.
     *
     * @throws IllegalStateException if the lease was lost (expired and taken by another owner, or deleted): stop
     *     issuing ids with this node id
     */
    public void renew() {
        Instant next = clock.instant().plus(ttl);
        try {
            client.updateItem(r -> r.tableName(leasesTable)
                    .key(Map.of(KEY, AttributeValue.fromS(KEY_PREFIX + nodeId)))
                    .updateExpression("SET #e = :e")
                    .conditionExpression("#o = :owner")
                    .expressionAttributeNames(Map.of("#e", EXPIRES_AT, "#o", OWNER))
                    .expressionAttributeValues(Map.of(
                            ":e", AttributeValue.fromN(Long.toString(next.getEpochSecond())),
                            ":owner", AttributeValue.fromS(owner))));
            expiresAt = next;
        } catch (ConditionalCheckFailedException lost) {
            throw new IllegalStateException("Snowflake node id " + nodeId + " is no longer leased by " + owner, lost);
        }
    }

    /** Gives the id back (on shutdown), if this owner still holds it; otherwise does nothing. */
    public void release() {
        try {
            client.deleteItem(r -> r.tableName(leasesTable)
                    .key(Map.of(KEY, AttributeValue.fromS(KEY_PREFIX + nodeId)))
                    .conditionExpression("#o = :owner")
                    .expressionAttributeNames(Map.of("#o", OWNER))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))));
        } catch (ConditionalCheckFailedException alreadyTaken) {
            // Another owner holds it now; it is not ours to delete.
        }
    }
}
