package dev.antipop.core.event;

/**
 * Who and what caused an event (DESIGN.md section 3, {@code meta}). Every field is nullable; null fields are omitted
 * from the JSON form.
 *
 * @param userId the authenticated user whose command produced the event, or {@code null} for system actions
 * @param correlationId the id that ties together everything one client request set in motion
 * @param causationId the id of the command (or event) that directly caused this event
 * @param clientMutationId the client-chosen idempotency id of the command, if it sent one
 */
public record EventMeta(String userId, String correlationId, String causationId, String clientMutationId) {

    /** Meta with every field absent. */
    public static final EventMeta EMPTY = new EventMeta(null, null, null, null);
}
