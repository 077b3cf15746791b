package dev.antipop.dynamodb.engine.ops;

import dev.antipop.dynamodb.engine.store.Durability;
import dev.antipop.dynamodb.engine.stream.ItemChange;
import dev.antipop.dynamodb.engine.table.ItemLocks;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The write path: every item write of every operation ends in {@link #commit}, called while the caller holds the
 * locks of all the items written. It drops writes that change nothing (no stream record, as DynamoDB Streams
 * documents: "If you perform a PutItem or UpdateItem operation that does not change any data in an item, DynamoDB
 * Streams does not write a stream record"), hands the rest to {@link Durability#commit} as one commit, applies them to
 * the tables, and appends one {@link ItemChange} per item to the table's stream.
 */
final class Writes {

    /**
     * One item write, planned under its lock.
     *
     * @param table the table
     * @param key the item key
     * @param old the item before, or null
     * @param replacement the item after, or null to delete
     * @param byTimeToLive whether a TTL sweep deletes it
     */
    record Planned(Table table, Key key, StoredItem old, StoredItem replacement, boolean byTimeToLive) {

        /** Whether the write changes the item. */
        boolean changes() {
            if (old == null) {
                return replacement != null;
            }
            return replacement == null || !old.attributes().equals(replacement.attributes());
        }
    }

    private final Context context;

    Writes(Context context) {
        this.context = context;
    }

    /** Runs {@code body} holding the lock of one item. */
    <R> R locked(Table table, Key key, Supplier<R> body) {
        ItemLocks locks = context.catalog().locks();
        int stripe = locks.stripe(table.name(), key);
        locks.lock(stripe);
        try {
            return body.get();
        } finally {
            locks.unlock(stripe);
        }
    }

    /**
     * Commits planned writes; the caller holds the locks of all their items.
     *
     * @param planned the writes, in request order
     * @param token the transaction's idempotency token to record with them, or null
     */
    void commit(List<Planned> planned, Durability.TransactionToken token) {
        List<Planned> changed = new ArrayList<>(planned.size());
        List<Durability.ItemWrite> writes = new ArrayList<>(planned.size());
        for (Planned p : planned) {
            if (!p.changes()) {
                continue;
            }
            changed.add(p);
            String event = p.old() == null ? "INSERT" : p.replacement() == null ? "REMOVE" : "MODIFY";
            StoredItem any = p.replacement() != null ? p.replacement() : p.old();
            ItemChange change = new ItemChange(
                    event,
                    Keys.keyAttributes(p.table().definition().key(), any.attributes()),
                    p.old() == null ? null : p.old().attributes(),
                    p.replacement() == null ? null : p.replacement().attributes(),
                    p.byTimeToLive());
            writes.add(new Durability.ItemWrite(p.table().name(), change));
        }
        if (writes.isEmpty() && token == null) {
            return;
        }
        context.durability().commit(new Durability.Commit(List.of(), writes, token));
        for (Planned p : changed) {
            p.table().apply(p.key(), p.replacement());
        }
        for (Durability.ItemWrite write : writes) {
            context.streams().append(write.tableName(), write.change());
        }
    }
}
