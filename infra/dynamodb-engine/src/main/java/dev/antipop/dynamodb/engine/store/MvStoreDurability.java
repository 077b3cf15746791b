package dev.antipop.dynamodb.engine.store;

import dev.antipop.dynamodb.engine.Engine;
import dev.antipop.dynamodb.engine.stream.ItemChange;
import dev.antipop.dynamodb.engine.stream.StoredRecord;
import dev.antipop.dynamodb.engine.stream.StreamJournal;
import dev.antipop.dynamodb.engine.stream.StreamState;
import dev.antipop.dynamodb.engine.stream.TableStreams;
import dev.antipop.dynamodb.engine.table.TableDefinitionJson;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The durable store of a data directory ({@code DynamoDbServer.builder().dataDirectory(dir)}, {@code --db-path}): one
 * H2 MVStore file, {@code <dir>/engine.mv.db}, holding the tables' definitions (with indexes, TTL and stream
 * settings), their items, the streams (metadata and records with their sequence numbers) and the TransactWriteItems
 * idempotency tokens. At start it loads everything back into the engine.
 *
 * <p><b>Fsync policy: group commit, fsync before acknowledging.</b> {@link #commit} stages one acknowledged change
 * (a whole transaction, with its stream records) and waits; a committer thread cuts an MVStore version of everything
 * staged so far and forces it to disk ({@code FileChannel.force}), then releases those writers. So when a write is
 * acknowledged it is on disk, concurrent writers share one fsync, and a version on disk never holds part of a write:
 * after {@code kill -9} (or power loss, as far as the disk honours {@code force}) the store reopens at the last forced
 * version, with every acknowledged write and no half-applied transaction. A stream record is written in the same
 * version as the item change that caused it ({@link TableStreams#prepare}). Stream metadata changes (enable, disable,
 * shard rollover) and retention trims are written without waiting and reach the disk with the next commit; a table's
 * stream left ENABLED by a crash before that is reconciled with the table's definition at start.
 *
 * <p>One process at a time: {@code <dir>/engine.lock} is locked for as long as the store is open, so a second process
 * (or a second server in the same JVM) on the directory fails at start with "data directory … is in use by another
 * process" instead of corrupting it.
 */
public final class MvStoreDurability implements Durability, StreamJournal {

    /** The store's file name inside the data directory. */
    public static final String FILE_NAME = "engine.mv.db";

    private static final String ITEMS = "items/";
    private static final String RECORDS = "records/";

    private final DataDirectoryLock lock;
    private final MVStore store;
    private final GroupCommitter committer;
    private final TableStreams streams;
    private final MVMap<String, String> tables;
    private final MVMap<String, String> tokens;
    private final MVMap<String, String> streamStates;
    private final MVMap<String, String> meta;
    /** Table name to table id (items maps are per table id, so a re-created table starts empty). */
    private final Map<String, String> tableIds = new ConcurrentHashMap<>();
    /** Stream ARN to the shard ids whose record maps exist. */
    private final Map<String, Set<String>> shardMaps = new ConcurrentHashMap<>();

    private MvStoreDurability(DataDirectoryLock lock, MVStore store, TableStreams streams) {
        this.lock = lock;
        this.store = store;
        this.streams = streams;
        this.tables = store.openMap("tables");
        this.tokens = store.openMap("tokens");
        this.streamStates = store.openMap("streams");
        this.meta = store.openMap("meta");
        this.committer = new GroupCommitter(store);
    }

    /**
     * Opens the store in {@code directory} and loads it into {@code engine} (the {@link DurabilityFactory#DEFAULT}).
     *
     * @throws IllegalStateException when another process or server holds the directory, or the file is not a store
     */
    public static MvStoreDurability open(Path directory, Engine engine) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(lock.directory().resolve(FILE_NAME).toString())
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0) // never commit on its own: only whole writes reach a version
                    .open();
        } catch (MVStoreException e) {
            lock.close();
            throw new IllegalStateException(
                    "cannot open the data directory " + lock.directory() + ": " + e.getMessage(), e);
        }
        MvStoreDurability durability = new MvStoreDurability(lock, store, engine.streams());
        try {
            new StoreLoader(store, engine, durability.tableIds, durability.shardMaps).load();
            engine.streams().journal(durability);
            return durability;
        } catch (RuntimeException e) {
            durability.close();
            throw e;
        }
    }

    @Override
    public void commit(Commit commit) {
        streams.publishLeftovers();
        try {
            long epoch = committer.stage(() -> stage(commit));
            committer.awaitDurable(epoch);
        } catch (RuntimeException e) {
            streams.abortPrepared();
            throw e;
        }
    }

    private void stage(Commit commit) {
        for (TableChange change : commit.tables()) {
            switch (change) {
                case TableDefined defined -> {
                    String name = defined.definition().name();
                    String id = defined.definition().tableId();
                    String previous = tableIds.put(name, id);
                    if (previous != null && !previous.equals(id)) {
                        store.removeMap(ITEMS + previous);
                    }
                    tables.put(
                            name,
                            TableDefinitionJson.write(defined.definition()).toString());
                }
                case TableDropped dropped -> {
                    String id = tableIds.remove(dropped.tableName());
                    tables.remove(dropped.tableName());
                    if (id != null) {
                        store.removeMap(ITEMS + id);
                    }
                }
            }
        }
        for (ItemWrite write : commit.items()) {
            streams.prepare(write.tableName(), write.change());
            String id = tableIds.get(write.tableName());
            if (id == null) {
                continue; // the table was dropped meanwhile: nothing of it is kept
            }
            MVMap<String, String> items = store.openMap(ITEMS + id);
            ItemChange change = write.change();
            String key = StoreCodec.key(change.keys());
            if (change.newImage() == null) {
                items.remove(key);
            } else {
                items.put(key, StoreCodec.item(change.newImage()));
            }
        }
        TransactionToken token = commit.token();
        if (token != null) {
            tokens.put(
                    token.token(),
                    StoreCodec.token(token.requestFingerprint(), token.at().toEpochMilli()));
        }
        if (!commit.items().isEmpty()) {
            meta.put("sequence", Long.toString(streams.lastSequence()));
        }
    }

    // --- StreamJournal: called under a stream's lock; plain map writes that reach the disk with the next commit ---

    @Override
    public void streamChanged(StreamState state) {
        streamStates.put(state.streamArn(), StoreCodec.streamState(state));
        Set<String> live = new HashSet<>();
        state.shards().forEach(shard -> live.add(shard.shardId()));
        Set<String> known = shardMaps.computeIfAbsent(state.streamArn(), arn -> ConcurrentHashMap.newKeySet());
        for (String shardId : Set.copyOf(known)) {
            if (!live.contains(shardId)) {
                store.removeMap(recordsMap(state.streamArn(), shardId));
                known.remove(shardId);
            }
        }
        meta.put("sequence", Long.toString(streams.lastSequence()));
    }

    @Override
    public void streamForgotten(String streamArn) {
        streamStates.remove(streamArn);
        Set<String> known = shardMaps.remove(streamArn);
        if (known != null) {
            known.forEach(shardId -> store.removeMap(recordsMap(streamArn, shardId)));
        }
    }

    @Override
    public void recordAppended(String streamArn, String shardId, StoredRecord record) {
        shardMaps
                .computeIfAbsent(streamArn, arn -> ConcurrentHashMap.newKeySet())
                .add(shardId);
        MVMap<Long, String> records = store.openMap(recordsMap(streamArn, shardId));
        records.put(record.sequence(), StoreCodec.record(record));
    }

    @Override
    public void recordsTrimmed(String streamArn, String shardId, long horizon) {
        MVMap<Long, String> records = store.openMap(recordsMap(streamArn, shardId));
        Long first;
        while ((first = records.firstKey()) != null && first < horizon) {
            records.remove(first);
        }
    }

    static String recordsMap(String streamArn, String shardId) {
        return RECORDS + streamArn + "/" + shardId;
    }

    /** Stops the committer, writes what is staged, closes the file and releases the directory. */
    @Override
    public void close() {
        try {
            committer.close();
            streams.journal(StreamJournal.NONE);
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            lock.close();
        }
    }
}
