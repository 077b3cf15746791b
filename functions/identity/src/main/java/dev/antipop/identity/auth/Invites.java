package dev.antipop.identity.auth;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Single-use invite codes (source design 003: registration by invite).
 *
 * <p>A code is 128 random bits (base64url, 22 characters), shown to the admin who creates it once; the table ({@code
 * INVITES_TABLE}, key {@code codeHash}) keeps only its SHA-256. Redeeming is a conditional update (unused and not
 * expired), so a code admits one registration even under concurrent use; if the registration then fails (a taken
 * email), the code is released again by the same attempt, so a failed registration does not burn it. Codes expire
 * through a check and, lazily, the table's TTL on {@code expiresAt}.
 */
public final class Invites {

    /** How long a code stays valid when the admin does not say: 7 days. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    /** @param table the invites table */
    public Invites(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** A created code and when it expires. */
    public record Invite(String code, Instant expiresAt) {}

    /** Creates a code for {@code createdBy}, valid for {@code ttl}. */
    public Invite create(String createdBy, Duration ttl) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "codeHash", AttributeValue.fromS(RefreshTokens.hash(code)),
                        "createdBy", AttributeValue.fromS(createdBy),
                        "createdAt", AttributeValue.fromS(now.toString()),
                        "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                .conditionExpression("attribute_not_exists(codeHash)"));
        return new Invite(code, expiresAt);
    }

    /**
     * Marks {@code code} used by {@code attempt}.
     *
     * @throws CommandException {@code invite_invalid} for an unknown, expired or used code
     */
    public void redeem(String code, String attempt) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(key(code))
                    .updateExpression("SET usedBy = :attempt, usedAt = :now")
                    .conditionExpression(
                            "attribute_exists(codeHash) AND attribute_not_exists(usedBy) AND expiresAt > :epoch")
                    .expressionAttributeValues(Map.of(
                            ":attempt", AttributeValue.fromS(attempt),
                            ":now", AttributeValue.fromS(clock.instant().toString()),
                            ":epoch",
                                    AttributeValue.fromN(
                                            Long.toString(clock.instant().getEpochSecond())))));
        } catch (ConditionalCheckFailedException e) {
            throw new CommandException(
                    ErrorCode.INVITE_INVALID, "The invite code is unknown, expired or used", Map.of());
        }
    }

    /** Undoes {@link #redeem} of the same attempt (its registration failed); a no-op otherwise. */
    public void release(String code, String attempt) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(key(code))
                    .updateExpression("REMOVE usedBy, usedAt")
                    .conditionExpression("usedBy = :attempt")
                    .expressionAttributeValues(Map.of(":attempt", AttributeValue.fromS(attempt))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Another attempt holds it, or nothing to undo.
        }
    }

    private static Map<String, AttributeValue> key(String code) {
        return Map.of("codeHash", AttributeValue.fromS(RefreshTokens.hash(code)));
    }
}
