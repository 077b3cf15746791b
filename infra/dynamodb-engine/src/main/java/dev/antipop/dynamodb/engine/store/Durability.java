package dev.antipop.dynamodb.engine.store;

import dev.antipop.dynamodb.engine.stream.ItemChange;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import java.time.Instant;
import java.util.List;

/**
 * The one choke point every acknowledged state change goes through: the engine calls {@link #commit} once per write
 * that changed something (a PutItem, one BatchWriteItem request, a whole TransactWriteItems, a table definition
 * change), with everything it changed, while it still holds the locks of the items involved, after the write's
 * conditions held and before the answer is sent. When {@code commit} returns, the engine applies the change to memory,
 * appends the {@link ItemChange}s to the tables' streams (still under the locks) and answers.
 *
 * <p>So an implementation that makes {@code commit} durable (for example an MVStore commit with fsync) makes every
 * acknowledged write survive a crash; nothing half-written is ever acknowledged. A {@code commit} that throws fails the
 * request (500 InternalServerError) and changes nothing in memory.
 *
 * <p>The in-memory default is {@link #NONE}.
 */
public interface Durability extends AutoCloseable {

    /** Keeps nothing: the in-memory engine. */
    Durability NONE = commit -> {};

    /**
     * Records one acknowledged change. Called concurrently for writes on different items; calls for one item are
     * ordered (they hold its lock).
     */
    void commit(Commit commit);

    /** Releases files; the engine calls it on close. */
    @Override
    default void close() {}

    /**
     * One acknowledged change.
     *
     * @param tables table definition changes (create, update, delete), in order
     * @param items item changes (each with the table it belongs to), in order; the {@link ItemChange#newImage()} is the
     *     whole new item, null for a delete
     * @param token the idempotency token a TransactWriteItems recorded, or null
     */
    record Commit(List<TableChange> tables, List<ItemWrite> items, TransactionToken token) {
        public Commit {
            tables = List.copyOf(tables);
            items = List.copyOf(items);
        }
    }

    /** A table definition change. */
    sealed interface TableChange {}

    /** A table was created or its definition changed (UpdateTable, UpdateTimeToLive, tags): the new definition. */
    record TableDefined(TableDefinition definition) implements TableChange {}

    /** A table was deleted with its items. */
    record TableDropped(String tableName) implements TableChange {}

    /**
     * One item write.
     *
     * @param tableName the table
     * @param change what changed (keys, old and new image, whether TTL deleted it)
     */
    record ItemWrite(String tableName, ItemChange change) {}

    /**
     * A TransactWriteItems ClientRequestToken, kept 10 minutes for idempotency (API reference,
     * {@code ClientRequestToken}).
     *
     * @param token the token
     * @param requestFingerprint a digest of the request's parameters (a reuse with other parameters is an
     *     IdempotentParameterMismatchException)
     * @param at when the transaction was acknowledged
     */
    record TransactionToken(String token, String requestFingerprint, Instant at) {}
}
