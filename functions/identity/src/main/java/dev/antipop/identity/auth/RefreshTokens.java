package dev.antipop.identity.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Opaque refresh tokens with rotation and reuse detection (RFC 9700 §4.14.2, "refresh token rotation").
 *
 * <p>A token is 256 random bits (base64url, 43 characters) given to the client once; the table ({@code
 * REFRESH_TOKENS_TABLE}, key {@code tokenHash}) keeps only its SHA-256, so a leaked table yields no usable token.
 * Every token belongs to a family started at login or registration. Refreshing marks the presented token {@code
 * rotated} and issues the next of its family in one transaction, conditional on the presented one still being
 * {@code active}; presenting a token that is no longer active (a replay of a rotated token, or the loser of two
 * concurrent refreshes) revokes the whole family, since either the client or an attacker holds a stolen copy.
 * Tokens expire after {@code ttl} (30 days by default) by a check here and, lazily, by the table's TTL on {@code
 * expiresAt}. GSIs: {@code byFamily} (familyId) for revocation, {@code byUser} (userId) for logout.
 */
public final class RefreshTokens {

    /** Why a refresh was refused; the client sees only {@code 401 unauthorized}. */
    public enum Refusal {
        /** No such token, or it expired. */
        UNKNOWN,
        /** A token that was already rotated or revoked: its family is now revoked. */
        REUSED
    }

    /** The outcome of a refresh: the user and the next token, or the refusal. */
    public record Rotation(String userId, String refreshToken, Refusal refusal) {
        /** Whether a new token was issued. */
        public boolean ok() {
            return refusal == null;
        }
    }

    static final String TOKEN_HASH = "tokenHash";
    static final String FAMILY = "familyId";
    static final String USER = "userId";
    static final String STATUS = "status";
    static final String EXPIRES_AT = "expiresAt";
    static final String CREATED_AT = "createdAt";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param table the refresh tokens table
     * @param ttl lifetime of one token (each rotation starts a new lifetime)
     */
    public RefreshTokens(DynamoDbClient dynamoDb, String table, Duration ttl, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The lifetime of one token, in seconds (the {@code refreshExpiresIn} answered to clients). */
    public long ttlSeconds() {
        return ttl.toSeconds();
    }

    /** Starts a new family for {@code userId} (login, registration) and returns its first token. */
    public String issue(String userId) {
        String token = newToken();
        dynamoDb.putItem(builder -> builder.tableName(table)
                .item(item(token, randomId(), userId))
                .conditionExpression("attribute_not_exists(#h)")
                .expressionAttributeNames(Map.of("#h", TOKEN_HASH)));
        return token;
    }

    /** Rotates {@code presented}: the next token of its family, or why not (see the class comment). */
    public Rotation rotate(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 128) {
            return new Rotation(null, null, Refusal.UNKNOWN);
        }
        String hash = hash(presented);
        Map<String, AttributeValue> current = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of(TOKEN_HASH, AttributeValue.fromS(hash)))
                        .consistentRead(true)
                        .build())
                .item();
        long now = clock.instant().getEpochSecond();
        if (current == null
                || current.isEmpty()
                || Long.parseLong(current.get(EXPIRES_AT).n()) <= now) {
            return new Rotation(null, null, Refusal.UNKNOWN);
        }
        String family = current.get(FAMILY).s();
        String userId = current.get(USER).s();
        if (!"active".equals(current.get(STATUS).s())) {
            revokeFamily(family);
            return new Rotation(userId, null, Refusal.REUSED);
        }
        String next = newToken();
        try {
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder()
                    .transactItems(
                            TransactWriteItem.builder()
                                    .update(Update.builder()
                                            .tableName(table)
                                            .key(Map.of(TOKEN_HASH, AttributeValue.fromS(hash)))
                                            .updateExpression("SET #s = :rotated")
                                            .conditionExpression("#s = :active")
                                            .expressionAttributeNames(Map.of("#s", STATUS))
                                            .expressionAttributeValues(Map.of(
                                                    ":rotated", AttributeValue.fromS("rotated"),
                                                    ":active", AttributeValue.fromS("active")))
                                            .build())
                                    .build(),
                            TransactWriteItem.builder()
                                    .put(Put.builder()
                                            .tableName(table)
                                            .item(item(next, family, userId))
                                            .conditionExpression("attribute_not_exists(#h)")
                                            .expressionAttributeNames(Map.of("#h", TOKEN_HASH))
                                            .build())
                                    .build())
                    .build());
        } catch (TransactionCanceledException lostRace) {
            // Another refresh rotated this token first: two holders of one token, treated as reuse.
            revokeFamily(family);
            return new Rotation(userId, null, Refusal.REUSED);
        }
        return new Rotation(userId, next, null);
    }

    /** Revokes every family of {@code userId} (logout everywhere). */
    public int revokeUser(String userId) {
        int revoked = 0;
        for (Map<String, AttributeValue> item : query("byUser", USER, userId)) {
            revoked += revoke(item.get(TOKEN_HASH).s()) ? 1 : 0;
        }
        return revoked;
    }

    /** Revokes every token of a family. */
    public void revokeFamily(String familyId) {
        for (Map<String, AttributeValue> item : query("byFamily", FAMILY, familyId)) {
            revoke(item.get(TOKEN_HASH).s());
        }
    }

    /** Whether the token is currently usable (for tests and diagnostics). */
    public Optional<String> statusOf(String token) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of(TOKEN_HASH, AttributeValue.fromS(hash(token))))
                        .consistentRead(true)
                        .build())
                .item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(item.get(STATUS).s());
    }

    private boolean revoke(String tokenHash) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Map.of(TOKEN_HASH, AttributeValue.fromS(tokenHash)))
                    .updateExpression("SET #s = :revoked")
                    .conditionExpression("attribute_exists(#h) AND #s <> :revoked")
                    .expressionAttributeNames(Map.of("#s", STATUS, "#h", TOKEN_HASH))
                    .expressionAttributeValues(Map.of(":revoked", AttributeValue.fromS("revoked")))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException alreadyRevoked) {
            return false;
        }
    }

    private List<Map<String, AttributeValue>> query(String index, String attribute, String value) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamoDb.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(index)
                    .keyConditionExpression("#a = :v")
                    .expressionAttributeNames(Map.of("#a", attribute))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value)))
                    .exclusiveStartKey(start)
                    .build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private Map<String, AttributeValue> item(String token, String family, String userId) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TOKEN_HASH, AttributeValue.fromS(hash(token)));
        item.put(FAMILY, AttributeValue.fromS(family));
        item.put(USER, AttributeValue.fromS(userId));
        item.put(STATUS, AttributeValue.fromS("active"));
        item.put(CREATED_AT, AttributeValue.fromS(now.toString()));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(ttl).getEpochSecond())));
        return item;
    }

    /** SHA-256 of the token, base64url without padding: the table key. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
