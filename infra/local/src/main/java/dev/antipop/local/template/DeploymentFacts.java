package dev.antipop.local.template;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the local cloud learns while it deploys a stack, as an immutable value: each {@code with*} returns a new one.
 * Intrinsics resolve against one snapshot, so a result depends on the facts passed in, not on when it is asked.
 *
 * @param streamArns the {@code LatestStreamArn} the DynamoDB engine reported, by table logical id: the value of
 *     {@code !GetAtt <table>.StreamArn}
 * @param apiEndpoints where each API listens locally, by API logical id (e.g. {@code http://127.0.0.1:3001}, no
 *     trailing slash): resolved strings naming the API's AWS endpoint are rewritten to it
 */
public record DeploymentFacts(Map<String, String> streamArns, Map<String, String> apiEndpoints) {

    /** Checks and copies. */
    public DeploymentFacts {
        streamArns = Map.copyOf(streamArns);
        apiEndpoints = Map.copyOf(apiEndpoints);
    }

    /** Nothing learnt yet. */
    public static DeploymentFacts none() {
        return new DeploymentFacts(Map.of(), Map.of());
    }

    /** These facts plus a table's stream ARN. */
    public DeploymentFacts withStreamArn(String tableLogicalId, String streamArn) {
        Map<String, String> arns = new HashMap<>(streamArns);
        arns.put(Objects.requireNonNull(tableLogicalId), Objects.requireNonNull(streamArn));
        return new DeploymentFacts(arns, apiEndpoints);
    }

    /** These facts plus an API's local base URL. */
    public DeploymentFacts withApiEndpoint(String apiLogicalId, String localBaseUrl) {
        Map<String, String> endpoints = new HashMap<>(apiEndpoints);
        endpoints.put(Objects.requireNonNull(apiLogicalId), Objects.requireNonNull(localBaseUrl));
        return new DeploymentFacts(streamArns, endpoints);
    }
}
