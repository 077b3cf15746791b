package dev.antipop.runtime.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one notification through the notifications context's internal command {@code CREATE_NOTIFICATION} (Lambda
 * {@code Invoke} of {@code CREATE_NOTIFICATION_FUNCTION}). Payload: {@code {"userId","kind","sourceEventId","title",
 * "data"}}. The command is exactly-once per {@code (sourceEventId, userId)}: a redelivered stream record sends it
 * again and gets {@code conflict}, which counts as done.
 */
public interface Notifier {

    /**
     * Notifies {@code userId} of {@code source}.
     *
     * @param kind what happened ({@code moderator_invited})
     * @param title one line for people
     * @param data the ids the client needs ({@code brandId}, {@code inviteId}, …)
     * @throws CommandInvoker.InvocationFailedException when the notifications function failed (the batch is retried)
     */
    void notify(String userId, String kind, EventEnvelope source, String title, ObjectNode data);

    /** The internal command's name. */
    String COMMAND = "CREATE_NOTIFICATION";

    /** A notifier that invokes {@code function} ({@code !Ref CreateNotificationFunction}). */
    static Notifier invoking(CommandInvoker invoker, String function) {
        Logger log = LoggerFactory.getLogger(Notifier.class);
        return (userId, kind, source, title, data) -> {
            ObjectNode payload = EnvelopeJson.mapper().createObjectNode();
            payload.put("userId", userId);
            payload.put("kind", kind);
            payload.put("sourceEventId", source.eventId());
            payload.put("title", title);
            payload.set("data", data);
            String correlationId = source.meta() == null ? null : source.meta().correlationId();
            InternalCommandFunction.Result result =
                    invoker.invoke(function, COMMAND, payload, correlationId, source.eventId());
            if (!result.ok() && !"conflict".equals(result.code())) {
                // A refusal will not change on retry: report it and let the batch go on.
                log.warn(
                        "{} for {} of event {} refused: {} {}",
                        COMMAND,
                        kind,
                        source.eventId(),
                        result.code(),
                        result.message());
            }
        };
    }

    /**
     * The notifier of a function's environment: invoking {@code CREATE_NOTIFICATION_FUNCTION} at {@code
     * INVOKE_QUALIFIER}, or {@link #disabled()} when the variable is unset.
     */
    static Notifier fromEnvironment(org.springframework.core.env.Environment env) {
        String function = env.getProperty("CREATE_NOTIFICATION_FUNCTION");
        return function == null || function.isBlank()
                ? disabled()
                : invoking(CommandInvoker.fromEnvironment(env), function);
    }

    /** No notifications context deployed ({@code CREATE_NOTIFICATION_FUNCTION} unset): one DEBUG line each. */
    static Notifier disabled() {
        Logger log = LoggerFactory.getLogger(Notifier.class);
        return (userId, kind, source, title, data) -> log.debug(
                "CREATE_NOTIFICATION_FUNCTION is not set: no {} notification for event {}", kind, source.eventId());
    }
}
