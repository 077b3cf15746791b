package dev.antipop.runtime.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Builds AWS SDK clients once per execution environment (a Spring context), from the function's environment.
 *
 * <ul>
 *   <li>Region: {@code AWS_REGION}, which Lambda always sets.
 *   <li>Endpoint: the standard service-specific setting {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code
 *       AWS_ENDPOINT_URL} ("Service-specific endpoints", AWS SDKs and Tools reference guide). Unset on AWS; the local
 *       cloud and LocalStack set them. They are read from the Spring {@link Environment} so that each function of a
 *       multi-function JVM sees its own values; the SDK would also find them in the process environment.
 *   <li>HTTP: {@link Apache5HttpClient}, always set explicitly on the builder ({@link #httpClient()}): pooled
 *       keep-alive connections make warm calls about ten times cheaper than the URLConnection client, whose smaller
 *       cold start matters less with SnapStart.
 * </ul>
 */
public final class AwsClients {

    private AwsClients() {}

    /** A DynamoDB client for the function's region and endpoint. */
    public static DynamoDbClient dynamoDb(Environment env) {
        var builder = DynamoDbClient.builder()
                .region(region(env))
                .httpClient(httpClient())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        endpoint(env, "DYNAMODB").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * A Lambda client for the function's region and endpoint ({@code AWS_ENDPOINT_URL_LAMBDA}; the local cloud
     * emulates the Invoke API). The SDK's standard retries apply to throttling and transport errors; a function error is
     * an answer, never retried by the SDK.
     */
    public static LambdaClient lambda(Environment env) {
        var builder = LambdaClient.builder()
                .region(region(env))
                .httpClient(httpClient())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        endpoint(env, "LAMBDA").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The function's region: {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1. */
    public static Region region(Environment env) {
        String region = env.getProperty("AWS_REGION", env.getProperty("AWS_DEFAULT_REGION", "us-east-1"));
        return Region.of(region);
    }

    /** The endpoint override for a service ({@code DYNAMODB}, {@code APIGATEWAYMANAGEMENTAPI}), if configured. */
    public static Optional<URI> endpoint(Environment env, String serviceSuffix) {
        String url = env.getProperty("AWS_ENDPOINT_URL_" + serviceSuffix, env.getProperty("AWS_ENDPOINT_URL"));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url));
    }

    /** Connections one function's SDK client keeps to a service: enough for fan-out's concurrent posts. */
    public static final int MAX_CONNECTIONS = 128;

    /**
     * A new pooled Apache HttpClient 5 based HTTP client (one per SDK client; the SDK closes it with the client):
     * keep-alive connections are reused across invocations of a warm function, which is what makes a DynamoDB call
     * cost a tenth of a millisecond on loopback instead of more than one with the URLConnection client ({@code
     * ./run-local bench-dynamodb} measures both). Its larger initialisation happens before SnapStart's snapshot.
     */
    public static SdkHttpClient httpClient() {
        return Apache5HttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .tcpKeepAlive(true)
                .connectionMaxIdleTime(Duration.ofSeconds(50))
                .build();
    }
}
