package dev.antipop.runtime.command;

import java.util.Locale;
import java.util.Objects;

/**
 * One command of a bounded context: its name, who may send it, and what executes it.
 *
 * @param name the command name in the single-endpoint form, upper snake case ({@code CREATE_USER})
 * @param access whether an anonymous caller may send it
 * @param action what runs it (validate → load → decide → append)
 */
public record CommandDefinition(String name, Access access, CommandAction action) {

    /** Who may send a command. */
    public enum Access {
        /** Anyone; a bearer token, if sent, must still be valid. */
        ANONYMOUS,
        /** Only callers with a valid access token. */
        AUTHENTICATED
    }

    public CommandDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(action, "action");
        if (!name.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
            throw new IllegalArgumentException("Command names are UPPER_SNAKE_CASE: " + name);
        }
    }

    /** The route segment of {@code POST /commands/{name}}: {@code CREATE_USER} → {@code create-user}. */
    public String routeName() {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
