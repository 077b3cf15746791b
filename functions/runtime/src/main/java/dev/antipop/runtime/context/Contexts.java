package dev.antipop.runtime.context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The bounded contexts on the classpath, found by {@link ServiceLoader} ({@link BoundedContext}), in name order.
 *
 * <p>A context module sees its own descriptor (and those of the modules it depends on); realtime and the local cloud
 * depend on every context module and see them all.
 */
public final class Contexts {

    private final List<ContextDescriptor> all;
    private final Map<String, ContextDescriptor> byCommand = new HashMap<>();
    private final Map<String, ContextDescriptor> byEventType = new HashMap<>();

    /**
     * @throws IllegalArgumentException when two contexts share a name, a command or an event type
     */
    public Contexts(List<ContextDescriptor> descriptors) {
        List<ContextDescriptor> sorted = new ArrayList<>(descriptors);
        sorted.sort(Comparator.comparing(ContextDescriptor::name));
        this.all = List.copyOf(sorted);
        Map<String, ContextDescriptor> byName = new HashMap<>();
        for (ContextDescriptor context : all) {
            claim(byName, context.name(), context, "context");
            context.commands().forEach(c -> claim(byCommand, c.name(), context, "command"));
            context.events().forEach(e -> claim(byEventType, e.type(), context, "event type"));
        }
    }

    private static void claim(
            Map<String, ContextDescriptor> index, String key, ContextDescriptor context, String what) {
        ContextDescriptor previous = index.putIfAbsent(key, context);
        if (previous != null) {
            throw new IllegalArgumentException(
                    "The " + what + " " + key + " is declared by both " + previous.name() + " and " + context.name());
        }
    }

    /** Every context on the classpath (the thread context class loader). */
    public static Contexts onClasspath() {
        List<ContextDescriptor> found = new ArrayList<>();
        for (BoundedContext context : ServiceLoader.load(BoundedContext.class)) {
            found.add(context.descriptor());
        }
        return new Contexts(found);
    }

    /** Every context, in name order. */
    public List<ContextDescriptor> all() {
        return all;
    }

    /** The context called {@code name}. */
    public Optional<ContextDescriptor> named(String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The context that declares command {@code name}. */
    public Optional<ContextDescriptor> ofCommand(String name) {
        return Optional.ofNullable(byCommand.get(name));
    }

    /** The context that declares event type {@code type}. */
    public Optional<ContextDescriptor> ofEventType(String type) {
        return Optional.ofNullable(byEventType.get(type));
    }

    /** Every subject grant of every context. */
    public List<SubjectGrant> grants() {
        return all.stream().flatMap(c -> c.grants().stream()).toList();
    }

    /** The membership rule of event type {@code type}, if it has one. */
    public Optional<MembershipRule> membershipRule(String type) {
        return all.stream()
                .flatMap(c -> c.memberships().stream())
                .filter(rule -> rule.eventType().equals(type))
                .findFirst();
    }
}
