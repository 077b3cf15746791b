package dev.antipop.local.lambda;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code AWS::Serverless::Function} as the local cloud runs it.
 *
 * @param logicalId the template's logical id ({@code CreateUserFunction})
 * @param functionName {@code FunctionName}, else the logical id; used in logs, the invoked-function ARN and errors
 * @param handler {@code Handler}; only Spring Cloud Function's {@code FunctionInvoker} is supported (see
 *     {@link LocalFunction})
 * @param environment {@code Environment.Variables}, merged with {@code Globals}; must hold {@code MAIN_CLASS} and
 *     usually {@code SPRING_CLOUD_FUNCTION_DEFINITION}
 * @param timeoutSeconds {@code Timeout} in seconds; Lambda's default is 3, its maximum 900
 * @param memorySizeMb {@code MemorySize} in MB; reported through {@code Context.getMemoryLimitInMB()}, not enforced
 */
public record FunctionSpec(
        String logicalId,
        String functionName,
        String handler,
        Map<String, String> environment,
        int timeoutSeconds,
        int memorySizeMb) {

    /** Lambda's default {@code Timeout} in seconds when the template sets none. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;

    /** Lambda's default {@code MemorySize} in MB when the template sets none. */
    public static final int DEFAULT_MEMORY_SIZE_MB = 128;

    /** Validates and copies the environment (insertion order kept). */
    public FunctionSpec {
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(handler, "handler");
        environment = Map.copyOf(environment == null ? Map.of() : environment);
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException(
                    "function " + functionName + ": Timeout must be positive, was " + timeoutSeconds);
        }
        if (memorySizeMb <= 0) {
            throw new IllegalArgumentException(
                    "function " + functionName + ": MemorySize must be positive, was " + memorySizeMb);
        }
    }
}
