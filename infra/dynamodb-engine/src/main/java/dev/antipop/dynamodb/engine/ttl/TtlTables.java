package dev.antipop.dynamodb.engine.ttl;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.List;
import java.util.Map;

/** What the {@link TtlSweeper} sweeps: the engine's tables that have TTL enabled. */
public interface TtlTables {

    /** The tables whose TTL is enabled now. */
    List<TtlTable> enabled();

    /** One table with TTL enabled. */
    interface TtlTable {

        /** The table name. */
        String name();

        /** Its TTL attribute. */
        String attributeName();

        /** Its items (a weakly consistent view; no lock). */
        Iterable<Map<String, AttributeValue>> items();

        /**
         * Deletes the item with the key of {@code item} through the engine's normal write path as a TTL deletion (its
         * stream record carries the service {@code userIdentity}), if under its lock it is still expired at
         * {@code nowEpochSeconds} (a write since the scan may have moved its expiry).
         *
         * @return whether it was deleted
         */
        boolean deleteIfExpired(Map<String, AttributeValue> item, long nowEpochSeconds);
    }
}
