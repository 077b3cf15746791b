package dev.antipop.runtime.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import java.util.Optional;

/**
 * A decoded command as an action receives it.
 *
 * @param principal the authenticated caller's token, or {@code null} for an anonymous one
 * @param payload the command's {@code payload} object (never null; possibly empty), already checked against the
 *     command's declared fields
 * @param meta command id, caller, correlation and client mutation ids
 * @param resolved the caller with their memberships, resolved once per command; {@code null} for an anonymous one
 */
public record CommandRequest(Principal principal, JsonNode payload, CommandMeta meta, Caller resolved) {

    /** A request whose caller has no memberships resolved (contexts without membership rules, tests). */
    public CommandRequest(Principal principal, JsonNode payload, CommandMeta meta) {
        this(principal, payload, meta, principal == null ? null : Caller.of(principal));
    }

    /** The caller's token, if authenticated. */
    public Optional<Principal> caller() {
        return Optional.ofNullable(principal);
    }

    /**
     * The resolved caller.
     *
     * @throws CommandException {@code unauthorized} for an anonymous request
     */
    public Caller requireCaller() {
        if (resolved == null) {
            throw CommandException.unauthorized("A bearer access token is required");
        }
        return resolved;
    }
}
