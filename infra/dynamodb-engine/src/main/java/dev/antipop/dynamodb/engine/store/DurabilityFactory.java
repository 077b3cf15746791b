package dev.antipop.dynamodb.engine.store;

import dev.antipop.dynamodb.engine.Engine;
import java.nio.file.Path;

/**
 * Opens a durable store on a data directory ({@code DynamoDbServer.builder().dataDirectory(dir)}, {@code --db-path}):
 * it restores the engine's state from the directory ({@link Engine#restoreTable}, {@link Engine#restoreToken}, and the
 * streams' own records) and returns the {@link Durability} that records every later change there. It must refuse a
 * directory another process holds, with a clear error.
 */
@FunctionalInterface
public interface DurabilityFactory {

    /** The factory {@code dataDirectory} uses unless the builder is given another: {@link MvStoreDurability}. */
    DurabilityFactory DEFAULT = MvStoreDurability::open;

    /**
     * Opens the store and restores the engine from it.
     *
     * @param directory the data directory (created if absent)
     * @param engine the engine to restore, not yet serving
     * @return the durability to use from now on
     */
    Durability open(Path directory, Engine engine);
}
