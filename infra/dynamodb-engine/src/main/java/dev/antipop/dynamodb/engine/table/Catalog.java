package dev.antipop.dynamodb.engine.table;

import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The tables of one engine, by name (sorted, as ListTables pages them), plus the item locks. Control-plane changes
 * (create, update, delete) are serialised on {@link #ddlLock()}; reads and item writes never take it.
 */
public final class Catalog {

    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();
    private final ItemLocks locks = new ItemLocks();
    private final Object ddlLock = new Object();

    /** The table with this name (in any status), or null. */
    public Table get(String name) {
        return tables.get(name);
    }

    /** All tables by name. */
    public NavigableMap<String, Table> tables() {
        return tables;
    }

    /** Adds a table (under {@link #ddlLock()}). */
    public void put(Table table) {
        tables.put(table.name(), table);
    }

    /** Removes a table (under {@link #ddlLock()}). */
    public Table remove(String name) {
        return tables.remove(name);
    }

    /** The item locks. */
    public ItemLocks locks() {
        return locks;
    }

    /** The lock control-plane changes hold. */
    public Object ddlLock() {
        return ddlLock;
    }
}
