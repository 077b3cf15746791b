package dev.antipop.dynamodb.engine.ttl;

import dev.antipop.dynamodb.engine.Engine;
import dev.antipop.dynamodb.engine.table.StoredItem;
import dev.antipop.dynamodb.engine.table.Table;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The {@link TtlTables} of an {@link Engine}: its tables with TTL enabled, deleting through its write path. */
public final class EngineTtlTables implements TtlTables {

    private final Engine engine;

    /** @param engine the engine to sweep */
    public EngineTtlTables(Engine engine) {
        this.engine = engine;
    }

    @Override
    public List<TtlTable> enabled() {
        List<TtlTable> out = new ArrayList<>();
        for (Table table : engine.catalog().tables().values()) {
            TableDefinition.TimeToLiveSettings ttl = table.definition().timeToLive();
            if (ttl.enabled() && ttl.attributeName() != null) {
                out.add(new EngineTable(engine, table, ttl.attributeName()));
            }
        }
        return out;
    }

    private record EngineTable(Engine engine, Table table, String attributeName) implements TtlTable {

        @Override
        public String name() {
            return table.name();
        }

        @Override
        public Iterable<Map<String, AttributeValue>> items() {
            return () -> new Iterator<>() {
                private final Iterator<StoredItem> items =
                        table.items().values().iterator();

                @Override
                public boolean hasNext() {
                    return items.hasNext();
                }

                @Override
                public Map<String, AttributeValue> next() {
                    return items.next().attributes();
                }
            };
        }

        @Override
        public boolean deleteIfExpired(Map<String, AttributeValue> item, long nowEpochSeconds) {
            return engine.deleteExpiredItem(table.name(), item, Instant.ofEpochSecond(nowEpochSeconds));
        }
    }
}
