package dev.antipop.runtime.command;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.store.AppendResult;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.context.CallerResolver;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.PayloadSchema;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The HTTP entry of commands (DESIGN.md section 2), in both forms:
 *
 * <ul>
 *   <li>{@code POST /commands/{name}}: one function per command ({@link #forCommand}); body {@code
 *       {"payload":{…},"correlationId":"…","clientMutationId":"…"}}
 *   <li>{@code POST /command}: the single endpoint ({@link #singleEndpoint}); the same body plus {@code
 *       "command":"CREATE_USER"}, dispatched to the same {@link CommandDefinition}s
 * </ul>
 *
 * <p>Order of checks: body size and JSON ({@code 413}, {@code 400 malformed_json}), command name ({@code 400
 * unknown_command}), authentication ({@code 401}), rate limit and roles ({@code 429}, {@code 403}; see {@link
 * CommandGate}), envelope fields and the payload against the command's declared fields ({@code 400
 * validation_failed}, {@link PayloadSchema}), then the caller is resolved once ({@link CallerResolver}) and the
 * action runs. The answer is {@code 202} with the command id and the position it produced (read-your-writes), or the
 * error body; an unexpected exception is logged and answered
 * {@code 500 internal_error} without details. {@code correlationId} falls back to the {@code X-Correlation-Id}
 * header, then to a new UUID; {@code clientMutationId} falls back to the {@code Idempotency-Key} header.
 */
public final class HttpCommandFunction implements Function<byte[], APIGatewayV2HTTPResponse> {

    /** Correlation and client mutation ids: 1–128 printable ASCII characters without spaces. */
    private static final Pattern ID_SYNTAX = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final CommandCatalog catalog;
    private final CommandDefinition fixed;
    private final Authenticator authenticator;
    private final CommandGate gate;
    private final Supplier<String> commandIds;
    private final CallerResolver callers;
    private final HttpEndpoint endpoint;

    private HttpCommandFunction(
            CommandCatalog catalog,
            CommandDefinition fixed,
            Authenticator authenticator,
            CommandGate gate,
            Supplier<String> commandIds,
            CallerResolver callers) {
        if (fixed != null && fixed.access() == CommandSpec.Access.INTERNAL) {
            throw new IllegalArgumentException(fixed.name() + " is internal: it has no HTTP route");
        }
        this.catalog = catalog;
        this.fixed = fixed;
        this.authenticator = authenticator;
        this.gate = gate;
        this.commandIds = commandIds;
        this.callers = callers;
        this.endpoint = new HttpEndpoint(fixed == null ? "command" : fixed.routeName(), this::handle);
    }

    /**
     * The function behind {@code POST /commands/<route name>}.
     *
     * @param commandIds supplies a new command id per request (a Snowflake id)
     */
    public static HttpCommandFunction forCommand(
            CommandDefinition command, Authenticator authenticator, CommandGate gate, Supplier<String> commandIds) {
        return forCommand(command, authenticator, gate, commandIds, CallerResolver.tokenOnly());
    }

    /**
     * The function behind {@code POST /commands/<route name>}, resolving callers with {@code callers}.
     *
     * @throws IllegalArgumentException for an {@link CommandSpec.Access#INTERNAL} command
     */
    public static HttpCommandFunction forCommand(
            CommandDefinition command,
            Authenticator authenticator,
            CommandGate gate,
            Supplier<String> commandIds,
            CallerResolver callers) {
        return new HttpCommandFunction(null, command, authenticator, gate, commandIds, callers);
    }

    /**
     * A function dispatching on the body's {@code command} field to one module's commands (tests and the replay of
     * fixtures; the deployed {@code POST /command} is the router, which reaches every context).
     */
    public static HttpCommandFunction singleEndpoint(
            CommandCatalog catalog, Authenticator authenticator, CommandGate gate, Supplier<String> commandIds) {
        return new HttpCommandFunction(catalog, null, authenticator, gate, commandIds, CallerResolver.tokenOnly());
    }

    /** Answers the event bytes Lambda delivers (see {@code HttpEvents} for why bytes). */
    @Override
    public APIGatewayV2HTTPResponse apply(byte[] event) {
        return endpoint.apply(event);
    }

    /** Answers a decoded event. */
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        return endpoint.apply(event);
    }

    private APIGatewayV2HTTPResponse handle(HttpRequest request) {
        JsonNode body = request.jsonObjectBody(HttpRequest.MAX_COMMAND_BODY_BYTES);
        CommandDefinition command = resolve(body);
        Principal principal = command.access() == CommandSpec.Access.ANONYMOUS
                ? authenticator.optional(request).orElse(null)
                : authenticator.require(request);
        gate.admit(request, command, principal);

        Map<String, String> problems = new LinkedHashMap<>();
        JsonNode payload = body.path("payload");
        if (payload.isMissingNode() || payload.isNull()) {
            payload = EnvelopeJson.mapper().createObjectNode();
        } else if (!payload.isObject()) {
            problems.put("payload", "must be an object");
        }
        String correlationId = idField(body, "correlationId", problems)
                .or(() -> request.header("x-correlation-id")
                        .filter(v -> ID_SYNTAX.matcher(v).matches()))
                .orElseGet(() -> UUID.randomUUID().toString());
        String clientMutationId = idField(body, "clientMutationId", problems)
                .or(() -> request.header("idempotency-key")
                        .filter(v -> ID_SYNTAX.matcher(v).matches()))
                .orElse(null);
        if (!problems.isEmpty()) {
            throw CommandException.validation(problems);
        }
        PayloadSchema.check(command.spec(), payload);

        CommandMeta meta = new CommandMeta(
                commandIds.get(), principal == null ? null : principal.userId(), correlationId, null, clientMutationId);
        AppendResult result = command.action()
                .execute(new CommandRequest(
                        principal, payload, meta, principal == null ? null : callers.resolve(principal)));
        return ApiResponses.accepted(result.commandId(), correlationId, result.stream(), result.lastVersion());
    }

    private CommandDefinition resolve(JsonNode body) {
        JsonNode name = body.get("command");
        if (fixed != null) {
            if (name != null
                    && !(name.isTextual()
                            && (name.asText().equals(fixed.name())
                                    || name.asText().equals(fixed.routeName())))) {
                throw CommandException.validation(Map.of("command", "does not match the route: " + fixed.routeName()));
            }
            return fixed;
        }
        if (name == null || name.isNull()) {
            throw CommandException.validation(Map.of("command", "is required"));
        }
        if (!name.isTextual()) {
            throw CommandException.validation(Map.of("command", "must be a string"));
        }
        return catalog.find(name.asText())
                .filter(command -> command.access() != CommandSpec.Access.INTERNAL)
                .orElseThrow(() -> new CommandException(
                        ErrorCode.UNKNOWN_COMMAND, "Unknown command: " + abbreviate(name.asText()), Map.of()));
    }

    private static Optional<String> idField(JsonNode body, String field, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || !ID_SYNTAX.matcher(node.asText()).matches()) {
            problems.put(field, "must be 1 to 128 printable ASCII characters without spaces");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
