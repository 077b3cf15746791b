package dev.antipop.notebooks.notebook;

import dev.antipop.core.command.CommandException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The dependency graph of a notebook's cells, as Observable notebooks have it: a named cell is read by every cell that
 * lists its name among its {@code inputs}. An input naming no cell is unresolved (the client shows it as such), not an
 * error; a name used by two cells and a cycle are errors. Pure functions over a cell list.
 */
public final class DependencyGraph {

    private DependencyGraph() {}

    /**
     * Checks that {@code cells} form a valid graph.
     *
     * @throws CommandException {@code validation_failed}: field {@code name} when two cells share a name, field {@code
     *     inputs} naming the cycle ({@code "make a cycle: a → b → a"}) when the graph has one
     */
    public static void check(List<Cell> cells) {
        Map<String, String> byName = new HashMap<>();
        for (Cell cell : cells) {
            if (cell.name() != null) {
                String previous = byName.putIfAbsent(cell.name(), cell.cellId());
                if (previous != null) {
                    throw CommandException.validation(
                            Map.of("name", "'" + cell.name() + "' is already the name of cell " + previous));
                }
            }
        }
        List<String> cycle = cycle(cells);
        if (!cycle.isEmpty()) {
            throw CommandException.validation(Map.of("inputs", "make a cycle: " + String.join(" → ", cycle)));
        }
    }

    /**
     * The cells that {@code changedCellId} makes stale: itself (when {@code includeSelf}) and every cell that reads it,
     * transitively, in topological order (a cell after every cell it reads; ties in notebook order).
     *
     * @param cells the notebook's cells after the change (must contain {@code changedCellId} when {@code includeSelf})
     * @param readers the cells reading the changed cell directly, when it is no longer in {@code cells} (a deleted
     *     cell); null to find them in {@code cells}
     */
    public static List<String> stale(List<Cell> cells, String changedCellId, boolean includeSelf, Set<String> readers) {
        Map<String, List<String>> dependents = dependents(cells);
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            order.put(cells.get(i).cellId(), i);
        }
        Set<String> affected = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        if (includeSelf) {
            affected.add(changedCellId);
            queue.add(changedCellId);
        }
        Set<String> direct = readers != null ? readers : Set.copyOf(dependents.getOrDefault(changedCellId, List.of()));
        for (String reader : direct) {
            if (order.containsKey(reader) && affected.add(reader)) {
                queue.add(reader);
            }
        }
        while (!queue.isEmpty()) {
            for (String next : dependents.getOrDefault(queue.poll(), List.of())) {
                if (affected.add(next)) {
                    queue.add(next);
                }
            }
        }
        Map<String, Integer> indegree = new HashMap<>();
        affected.forEach(id -> indegree.put(id, 0));
        for (String id : affected) {
            for (String next : dependents.getOrDefault(id, List.of())) {
                if (affected.contains(next)) {
                    indegree.merge(next, 1, Integer::sum);
                }
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(order.get(a), order.get(b)));
        indegree.forEach((id, degree) -> {
            if (degree == 0) {
                ready.add(id);
            }
        });
        List<String> sorted = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            sorted.add(id);
            for (String next : dependents.getOrDefault(id, List.of())) {
                if (affected.contains(next) && indegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        return sorted;
    }

    /** The ids of the cells reading {@code cellId} directly. */
    public static Set<String> readersOf(List<Cell> cells, String cellId) {
        return Set.copyOf(dependents(cells).getOrDefault(cellId, List.of()));
    }

    /** Cell id → the ids of the cells that read it, in notebook order. */
    private static Map<String, List<String>> dependents(List<Cell> cells) {
        Map<String, String> byName = new HashMap<>();
        for (Cell cell : cells) {
            if (cell.name() != null) {
                byName.putIfAbsent(cell.name(), cell.cellId());
            }
        }
        Map<String, List<String>> dependents = new HashMap<>();
        for (Cell cell : cells) {
            for (String input : new LinkedHashSet<>(cell.inputs())) {
                String source = byName.get(input);
                if (source != null) {
                    dependents.computeIfAbsent(source, k -> new ArrayList<>()).add(cell.cellId());
                }
            }
        }
        return dependents;
    }

    /** A cycle as cell names, first name repeated at the end; empty when there is none. */
    private static List<String> cycle(List<Cell> cells) {
        Map<String, List<String>> dependents = dependents(cells);
        Map<String, String> names = new HashMap<>();
        cells.forEach(c -> names.put(c.cellId(), c.name() == null ? c.cellId() : c.name()));
        Map<String, Integer> colour = new HashMap<>();
        for (Cell start : cells) {
            if (colour.getOrDefault(start.cellId(), 0) != 0) {
                continue;
            }
            // Iterative depth-first search: a notebook may have thousands of cells (no deep recursion).
            Deque<String> path = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            path.push(start.cellId());
            next.push(0);
            colour.put(start.cellId(), 1);
            while (!path.isEmpty()) {
                String node = path.peek();
                List<String> out = dependents.getOrDefault(node, List.of());
                int i = next.pop();
                if (i >= out.size()) {
                    colour.put(node, 2);
                    path.pop();
                    continue;
                }
                next.push(i + 1);
                String child = out.get(i);
                int c = colour.getOrDefault(child, 0);
                if (c == 1) {
                    List<String> onPath = new ArrayList<>(path);
                    java.util.Collections.reverse(onPath);
                    List<String> cycle = new ArrayList<>();
                    for (String id : onPath.subList(onPath.indexOf(child), onPath.size())) {
                        cycle.add(names.get(id));
                    }
                    cycle.add(names.get(child));
                    return cycle;
                }
                if (c == 0) {
                    colour.put(child, 1);
                    path.push(child);
                    next.push(0);
                }
            }
        }
        return List.of();
    }
}
