package dev.antipop.dynamodb.engine.ttl;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.math.BigDecimal;
import java.util.Map;

/**
 * When an item has expired, as the DynamoDB developer guide's "Time to Live (TTL)" states it: the TTL attribute must be
 * a top-level {@code Number} holding a time in epoch seconds; an item whose value is less than the current time is
 * expired and is deleted by a background process, and stays readable (GetItem, Query, Scan) until then. Items without
 * the attribute, or with another type, never expire; nor do items whose value is more than five years in the past
 * ("Formatting an item's TTL attribute": such items are not deleted).
 */
public final class TimeToLive {

    /** Five years in seconds (365-day years, as the guide's "five years" is not more precise). */
    static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

    private TimeToLive() {}

    /**
     * Whether an item is expired at {@code nowEpochSeconds}.
     *
     * @param item the item
     * @param attributeName the table's TTL attribute
     * @param nowEpochSeconds now, in epoch seconds
     */
    public static boolean isExpired(Map<String, AttributeValue> item, String attributeName, long nowEpochSeconds) {
        if (!(item.get(attributeName) instanceof AttributeValue.N n)) {
            return false;
        }
        BigDecimal value = n.value();
        return value.compareTo(BigDecimal.valueOf(nowEpochSeconds)) < 0
                && value.compareTo(BigDecimal.valueOf(nowEpochSeconds - FIVE_YEARS_SECONDS)) >= 0;
    }
}
