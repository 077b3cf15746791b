package dev.antipop.local.template;

import static dev.antipop.local.template.Values.integer;
import static dev.antipop.local.template.Values.required;
import static dev.antipop.local.template.Values.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code AWS::Serverless::Function}s: handler, runtime, timeout (1..900 s), memory (128..10240 MB),
 * architecture, resolved environment, and their {@code DynamoDB} events within the Lambda event source mapping limits.
 */
final class FunctionReader {

    private final Intrinsics intrinsics;
    private final References references;
    private final Map<String, TemplateResource> resources;

    FunctionReader(Intrinsics intrinsics, Map<String, TemplateResource> resources) {
        this.intrinsics = intrinsics;
        this.references = intrinsics.references();
        this.resources = resources;
    }

    List<FunctionDefinition> read() {
        List<FunctionDefinition> functions = new ArrayList<>();
        for (TemplateResource resource : resources.values()) {
            if (!resource.type().equals("AWS::Serverless::Function")) {
                continue;
            }
            String where = "Resources." + resource.logicalId() + ".Properties";
            Map<String, Object> p = intrinsics.resolvedProperties(resource);
            String handler = text(required(p, "Handler", where));
            Map<String, String> environment = new LinkedHashMap<>();
            if (p.get("Environment") instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
                variables.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> || v instanceof List<?>) {
                        throw new TemplateException(
                                where + ".Environment.Variables." + k + ": must resolve to a string, found " + v);
                    }
                    environment.put(String.valueOf(k), text(v));
                });
            }
            String architecture = "x86_64";
            if (p.get("Architectures") instanceof List<?> archs && !archs.isEmpty()) {
                architecture = text(archs.get(0));
            }
            List<DynamoDbEventSource> streamEvents = new ArrayList<>();
            Map<String, Object> events =
                    p.get("Events") == null ? Map.of() : Template.mapping(p.get("Events"), where + ".Events");
            for (Map.Entry<String, Object> event : events.entrySet()) {
                if ("DynamoDB".equals(SamEvents.eventType(event.getValue()))) {
                    streamEvents.add(dynamoDbEvent(
                            resource.logicalId(),
                            event.getKey(),
                            SamEvents.eventProperties(event.getValue()),
                            where + ".Events." + event.getKey() + ".Properties"));
                }
            }
            functions.add(new FunctionDefinition(
                    resource.logicalId(),
                    references.functionName(resource),
                    handler,
                    p.get("Runtime") == null ? null : text(p.get("Runtime")),
                    integer(p.getOrDefault("Timeout", 3), where + ".Timeout", 1, 900),
                    integer(p.getOrDefault("MemorySize", 128), where + ".MemorySize", 128, 10240),
                    architecture,
                    environment,
                    streamEvents));
        }
        return functions;
    }

    private DynamoDbEventSource dynamoDbEvent(
            String functionLogicalId, String eventName, Map<String, Object> raw, String where) {
        Map<String, Object> p = Template.mapping(intrinsics.resolve(raw, where), where);
        String startingPosition = text(required(p, "StartingPosition", where));
        if (!startingPosition.equals("TRIM_HORIZON") && !startingPosition.equals("LATEST")) {
            throw new TemplateException(
                    where + ".StartingPosition: " + startingPosition + " is not TRIM_HORIZON or LATEST");
        }
        int maxRecordAge = integer(
                p.getOrDefault("MaximumRecordAgeInSeconds", -1), where + ".MaximumRecordAgeInSeconds", -1, 604_800);
        if (maxRecordAge != -1 && maxRecordAge < 60) {
            throw new TemplateException(where + ".MaximumRecordAgeInSeconds: " + maxRecordAge
                    + " is outside -1 or 60..604800 (the Lambda EventSourceMapping limit)");
        }
        boolean reportItemFailures = false;
        if (p.get("FunctionResponseTypes") instanceof List<?> types) {
            reportItemFailures = types.stream().map(String::valueOf).anyMatch("ReportBatchItemFailures"::equals);
        }
        String onFailure = null;
        if (p.get("DestinationConfig") instanceof Map<?, ?> destination
                && destination.get("OnFailure") instanceof Map<?, ?> failure
                && failure.get("Destination") != null) {
            onFailure = text(failure.get("Destination"));
        }
        return new DynamoDbEventSource(
                functionLogicalId,
                eventName,
                text(required(p, "Stream", where)),
                startingPosition,
                integer(p.getOrDefault("BatchSize", 100), where + ".BatchSize", 1, 10_000),
                integer(
                        p.getOrDefault("MaximumBatchingWindowInSeconds", 0),
                        where + ".MaximumBatchingWindowInSeconds",
                        0,
                        300),
                integer(p.getOrDefault("MaximumRetryAttempts", -1), where + ".MaximumRetryAttempts", -1, 10_000),
                Boolean.parseBoolean(text(p.getOrDefault("BisectBatchOnFunctionError", false))),
                reportItemFailures,
                Boolean.parseBoolean(text(p.getOrDefault("Enabled", true))),
                maxRecordAge,
                onFailure,
                p.containsKey("FilterCriteria"));
    }
}
