package dev.antipop.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A fixed-window request counter per key (a user, or a source IP for anonymous calls), shared by every concurrent
 * execution environment because it lives in DynamoDB: one atomic {@code UpdateItem ADD} per request.
 *
 * <p>Table: PK {@code key} (S) = {@code <key>#<window start epoch second>}, {@code count} (N), TTL {@code expiresAt}
 * (N, epoch seconds) two windows after the window ends. A fixed window admits up to twice the limit across a window
 * boundary; that is the accepted trade for one write per request (a sliding log would need a read and a write).
 */
public final class RateLimiter {

    /** The outcome of one check. */
    public record Decision(boolean allowed, long count, long retryAfterSeconds) {}

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final long limit;
    private final Duration window;
    private final Clock clock;

    /**
     * @param table the rate limits table
     * @param limit requests admitted per window and key; 0 disables limiting
     * @param window the window length (whole seconds)
     */
    public RateLimiter(DynamoDbClient dynamoDb, String table, long limit, Duration window, Clock clock) {
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be at least one second");
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one request for {@code key} and says whether it is admitted. */
    public Decision acquire(String key) {
        if (limit <= 0) {
            return new Decision(true, 0, 0);
        }
        long now = clock.instant().getEpochSecond();
        long length = window.toSeconds();
        long windowStart = now - Math.floorMod(now, length);
        long count = Long.parseLong(dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("key", AttributeValue.fromS(key + "#" + windowStart)))
                        .updateExpression("ADD #c :one SET #e = if_not_exists(#e, :expires)")
                        .expressionAttributeNames(Map.of("#c", "count", "#e", "expiresAt"))
                        .expressionAttributeValues(Map.of(
                                ":one", AttributeValue.fromN("1"),
                                ":expires", AttributeValue.fromN(Long.toString(windowStart + 3 * length))))
                        .returnValues(ReturnValue.UPDATED_NEW)
                        .build())
                .attributes()
                .get("count")
                .n());
        long retryAfter = Math.max(1, windowStart + length - now);
        return new Decision(count <= limit, count, count <= limit ? 0 : retryAfter);
    }
}
