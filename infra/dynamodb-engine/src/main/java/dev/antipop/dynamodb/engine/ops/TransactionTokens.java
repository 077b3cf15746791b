package dev.antipop.dynamodb.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.store.Durability;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * ClientRequestToken idempotency of TransactWriteItems (API reference, "TransactWriteItems": ClientRequestToken): a
 * token is valid for 10 minutes after the first request that used it finished; a repeat with the same parameters
 * succeeds without writing again, a repeat with other parameters is an {@code IdempotentParameterMismatchException}.
 * Requests with the same token run one at a time.
 */
public final class TransactionTokens {

    /** How long a token is remembered. */
    public static final Duration VALIDITY = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Durability.TransactionToken> tokens = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[256];
    private final AtomicLong remembered = new AtomicLong();

    /** @param clock the clock that ages tokens */
    public TransactionTokens(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Runs a transaction under its token.
     *
     * @param first runs the transaction (it calls {@link #remember} on success, under the item locks)
     * @param replay answers a repeat with the same parameters
     */
    JsonNode run(String token, String fingerprint, Supplier<JsonNode> first, Supplier<JsonNode> replay) {
        ReentrantLock lock = locks[Math.floorMod(token.hashCode(), locks.length)];
        lock.lock();
        try {
            Durability.TransactionToken known = tokens.get(token);
            if (known != null && !expired(known, clock.instant())) {
                if (!known.requestFingerprint().equals(fingerprint)) {
                    throw new DynamoDbException(
                            "IdempotentParameterMismatchException",
                            "DynamoDB rejected the request because you retried a request with a different payload but"
                                    + " with an idempotent token that was already used.",
                            400,
                            Map.of());
                }
                return replay.get();
            }
            return first.get();
        } finally {
            lock.unlock();
        }
    }

    /** Records a token whose transaction was acknowledged. */
    void remember(Durability.TransactionToken token) {
        tokens.put(token.token(), token);
        if (remembered.incrementAndGet() % 1024 == 0) {
            Instant now = clock.instant();
            tokens.values().removeIf(t -> expired(t, now));
        }
    }

    /** Restores a token recorded by a durable store (at start). */
    public void restore(Durability.TransactionToken token) {
        if (!expired(token, clock.instant())) {
            tokens.put(token.token(), token);
        }
    }

    private static boolean expired(Durability.TransactionToken token, Instant now) {
        return token.at().plus(VALIDITY).isBefore(now);
    }

    /** A digest of a request's parameters, without the token itself. */
    static String fingerprint(JsonNode request) {
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        copy.remove("ClientRequestToken");
        copy.remove("ReturnConsumedCapacity");
        copy.remove("ReturnItemCollectionMetrics");
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(copy.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
