package dev.antipop.notebooks.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One cell of a notebook as the fold of its events leaves it.
 *
 * @param cellId its Snowflake id
 * @param kind {@code markdown}, {@code javascript}, {@code sql} or {@code html}
 * @param value its source, at most 64 KB of UTF-8
 * @param name the name other cells use as an input; null when unnamed
 * @param inputs the names it reads (its dependencies), in the order given
 * @param isClosed whether the editor shows it collapsed
 * @param result the last result a client computed and recorded ({@code EXECUTE_CELL}); null when never executed or
 *     changed since (a changed cell is stale)
 * @param executionTime milliseconds that execution took; null with {@code result}
 */
public record Cell(
        String cellId,
        String kind,
        String value,
        String name,
        List<String> inputs,
        boolean isClosed,
        JsonNode result,
        Long executionTime) {

    /** Copies {@code inputs}. */
    public Cell {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }
}
