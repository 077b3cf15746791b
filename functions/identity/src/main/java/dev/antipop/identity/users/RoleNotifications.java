package dev.antipop.identity.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.identity.user.UserEvents;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.command.InternalCommandFunction;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity processor's policy "role added or removed → notify the user" (issue 9): {@code CREATE_NOTIFICATION}
 * by Lambda {@code Invoke} of the function the template names in {@code CREATE_NOTIFICATION_FUNCTION}, keyed by the
 * role event's id, so a retried batch or a duplicated stream record creates one notification.
 *
 * <p>Payload: {@code {"userId","kind":"role_added"|"role_removed","sourceEventId":<event id>,"title","data":{"role"}}}.
 * A rejection (the answer {@code ok=false}) is logged and skipped: sending the same payload again would be rejected
 * again. A function error is thrown, so the batch is retried.
 */
public final class RoleNotifications {

    private static final Logger log = LoggerFactory.getLogger(RoleNotifications.class);

    /** The internal command issued. */
    public static final String COMMAND = "CREATE_NOTIFICATION";

    private final CommandInvoker invoker;
    private final String function;

    /**
     * @param invoker Lambda Invoke
     * @param function the name or ARN of the {@code CREATE_NOTIFICATION} function
     */
    public RoleNotifications(CommandInvoker invoker, String function) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.function = Objects.requireNonNull(function, "function");
    }

    /**
     * Reacts to one identity event; other types than role changes are ignored.
     *
     * @throws CommandInvoker.InvocationFailedException when the notifications function failed (retry the batch)
     */
    public void react(EventEnvelope event) {
        String kind;
        String title;
        String role = event.data().path("role").asText();
        switch (event.type()) {
            case UserEvents.USER_ROLE_ADDED -> {
                kind = "role_added";
                title = "You were given the role " + role;
            }
            case UserEvents.USER_ROLE_REMOVED -> {
                kind = "role_removed";
                title = "Your role " + role + " was withdrawn";
            }
            default -> {
                return;
            }
        }
        ObjectNode payload = EnvelopeJson.mapper().createObjectNode();
        payload.put("userId", event.data().path("userId").asText());
        payload.put("kind", kind);
        payload.put("sourceEventId", event.eventId());
        payload.put("title", title);
        payload.putObject("data").put("role", role);
        String correlationId = event.meta() == null ? null : event.meta().correlationId();
        InternalCommandFunction.Result result =
                invoker.invoke(function, COMMAND, payload, correlationId, event.eventId());
        if (!result.ok()) {
            log.warn(
                    "{} for {} {}/{} rejected: {} {}",
                    COMMAND,
                    event.type(),
                    event.stream(),
                    event.version(),
                    result.code(),
                    result.message());
        }
    }
}
