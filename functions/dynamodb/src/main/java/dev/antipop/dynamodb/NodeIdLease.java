package dev.antipop.dynamodb;

import dev.antipop.core.id.Snowflake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

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
    /** BatchGetItem reads at most 100 items per call. */
    private static final int BATCH_GET_LIMIT = 100;

    private static final int MAX_BATCH_ATTEMPTS = 8;

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
     * together rarely contend for the same item. Reads the leases 100 at a time (BatchGetItem) and tries a conditional
     * Put only on ids that look free, so even a nearly full table costs about a dozen calls.
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
        // Look before claiming: one BatchGetItem per 100 ids (its limit) instead of up to 1024 failing Puts.
        for (int offset = 0; offset < NODE_IDS; offset += BATCH_GET_LIMIT) {
            List<Integer> chunk = new ArrayList<>(BATCH_GET_LIMIT);
            for (int i = offset; i < Math.min(offset + BATCH_GET_LIMIT, NODE_IDS); i++) {
                chunk.add((firstCandidate + i) % NODE_IDS);
            }
            Map<String, Map<String, AttributeValue>> held = currentLeases(client, leasesTable, chunk);
            for (int candidate : chunk) {
                Map<String, AttributeValue> lease = held.get(KEY_PREFIX + candidate);
                if (lease != null && !expired(lease, clock.instant())) {
                    continue;
                }
                Optional<NodeIdLease> claimed = tryClaim(client, leasesTable, owner, ttl, clock, candidate);
                if (claimed.isPresent()) {
                    return claimed.get();
                }
            }
        }
        throw new IllegalStateException("All " + NODE_IDS + " Snowflake node ids are leased in " + leasesTable);
    }

    /** The conditional Put: succeeds only if the id is unclaimed or its lease has expired. */
    private static Optional<NodeIdLease> tryClaim(
            DynamoDbClient client, String leasesTable, String owner, Duration ttl, Clock clock, int candidate) {
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
            return Optional.of(new NodeIdLease(client, leasesTable, owner, ttl, clock, candidate, expiresAt));
        } catch (ConditionalCheckFailedException taken) {
            // Another instance claimed it between our read and our Put: the caller moves on to the next id.
            return Optional.empty();
        }
    }

    /** The lease items of {@code nodeIds} that exist, by key (consistent reads, unprocessed keys re-requested). */
    private static Map<String, Map<String, AttributeValue>> currentLeases(
            DynamoDbClient client, String leasesTable, List<Integer> nodeIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int nodeId : nodeIds) {
            keys.add(Map.of(KEY, AttributeValue.fromS(KEY_PREFIX + nodeId)));
        }
        Map<String, KeysAndAttributes> request = Map.of(
                leasesTable,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        Map<String, Map<String, AttributeValue>> leases = new HashMap<>();
        for (int attempt = 1; ; attempt++) {
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(pending));
            response.responses()
                    .getOrDefault(leasesTable, List.of())
                    .forEach(item -> leases.put(item.get(KEY).s(), item));
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) {
                return leases;
            }
            if (attempt >= MAX_BATCH_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left lease keys unprocessed after " + attempt + " attempts");
            }
            request = response.unprocessedKeys();
            // Unprocessed keys mean throttling: back off exponentially before re-requesting them.
            try {
                Thread.sleep(Math.min(1000L, 10L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading node-id leases", e);
            }
        }
    }

    private static boolean expired(Map<String, AttributeValue> lease, Instant now) {
        AttributeValue expiresAt = lease.get(EXPIRES_AT);
        return expiresAt == null || expiresAt.n() == null || Long.parseLong(expiresAt.n()) < now.getEpochSecond();
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
