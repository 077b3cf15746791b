package dev.antipop.runtime.command;

import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The commands a function module serves, found by name ({@code CREATE_USER}) or route name ({@code create-user}). */
public final class CommandCatalog {

    private final Map<String, CommandDefinition> byName = new LinkedHashMap<>();

    /** @throws IllegalArgumentException on two commands with one name */
    public CommandCatalog(List<CommandDefinition> commands) {
        for (CommandDefinition command : commands) {
            if (byName.putIfAbsent(command.name(), command) != null
                    || byName.putIfAbsent(command.routeName(), command) != null) {
                throw new IllegalArgumentException("Command declared twice: " + command.name());
            }
        }
    }

    /**
     * The catalog of a context: each command of its descriptor with its action.
     *
     * @param actions by command name
     * @throws IllegalStateException when a declared command has no action or an action has no declared command (a
     *     deployment error: the function fails at cold start, naming the command)
     */
    public static CommandCatalog of(ContextDescriptor context, Map<String, CommandAction> actions) {
        Set<String> unused = new HashSet<>(actions.keySet());
        List<CommandDefinition> definitions = context.commands().stream()
                .map(spec -> {
                    CommandAction action = actions.get(spec.name());
                    if (action == null) {
                        throw new IllegalStateException(
                                "Context " + context.name() + " declares " + spec.name() + " but has no action for it");
                    }
                    unused.remove(spec.name());
                    return new CommandDefinition(spec, action);
                })
                .toList();
        if (!unused.isEmpty()) {
            throw new IllegalStateException(
                    "Context " + context.name() + " has actions for undeclared commands " + unused);
        }
        return new CommandCatalog(definitions);
    }

    /** The command called {@code name} in either form; empty for an unknown one. */
    public Optional<CommandDefinition> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** The command called {@code name}. @throws IllegalStateException for an unknown one */
    public CommandDefinition require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("No command " + name));
    }

    /** Every command, once each, in declaration order. */
    public Collection<CommandDefinition> commands() {
        return byName.values().stream().distinct().toList();
    }

    /** Every command reachable over HTTP (not {@link CommandSpec.Access#INTERNAL}). */
    public Collection<CommandDefinition> httpCommands() {
        return commands().stream()
                .filter(c -> c.access() != CommandSpec.Access.INTERNAL)
                .toList();
    }
}
