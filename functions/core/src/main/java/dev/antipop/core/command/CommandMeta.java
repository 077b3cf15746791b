package dev.antipop.core.command;

/**
 * Who sent a command and how it relates to others. It becomes the {@link dev.antipop.core.event.EventMeta} of the
 * events the command produces.
 *
 * @param commandId the server-assigned id of this command (answered in the 202 response; the events' causation id)
 * @param userId the authenticated user, or {@code null} for an anonymous command such as registration
 * @param correlationId the client's correlation id, or a server-assigned one
 * @param causationId what caused this command when it is issued by a policy (an event id); {@code null} for client
 *     commands, whose events then name the command itself as their cause
 * @param clientMutationId the client's idempotency id, or {@code null}; a repeat with the same user and id returns the
 *     first result and appends nothing
 */
public record CommandMeta(
        String commandId, String userId, String correlationId, String causationId, String clientMutationId) {}
