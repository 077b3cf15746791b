package dev.antipop.runtime.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Issues an internal command to another context's function by Lambda {@code Invoke} (RequestResponse): how a policy
 * in a processor sends {@code CREATE_NOTIFICATION}. The request and answer are {@link InternalCommandFunction}'s.
 *
 * <p>Exactly once: the target command must be keyed by something the policy derives from its source event (its event
 * id), so a batch retried after a successful invoke finds the command already done and changes nothing.
 */
public final class CommandInvoker {

    /** The variable naming the alias functions are invoked at ({@code live}: the published SnapStart version). */
    public static final String QUALIFIER_VARIABLE = "INVOKE_QUALIFIER";

    private final LambdaClient lambda;
    private final String qualifier;

    /** @param lambda a shared client (endpoint {@code AWS_ENDPOINT_URL_LAMBDA} locally); invokes unqualified names */
    public CommandInvoker(LambdaClient lambda) {
        this(lambda, null);
    }

    /**
     * @param lambda a shared client
     * @param qualifier the alias or version appended to unqualified function names ({@code name:live}); null or
     *     blank for none ({@code $LATEST}, which SnapStart does not serve)
     */
    public CommandInvoker(LambdaClient lambda, String qualifier) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.qualifier = qualifier == null || qualifier.isBlank() ? null : qualifier;
    }

    /** An invoker with the function's Lambda client and {@value #QUALIFIER_VARIABLE}. */
    public static CommandInvoker fromEnvironment(org.springframework.core.env.Environment env) {
        return new CommandInvoker(dev.antipop.runtime.aws.AwsClients.lambda(env), env.getProperty(QUALIFIER_VARIABLE));
    }

    /** {@code function} with the qualifier appended when it has none (a name or an ARN without a version or alias). */
    public static String qualified(String function, String qualifier) {
        if (qualifier == null || qualifier.isBlank()) {
            return function;
        }
        boolean arn = function.startsWith("arn:");
        long colons = function.chars().filter(c -> c == ':').count();
        boolean hasQualifier = arn ? colons >= 7 : colons >= 1;
        return hasQualifier ? function : function + ":" + qualifier;
    }

    /** A function error of the invoked command (a fault, not a rejection): the caller's batch should be retried. */
    public static final class InvocationFailedException extends RuntimeException {
        InvocationFailedException(String message) {
            super(message);
        }
    }

    /**
     * Invokes {@code function} with command {@code command}.
     *
     * @param function the function's name or ARN (the template's {@code !Ref <Command>Function})
     * @param causationId the source event's id (the new events name it as their cause)
     * @return the answer; {@code ok=false} for a rejection (a {@code conflict} of an already-done command included)
     * @throws InvocationFailedException when the function failed ({@code X-Amz-Function-Error})
     */
    public InternalCommandFunction.Result invoke(
            String function, String command, JsonNode payload, String correlationId, String causationId) {
        ObjectNode request = EnvelopeJson.mapper().createObjectNode();
        request.put("command", command);
        request.set(InternalCommandFunction.INPUT, payload);
        if (correlationId != null) {
            request.put("correlationId", correlationId);
        }
        if (causationId != null) {
            request.put("causationId", causationId);
        }
        String target = qualified(function, qualifier);
        InvokeResponse response = lambda.invoke(r -> r.functionName(target)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArray(bytes(request))));
        if (response.functionError() != null) {
            throw new InvocationFailedException(command + " in " + function + " failed (" + response.functionError()
                    + "): " + response.payload().asUtf8String());
        }
        try {
            return EnvelopeJson.mapper()
                    .readValue(response.payload().asByteArray(), InternalCommandFunction.Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException("The answer of " + function + " is not a command result", e);
        }
    }

    private static byte[] bytes(ObjectNode request) {
        try {
            return EnvelopeJson.mapper().writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
