package dev.antipop.runtime.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.json.InvalidJsonException;
import dev.antipop.core.json.StrictJson;
import dev.antipop.core.store.AppendResult;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.PayloadSchema;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function of an {@link CommandSpec.Access#INTERNAL} command: invoked by other functions with Lambda {@code
 * Invoke} (a policy in a context's processor issuing {@code CREATE_NOTIFICATION}), never by clients.
 *
 * <p>Request: {@code {"command":"CREATE_NOTIFICATION","input":{…},"correlationId":"…","causationId":"<source event
 * id>"}}. The command's payload is under {@code input}, not {@code payload}: Spring Cloud Function's AWS adapter hands
 * a function only the value of a top-level {@code payload} field when there is one ({@code AWSLambdaUtils}, unless the
 * process environment sets {@code spring.cloud-function.aws.extract-payload=false}, a name Lambda's environment
 * variables cannot have), which would drop the command name and the causation id. Answer: {@link Result}: {@code {"ok":true,"commandId":"…","stream":"…","version":N}} or {@code
 * {"ok":false,"code":"conflict","message":"…"}}. A rejection is an answer, not a function error, so the caller decides
 * whether it is retryable (a policy usually treats {@code conflict} on an already-created item as done); a fault of
 * ours is thrown, which Lambda reports as a function error and the caller retries.
 */
public final class InternalCommandFunction implements Function<byte[], InternalCommandFunction.Result> {

    private static final Logger log = LoggerFactory.getLogger(InternalCommandFunction.class);

    /**
     * The answer.
     *
     * @param ok whether the command was accepted
     * @param commandId the command's id (accepted only)
     * @param stream the stream it appended to (accepted only)
     * @param version the stream's last version after it (accepted only)
     * @param code the error code (rejected only)
     * @param message the error message (rejected only)
     */
    public record Result(boolean ok, String commandId, String stream, long version, String code, String message) {}

    /** The request field holding the command's payload. */
    public static final String INPUT = "input";

    private final CommandDefinition command;
    private final Supplier<String> commandIds;

    /**
     * @param command an internal command
     * @param commandIds new command ids (Snowflake)
     * @throws IllegalArgumentException if the command is not internal
     */
    public InternalCommandFunction(CommandDefinition command, Supplier<String> commandIds) {
        if (command.access() != CommandSpec.Access.INTERNAL) {
            throw new IllegalArgumentException(command.name() + " is not internal");
        }
        this.command = Objects.requireNonNull(command, "command");
        this.commandIds = Objects.requireNonNull(commandIds, "commandIds");
    }

    @Override
    public Result apply(byte[] request) {
        try {
            JsonNode body = StrictJson.parse(request);
            if (!body.isObject()) {
                throw CommandException.validation(Map.of("body", "must be a JSON object"));
            }
            JsonNode name = body.path("command");
            if (!name.isTextual() || !name.textValue().equals(command.name())) {
                throw CommandException.validation(Map.of("command", "must be " + command.name()));
            }
            JsonNode payload = body.path(INPUT);
            if (payload.isMissingNode() || payload.isNull()) {
                payload = EnvelopeJson.mapper().createObjectNode();
            }
            PayloadSchema.check(command.spec(), payload);
            CommandMeta meta = new CommandMeta(
                    commandIds.get(),
                    null,
                    textOrNull(body, "correlationId"),
                    textOrNull(body, "causationId"),
                    textOrNull(body, "clientMutationId"));
            AppendResult result = command.action().execute(new CommandRequest(null, payload, meta));
            return new Result(true, result.commandId(), result.stream(), result.lastVersion(), null, null);
        } catch (InvalidJsonException e) {
            return rejected(ErrorCode.MALFORMED_JSON.code(), e.getMessage());
        } catch (CommandException e) {
            log.debug("{} rejected: {} {}", command.name(), e.code().code(), e.getMessage());
            return rejected(e.code().code(), e.getMessage() + (e.fields().isEmpty() ? "" : " " + e.fields()));
        }
    }

    private static Result rejected(String code, String message) {
        return new Result(false, null, null, 0, code, message);
    }

    private static String textOrNull(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
