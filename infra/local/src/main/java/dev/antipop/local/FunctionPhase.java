package dev.antipop.local;

import dev.antipop.local.lambda.FunctionSpec;
import dev.antipop.local.lambda.LambdaApiEmulator;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.template.FunctionDefinition;
import java.net.URI;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fourth start phase: one {@link LocalFunction} per function, with the environment Lambda gives it (see
 * {@link LocalCloud}; plus {@code AWS_ENDPOINT_URL_LAMBDA}, the {@link LambdaApiEmulator} started here), bound to the
 * emulators' route targets.
 */
final class FunctionPhase {

    /**
     * JVM system property ({@code --snap-start}): when {@code true}, every function primes at init
     * ({@code ANTIPOP_PRIME_AT_INIT}), standing in for the CRaC {@code beforeCheckpoint} SnapStart runs on AWS.
     */
    static final String SNAP_START_PROPERTY = "antipop.local.snapStart";

    private FunctionPhase() {}

    /**
     * Creates every function (each pushed onto {@code started}) and binds the route targets that name it.
     *
     * @return the functions by logical id, in template order
     * @throws LocalCloudException when a handler or start class is not on the classpath
     */
    static Map<String, LocalFunction> start(
            LocalCloud.Options options,
            URI dynamoDbEndpoint,
            List<FunctionDefinition> definitions,
            Map<String, DeferredInvoker> invokers,
            Deque<AutoCloseable> started) {
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        // The Lambda Invoke API (the command router, policies' internal commands) on an ephemeral port; it finds
        // functions by name per call, so it can start before they exist and their environment can name it.
        Map<String, LocalFunction> byName = new ConcurrentHashMap<>();
        LambdaApiEmulator lambdaApi =
                new LambdaApiEmulator(options.bindHost(), 0, name -> Optional.ofNullable(byName.get(name)));
        lambdaApi.start();
        started.push(lambdaApi);
        for (FunctionDefinition definition : definitions) {
            LocalFunction function;
            try {
                function = new LocalFunction(spec(options, dynamoDbEndpoint, lambdaApi.endpoint(), definition));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new LocalCloudException(firstLine(e.getMessage()), e);
            }
            started.push(function);
            functions.put(definition.logicalId(), function);
            byName.put(definition.logicalId(), function);
            byName.put(definition.functionName(), function);
            DeferredInvoker deferred = invokers.get(definition.logicalId());
            if (deferred != null) {
                deferred.bind(function);
            }
        }
        return Collections.unmodifiableMap(functions);
    }

    private static FunctionSpec spec(
            LocalCloud.Options options, URI dynamoDbEndpoint, String lambdaEndpoint, FunctionDefinition definition) {
        Map<String, String> environment = new LinkedHashMap<>(definition.environment());
        environment.putIfAbsent("AWS_ENDPOINT_URL_LAMBDA", lambdaEndpoint);
        if (Boolean.getBoolean(SNAP_START_PROPERTY)) {
            environment.putIfAbsent("ANTIPOP_PRIME_AT_INIT", "true");
        }
        environment.putIfAbsent("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        environment.putIfAbsent("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamoDbEndpoint.toString());
        // Lambda's reserved variables: the template cannot set these on AWS either.
        environment.put("AWS_REGION", options.region());
        environment.put("AWS_DEFAULT_REGION", options.region());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", definition.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(definition.memorySizeMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + definition.functionName());
        if (definition.runtime() != null) {
            environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + definition.runtime());
        }
        return new FunctionSpec(
                definition.logicalId(),
                definition.functionName(),
                definition.handler(),
                environment,
                definition.timeoutSeconds(),
                definition.memorySizeMb());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
