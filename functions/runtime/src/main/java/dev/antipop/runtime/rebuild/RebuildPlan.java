package dev.antipop.runtime.rebuild;

import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The resolved work of a rebuild: which events tables to read, which views to replay, and the tables they write.
 *
 * <p>Tables come from a variable lookup, as the functions get them: the views' variables ({@code ARTICLES_TABLE}) and
 * each context's events table under {@code <CONTEXT>_EVENTS_TABLE} ({@code ARTICLES_EVENTS_TABLE}). A table several
 * contexts write ({@code MEMBERSHIPS_TABLE}: catalog, chat, notebooks) is rebuilt from all of them at once, and a view
 * replayed for it brings its other tables along: a fresh table holds everything the live one would, or the swap would
 * drop the other contexts' items.
 *
 * @param runId names the run in the checkpoint table: the target variables, sorted
 * @param sources per context, the events table and the views to replay from it
 * @param live each target variable's live table
 * @param fresh each target variable's fresh table ({@code <live>-rebuild})
 * @param variables every variable's table, for the tables a view only reads (a notebook's snapshots)
 */
public record RebuildPlan(
        String runId,
        List<Source> sources,
        Map<String, String> live,
        Map<String, String> fresh,
        Function<String, String> variables) {

    /**
     * The table a projector is given for {@code variable}: the fresh one for a target, else the live one (a table the
     * view only reads).
     *
     * @throws IllegalArgumentException when the variable is unset
     */
    public String tableFor(String variable) {
        String table = fresh.get(variable);
        return table != null ? table : required(variables, variable);
    }

    /** Suffix of a fresh table's name. */
    public static final String FRESH_SUFFIX = "-rebuild";

    /** One context's part: its events table and the views replayed from it. */
    public record Source(String context, String eventsTable, List<ViewProjection> views) {}

    /** The views of every context on the classpath ({@link BoundedContext#views()}), by context name, sorted. */
    public static Map<String, List<ViewProjection>> viewsOnClasspath() {
        Map<String, List<ViewProjection>> views = new TreeMap<>();
        for (BoundedContext context : ServiceLoader.load(BoundedContext.class)) {
            views.put(context.descriptor().name(), context.views());
        }
        return views;
    }

    /** The variable naming {@code context}'s events table for the rebuild: {@code catalog} → {@code CATALOG_EVENTS_TABLE}. */
    public static String eventsVariable(String context) {
        return context.toUpperCase(Locale.ROOT) + "_EVENTS_TABLE";
    }

    /**
     * Resolves {@code request}.
     *
     * @param views every context's views ({@link #viewsOnClasspath()})
     * @param variables a variable's table name, or null when unset
     * @throws IllegalArgumentException when no view matches, or a needed variable is unset (the message names them)
     */
    public static RebuildPlan resolve(
            Map<String, List<ViewProjection>> views, RebuildRequest request, Function<String, String> variables) {
        TreeSet<String> targets = new TreeSet<>();
        List<String> known = new ArrayList<>();
        views.forEach((context, list) -> list.forEach(view -> {
            known.add(context + "/" + view.name());
            boolean contextMatches =
                    request.context() == null || request.context().equals(context);
            boolean viewMatches = request.view() == null
                    || request.view().equals(view.name())
                    || view.tables().contains(request.view());
            if (contextMatches && viewMatches) {
                targets.addAll(view.tables());
            }
        }));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no view matches"
                    + (request.context() == null ? "" : " context " + request.context())
                    + (request.view() == null ? "" : " view " + request.view()) + "; views: "
                    + String.join(", ", known));
        }
        // Close over shared tables: every view writing a target is replayed, and its tables become targets.
        Map<String, List<ViewProjection>> replayed = new LinkedHashMap<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            replayed.clear();
            for (Map.Entry<String, List<ViewProjection>> context : views.entrySet()) {
                for (ViewProjection view : context.getValue()) {
                    if (view.tables().stream().anyMatch(targets::contains)) {
                        replayed.computeIfAbsent(context.getKey(), k -> new ArrayList<>())
                                .add(view);
                        grew |= targets.addAll(view.tables());
                    }
                }
            }
        }
        List<Source> sources = new ArrayList<>();
        replayed.forEach((context, list) ->
                sources.add(new Source(context, required(variables, eventsVariable(context)), List.copyOf(list))));
        Map<String, String> live = new TreeMap<>();
        Map<String, String> fresh = new TreeMap<>();
        for (String variable : targets) {
            String table = required(variables, variable);
            live.put(variable, table);
            fresh.put(variable, table + FRESH_SUFFIX);
        }
        return new RebuildPlan(String.join("+", targets), List.copyOf(sources), live, fresh, variables);
    }

    private static String required(Function<String, String> variables, String variable) {
        String value = variables.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is not set (the table to read or rebuild)");
        }
        return value;
    }
}
