package dev.antipop.runtime.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandMeta;
import java.util.Optional;

/**
 * A decoded command as an action receives it.
 *
 * @param principal the authenticated caller, or {@code null} for an anonymous one
 * @param payload the command's {@code payload} object (never null; possibly empty)
 * @param meta command id, caller, correlation and client mutation ids
 */
public record CommandRequest(Principal principal, JsonNode payload, CommandMeta meta) {

    /** The caller, if authenticated. */
    public Optional<Principal> caller() {
        return Optional.ofNullable(principal);
    }
}
