package dev.antipop.local.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes command payloads from the contexts' descriptors, so that every context on the classpath is exercised without
 * code of its own: each HTTP command (anonymous or user; internal ones have no route) with its declared fields filled
 * by type. An {@code ID} field named {@code <kind>Id} takes an id the soak has seen in a 202's
 * {@code position.stream} {@code <kind>-<id>} ({@code brandId} ← {@code brand-42}), or a fresh one; strings, integers,
 * enums and money are drawn within their declared bounds. Many commands are refused (not the owner, not found): they
 * are load too, and the checker only reads what was accepted.
 *
 * <p>Thread-safe (the id pools are shared by every client; each client has its own random source).
 */
public final class CommandGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A command to send. */
    public record Command(String context, CommandSpec spec, ObjectNode payload) {}

    private final List<Map.Entry<String, CommandSpec>> commands = new ArrayList<>();
    private final Map<String, List<String>> ids = new ConcurrentHashMap<>();

    /** The HTTP commands of every context. */
    public CommandGenerator(Contexts contexts) {
        for (ContextDescriptor context : contexts.all()) {
            for (CommandSpec spec : context.commands()) {
                if (spec.access() != CommandSpec.Access.INTERNAL) {
                    commands.add(Map.entry(context.name(), spec));
                }
            }
        }
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("no context with an HTTP command on the classpath");
        }
    }

    /** The contexts with commands, for the figures. */
    public List<String> contexts() {
        return commands.stream().map(Map.Entry::getKey).distinct().toList();
    }

    /** Remembers an id for fields named {@code field} ({@code userId} of a signed-in client, for one). */
    public void remember(String field, String id) {
        ids.computeIfAbsent(field, f -> new CopyOnWriteArrayList<>()).add(id);
    }

    /**
     * Remembers the id of a 202's {@code position.stream} ({@code <kind>-<id>} → field {@code <kind>Id}), shared and
     * in {@code own}.
     */
    public void rememberPosition(JsonNode body, Map<String, List<String>> own) {
        String stream = body.path("position").path("stream").asText("");
        int dash = stream.lastIndexOf('-');
        if (dash > 0 && dash < stream.length() - 1) {
            String field = stream.substring(0, dash) + "Id";
            String id = stream.substring(dash + 1);
            remember(field, id);
            List<String> mine = own.computeIfAbsent(field, f -> new ArrayList<>());
            if (!mine.contains(id)) {
                mine.add(id);
            }
        }
    }

    /**
     * The next command, drawn from {@code random}: of three draws, the first whose required ids are all known (so most
     * commands reach their decider), else the last.
     *
     * @param own the ids this client created, by field name (preferred: a client owns what it created)
     */
    public Command next(SplittableRandom random, Map<String, List<String>> own) {
        Map.Entry<String, CommandSpec> pick = null;
        for (int draw = 0; draw < 3; draw++) {
            pick = commands.get(random.nextInt(commands.size()));
            if (satisfiable(pick.getValue(), own)) {
                break;
            }
        }
        ObjectNode payload = JSON.createObjectNode();
        for (FieldSpec field : pick.getValue().payload()) {
            if (field.required() || random.nextBoolean()) {
                fill(payload, field, random, own);
            }
        }
        return new Command(pick.getKey(), pick.getValue(), payload);
    }

    /**
     * A command of {@code context}, preferring one with no required id (a creation), so that every context is sent
     * something that can be accepted even in a short run.
     */
    public Command first(String context, SplittableRandom random, Map<String, List<String>> own) {
        List<CommandSpec> candidates = commands.stream()
                .filter(e -> e.getKey().equals(context))
                .map(Map.Entry::getValue)
                .toList();
        List<CommandSpec> creations = candidates.stream()
                .filter(spec -> spec.payload().stream().noneMatch(f -> f.required() && f.type() == FieldSpec.Type.ID))
                .filter(spec -> spec.access() != CommandSpec.Access.ANONYMOUS)
                .toList();
        List<CommandSpec> pool = creations.isEmpty() ? candidates : creations;
        CommandSpec spec = pool.get(random.nextInt(pool.size()));
        ObjectNode payload = JSON.createObjectNode();
        for (FieldSpec field : spec.payload()) {
            if (field.required() || random.nextBoolean()) {
                fill(payload, field, random, own);
            }
        }
        return new Command(context, spec, payload);
    }

    private boolean satisfiable(CommandSpec spec, Map<String, List<String>> own) {
        for (FieldSpec field : spec.payload()) {
            if (field.required()
                    && field.type() == FieldSpec.Type.ID
                    && !own.containsKey(field.name())
                    && !ids.containsKey(field.name())) {
                return false;
            }
        }
        return true;
    }

    private void fill(ObjectNode payload, FieldSpec field, SplittableRandom random, Map<String, List<String>> own) {
        String name = field.name();
        switch (field.type()) {
            case ID -> {
                List<String> mine = own.get(name);
                List<String> known = mine != null && !mine.isEmpty() && random.nextInt(4) > 0 ? mine : ids.get(name);
                payload.put(
                        name,
                        known != null && !known.isEmpty() && random.nextInt(10) > 0
                                ? known.get(random.nextInt(known.size()))
                                : Long.toString(1_000_000_000L + random.nextLong(1L << 40)));
            }
            case STRING -> payload.put(name, text(field, random));
            case EMAIL -> payload.put(name, "soak-" + Long.toString(random.nextLong(1L << 40), 36) + "@example.com");
            case INTEGER -> {
                long min = field.min() == null ? -5 : Math.max(field.min(), -5);
                long max = field.max() == null ? 5 : Math.min(field.max(), 5);
                payload.put(name, min > max ? field.min() : min + random.nextLong(max - min + 1));
            }
            case BOOLEAN -> payload.put(name, random.nextBoolean());
            case ENUM ->
                payload.put(
                        name, field.values().get(random.nextInt(field.values().size())));
            case MONEY ->
                payload.putObject(name)
                        .put("amount", 100 + random.nextInt(10_000))
                        .put("currency", "EUR");
            case OBJECT -> payload.putObject(name);
            case ARRAY -> payload.putArray(name);
            case ANY -> payload.put(name, "soak");
        }
    }

    private static String text(FieldSpec field, SplittableRandom random) {
        int min = field.min() == null ? 1 : field.min().intValue();
        int max = field.max() == null ? 40 : (int) Math.min(field.max(), 40);
        int length = Math.max(min, Math.min(max, 4 + random.nextInt(12)));
        StringBuilder text = new StringBuilder(length);
        text.append("soak");
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.substring(0, Math.max(length, 0));
    }
}
