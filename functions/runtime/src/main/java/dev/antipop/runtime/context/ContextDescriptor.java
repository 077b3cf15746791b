package dev.antipop.runtime.context;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a bounded context is, stated once (DESIGN.md section 4, "A context describes itself once"): its commands,
 * event types with their topics and sensitive fields, resumable streams, subject grants, membership rules and the
 * read routes of its projections. From it come the function beans ({@link ContextFunctions}), the command checks
 * ({@link PayloadSchema}, the role check of {@code CommandGate}), realtime's grants and membership handling; a test
 * in {@code infra/local} checks {@code template.yaml} against every descriptor and names both sides of a mismatch.
 *
 * <p>A context module publishes its descriptor through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.antipop.runtime.context.BoundedContext}); {@link Contexts} finds them all.
 *
 * @param name lower case ({@code catalog}); every event type starts with {@code <name>.}; its jar is {@code
 *     functions/<name>/target/antipop-<name>-aws.jar}
 * @param startClass the Spring start class of its jar ({@code MAIN_CLASS})
 * @param processor the bean of its stream processor (projections and policies), mapped to its events table's stream;
 *     null when it has none
 * @param commands its commands
 * @param events its event types
 * @param streams its resumable streams
 * @param grants the subjects it lets users subscribe to
 * @param memberships the events that grant or withdraw memberships
 * @param queries the read routes its projections answer
 */
public record ContextDescriptor(
        String name,
        Class<?> startClass,
        String processor,
        List<CommandSpec> commands,
        List<EventSpec> events,
        List<StreamSpec> streams,
        List<SubjectGrant> grants,
        List<MembershipRule> memberships,
        List<QuerySpec> queries) {

    /**
     * @throws IllegalArgumentException for a bad name, an event type outside the context, or a command, event type or
     *     route declared twice
     */
    public ContextDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startClass, "startClass");
        commands = List.copyOf(commands);
        events = List.copyOf(events);
        streams = List.copyOf(streams);
        grants = List.copyOf(grants);
        memberships = List.copyOf(memberships);
        queries = List.copyOf(queries);
        if (!name.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("Context names are lower case letters and digits: " + name);
        }
        unique(name, "command", commands.stream().map(CommandSpec::name).toList());
        unique(name, "event type", events.stream().map(EventSpec::type).toList());
        unique(
                name,
                "route",
                queries.stream().map(q -> q.method() + " " + q.path()).toList());
        for (EventSpec event : events) {
            if (!event.type().startsWith(name + ".")) {
                throw new IllegalArgumentException(
                        "Context " + name + ": event type " + event.type() + " must start with " + name + ".");
            }
        }
    }

    private static void unique(String context, String what, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException("Context " + context + " declares " + what + " " + value + " twice");
            }
        }
    }

    /** The template's logical id of its events table: {@code catalog} → {@code CatalogEventsTable}. */
    public String eventsTableResource() {
        return capitalized() + "EventsTable";
    }

    /** The template's logical id of its processor function: {@code catalog} → {@code CatalogProcessorFunction}. */
    public String processorResource() {
        return capitalized() + "ProcessorFunction";
    }

    /** The {@code CodeUri} of its functions. */
    public String jar() {
        return "functions/" + name + "/target/antipop-" + name + "-aws.jar";
    }

    /** The command called {@code name}, if this context has it. */
    public Optional<CommandSpec> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The event type {@code type}, if this context has it. */
    public Optional<EventSpec> event(String type) {
        return events.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    private String capitalized() {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
