package dev.antipop.runtime.projection;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One view of a bounded context as a rebuild sees it: a name, the tables it writes (by the environment variable the
 * processor function reads their names from, {@code ARTICLES_TABLE}) and how to build its {@link Projector} on given
 * tables. A context lists its views in {@link dev.antipop.runtime.context.BoundedContext#views()}; policies (internal
 * commands, notifications) are never part of a view.
 *
 * @param name short and unique within its context ({@code brands}); {@code --view} selects by it or by a table
 *     variable
 * @param tables the environment variables naming the tables the projector writes; a table written by views of several
 *     contexts ({@code MEMBERSHIPS_TABLE}) is rebuilt from all of them together
 * @param factory builds the projector on the tables to write
 */
public record ViewProjection(String name, List<String> tables, Factory factory) {

    /** Builds a projector. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param dynamoDb the client to write with
         * @param tableOf the physical table name of a variable: for {@link #tables()}, the live table for the
         *     processor and a fresh one for a rebuild; for a table the view only reads, the live one
         */
        Projector open(DynamoDbClient dynamoDb, Function<String, String> tableOf);
    }

    /** @throws IllegalArgumentException for a blank name or no table */
    public ViewProjection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        tables = List.copyOf(tables);
        if (name.isBlank() || tables.isEmpty()) {
            throw new IllegalArgumentException("A view has a name and writes at least one table: " + name);
        }
    }

    /** A view writing one table. */
    public static ViewProjection of(String name, String table, Factory factory) {
        return new ViewProjection(name, List.of(table), factory);
    }
}
