package dev.antipop.router;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.HttpRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code POST /command} for every context (DESIGN.md section 2): reads the body's {@code command} and hands the very
 * same API Gateway event to that command's own function with Lambda {@code Invoke}, then answers what it answered.
 * So the single endpoint and {@code POST /commands/<name>} run one code path (authentication, roles, payload checks,
 * the decider) and the router holds no context's code or tables.
 *
 * <p>Why Invoke rather than one jar with every context: each context keeps its own events table in {@code
 * EVENTS_TABLE}, its own IAM policy and its own cold start; the router's cold start stays that of a small jar. The
 * cost is one more hop (measured in the README).
 *
 * <p>{@code COMMAND_FUNCTIONS}: {@code NAME=function[,NAME=function…]} (names as in the descriptors, functions as
 * {@code !Ref <Command>Function} gives them); a test checks it against every descriptor. Answers of its own: {@code 400
 * malformed_json}, {@code 415}, {@code 413} as every JSON route; {@code 400 validation_failed} without a string {@code
 * command}; {@code 400 unknown_command} for a name not listed; {@code 500 internal_error} when the target function
 * fails (logged with the request id).
 */
public final class CommandRouter implements Function<byte[], APIGatewayV2HTTPResponse> {

    /** The environment variable listing each command's function. */
    public static final String VARIABLE = "COMMAND_FUNCTIONS";

    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final LambdaClient lambda;
    private final Map<String, String> functions;

    /** A router invoking the functions unqualified ({@code $LATEST}). */
    public CommandRouter(LambdaClient lambda, Map<String, String> functions) {
        this(lambda, functions, null);
    }

    /**
     * @param lambda a shared client
     * @param functions by command name ({@code CREATE_BRAND}) and route name ({@code create-brand})
     * @param qualifier the alias appended to each function ({@code live}, the SnapStart version); null for none
     */
    public CommandRouter(LambdaClient lambda, Map<String, String> functions, String qualifier) {
        this.lambda = lambda;
        Map<String, String> both = new HashMap<>();
        functions.forEach((name, function) -> {
            String target = CommandInvoker.qualified(function, qualifier);
            both.put(name, target);
            both.put(name.toLowerCase(Locale.ROOT).replace('_', '-'), target);
        });
        this.functions = Map.copyOf(both);
    }

    /**
     * Parses {@code COMMAND_FUNCTIONS}.
     *
     * @throws IllegalArgumentException for an entry that is not {@code NAME=function} (the function fails at cold
     *     start, naming the entry)
     */
    public static Map<String, String> parse(String spec) {
        Map<String, String> functions = new LinkedHashMap<>();
        if (spec == null) {
            return functions;
        }
        for (String raw : spec.split("[,;]")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException(VARIABLE + " entry '" + entry + "' is not NAME=function");
            }
            functions.put(
                    entry.substring(0, equals).strip(),
                    entry.substring(equals + 1).strip());
        }
        return functions;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(byte[] event) {
        return new HttpEndpoint("command", request -> route(request, event)).apply(event);
    }

    private APIGatewayV2HTTPResponse route(HttpRequest request, byte[] event) {
        JsonNode body = request.jsonObjectBody(HttpRequest.MAX_COMMAND_BODY_BYTES);
        JsonNode name = body.get("command");
        if (name == null || name.isNull()) {
            throw CommandException.validation(Map.of("command", "is required"));
        }
        if (!name.isTextual()) {
            throw CommandException.validation(Map.of("command", "must be a string"));
        }
        String function = functions.get(name.textValue());
        if (function == null) {
            String shown = name.textValue().length() <= 64
                    ? name.textValue()
                    : name.textValue().substring(0, 64) + "…";
            throw new CommandException(ErrorCode.UNKNOWN_COMMAND, "Unknown command: " + shown, Map.of());
        }
        InvokeResponse response = lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromByteArray(event)));
        if (response.functionError() != null) {
            log.error(
                    "command {} → {} failed ({}), request {}: {}",
                    name.textValue(),
                    function,
                    response.functionError(),
                    request.requestId(),
                    response.payload().asUtf8String());
            return ApiResponses.internalError(request.requestId());
        }
        return decode(response.payload().asByteArray(), request.requestId());
    }

    /** The target's answer, an API Gateway v2 response as JSON. */
    private static APIGatewayV2HTTPResponse decode(byte[] output, String requestId) {
        try {
            JsonNode answer = EnvelopeJson.mapper().readTree(output);
            Map<String, String> headers = new LinkedHashMap<>();
            answer.path("headers")
                    .properties()
                    .forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            boolean base64 = answer.path("isBase64Encoded").asBoolean(false);
            String body =
                    answer.path("body").isNull() ? null : answer.path("body").asText(null);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(answer.path("statusCode").asInt(500))
                    .withHeaders(headers)
                    .withBody(
                            base64 && body != null
                                    ? new String(Base64.getDecoder().decode(body))
                                    : body)
                    .withIsBase64Encoded(false)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            log.error("a command function's answer is not an API Gateway response, request {}", requestId, e);
            return ApiResponses.internalError(requestId);
        }
    }

    /** The function behind {@code name} (either form), for tests. */
    Optional<String> functionOf(String name) {
        return Optional.ofNullable(functions.get(name));
    }
}
