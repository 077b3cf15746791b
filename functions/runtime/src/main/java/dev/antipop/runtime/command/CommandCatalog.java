package dev.antipop.runtime.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The command called {@code name} in either form; empty for an unknown one. */
    public Optional<CommandDefinition> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** Every command, once each, in declaration order. */
    public Collection<CommandDefinition> commands() {
        return byName.values().stream().distinct().toList();
    }
}
