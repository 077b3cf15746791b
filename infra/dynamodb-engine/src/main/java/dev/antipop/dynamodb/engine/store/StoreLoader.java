package dev.antipop.dynamodb.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.dynamodb.engine.Engine;
import dev.antipop.dynamodb.engine.stream.StoredRecord;
import dev.antipop.dynamodb.engine.stream.StreamState;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import dev.antipop.dynamodb.engine.table.TableDefinitionJson;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Loads a data directory's store into an engine at start: tables with their items, unexpired transaction tokens, and
 * streams with their records, reconciling streams with the table definitions (a crash can leave a stream ENABLED whose
 * disable had not reached the disk).
 */
final class StoreLoader {

    /** TransactWriteItems tokens are kept 10 minutes (API reference, {@code ClientRequestToken}). */
    private static final Duration TOKEN_VALIDITY = Duration.ofMinutes(10);

    private final MVStore store;
    private final Engine engine;
    private final Map<String, String> tableIds;
    private final Map<String, Set<String>> shardMaps;

    StoreLoader(MVStore store, Engine engine, Map<String, String> tableIds, Map<String, Set<String>> shardMaps) {
        this.store = store;
        this.engine = engine;
        this.tableIds = tableIds;
        this.shardMaps = shardMaps;
    }

    void load() {
        MVMap<String, String> tables = store.openMap("tables");
        Map<String, TableDefinition> definitions = new java.util.HashMap<>();
        for (Map.Entry<String, String> entry : tables.entrySet()) {
            TableDefinition definition = TableDefinitionJson.read(StoreCodec.tree(entry.getValue()));
            definitions.put(definition.name(), definition);
            tableIds.put(definition.name(), definition.tableId());
            MVMap<String, String> items = store.openMap("items/" + definition.tableId());
            engine.restoreTable(definition, () -> new Iterator<Map<String, AttributeValue>>() {
                private final Iterator<String> values = items.values().iterator();

                @Override
                public boolean hasNext() {
                    return values.hasNext();
                }

                @Override
                public Map<String, AttributeValue> next() {
                    return StoreCodec.item(values.next());
                }
            });
        }
        loadTokens();
        loadStreams(definitions);
    }

    private void loadTokens() {
        MVMap<String, String> tokens = store.openMap("tokens");
        Instant oldest = engine.clock().instant().minus(TOKEN_VALIDITY);
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, String> entry : tokens.entrySet()) {
            JsonNode node = StoreCodec.tree(entry.getValue());
            Instant at = Instant.ofEpochMilli(node.get("at").asLong());
            if (at.isBefore(oldest)) {
                expired.add(entry.getKey());
            } else {
                engine.restoreToken(new Durability.TransactionToken(
                        entry.getKey(), node.get("f").asText(), at));
            }
        }
        expired.forEach(tokens::remove);
    }

    private void loadStreams(Map<String, TableDefinition> definitions) {
        MVMap<String, String> states = store.openMap("streams");
        MVMap<String, String> meta = store.openMap("meta");
        long now = engine.streams().settings().clock().millis();
        List<StreamState> loaded = new ArrayList<>();
        Map<String, List<StoredRecord>> records = new java.util.HashMap<>();
        for (String text : states.values()) {
            StreamState state = StoreCodec.streamState(text);
            Set<String> shards = shardMaps.computeIfAbsent(state.streamArn(), arn -> ConcurrentHashMap.newKeySet());
            long last = -1;
            for (StreamState.ShardState shard : state.shards()) {
                shards.add(shard.shardId());
                MVMap<Long, String> map =
                        store.openMap(MvStoreDurability.recordsMap(state.streamArn(), shard.shardId()));
                List<StoredRecord> list = new ArrayList<>(map.size());
                for (String value : map.values()) {
                    StoredRecord record = StoreCodec.record(value);
                    list.add(record);
                    last = Math.max(last, record.sequence());
                }
                records.put(state.streamArn() + "\n" + shard.shardId(), list);
            }
            loaded.add(reconcile(state, definitions.get(state.tableName()), now, records));
        }
        String sequence = meta.get("sequence");
        engine.streams()
                .restore(
                        loaded,
                        (arn, shardId) -> records.getOrDefault(arn + "\n" + shardId, List.of()),
                        sequence == null ? 0 : Long.parseLong(sequence));
    }

    /** A stream left ENABLED whose table no longer has it enabled is disabled now, its open shard closed. */
    private static StreamState reconcile(
            StreamState state, TableDefinition table, long now, Map<String, List<StoredRecord>> records) {
        boolean current = table != null
                && table.stream().enabled()
                && state.streamArn().equals(table.stream().latestStreamArn());
        if (!state.enabled() || current) {
            return state;
        }
        List<StreamState.ShardState> shards = new ArrayList<>();
        for (StreamState.ShardState shard : state.shards()) {
            if (shard.endingSequence() >= 0) {
                shards.add(shard);
                continue;
            }
            List<StoredRecord> held = records.getOrDefault(state.streamArn() + "\n" + shard.shardId(), List.of());
            long ending =
                    held.isEmpty() ? shard.startingSequence() : held.getLast().sequence();
            shards.add(new StreamState.ShardState(
                    shard.shardId(),
                    shard.parentShardId(),
                    shard.startingSequence(),
                    shard.openedMillis(),
                    ending,
                    now,
                    shard.horizon()));
        }
        return new StreamState(
                state.streamArn(),
                state.streamLabel(),
                state.tableName(),
                state.viewType(),
                state.keySchema(),
                state.creationMillis(),
                false,
                now,
                shards);
    }
}
