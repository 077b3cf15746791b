package dev.antipop.runtime.command;

import dev.antipop.runtime.context.CommandSpec;
import java.util.Objects;

/**
 * One command of a bounded context: its declaration in the context's descriptor, and what executes it.
 *
 * @param spec the descriptor's declaration (name, who may send it, payload fields)
 * @param action what runs it (load → decide → append), after {@code PayloadSchema} accepted the payload
 */
public record CommandDefinition(CommandSpec spec, CommandAction action) {

    public CommandDefinition {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(action, "action");
    }

    /** The command name, upper snake case ({@code CREATE_USER}). */
    public String name() {
        return spec.name();
    }

    /** Who may send it. */
    public CommandSpec.Access access() {
        return spec.access();
    }

    /** The route segment of {@code POST /commands/{name}}: {@code CREATE_USER} → {@code create-user}. */
    public String routeName() {
        return spec.routeName();
    }
}
