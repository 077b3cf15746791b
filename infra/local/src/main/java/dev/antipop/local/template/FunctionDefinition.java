package dev.antipop.local.template;

import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} with SAM {@code Globals.Function} merged in (maps merged per key, lists
 * appended, scalars overridden by the function, as the SAM specification's Globals section defines) and every value
 * resolved.
 *
 * @param logicalId the function's logical id
 * @param functionName {@code FunctionName}, else the logical id
 * @param handler {@code Handler}
 * @param runtime {@code Runtime} ({@code java25}, ...), or {@code null}
 * @param timeoutSeconds {@code Timeout}; Lambda's default is 3 seconds
 * @param memorySizeMb {@code MemorySize}; Lambda's default is 128 MB
 * @param architecture the first of {@code Architectures}; {@code x86_64} by default
 * @param environment {@code Environment.Variables}, resolved to strings (endpoints rewritten to the local cloud)
 * @param dynamoDbEvents its events of {@code Type: DynamoDB}
 */
public record FunctionDefinition(
        String logicalId,
        String functionName,
        String handler,
        String runtime,
        int timeoutSeconds,
        int memorySizeMb,
        String architecture,
        Map<String, String> environment,
        List<DynamoDbEventSource> dynamoDbEvents) {

    public FunctionDefinition {
        environment = Map.copyOf(environment);
        dynamoDbEvents = List.copyOf(dynamoDbEvents);
    }
}
