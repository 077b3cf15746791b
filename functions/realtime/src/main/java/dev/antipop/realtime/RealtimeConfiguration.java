package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.aws.AwsClients;
import dev.antipop.runtime.stream.EventStreamProcessor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The realtime functions and their collaborators, built once per execution environment from the environment the
 * template sets:
 *
 * <ul>
 *   <li>{@code CONNECTIONS_TABLE}, {@code SUBSCRIPTIONS_TABLE}: table names (required)
 *   <li>{@code WEBSOCKET_MANAGEMENT_ENDPOINT}: the WebSocket API stage's connection URL, {@code
 *       https://<api>.execute-api.<region>.amazonaws.com/<stage>} (required by {@code fanOut}; the local cloud
 *       rewrites it to its own endpoint)
 *   <li>{@code SENSITIVE_FIELDS}: see {@link SensitiveFieldsSpec}
 *   <li>{@code FAN_OUT_CONCURRENCY}: posts in flight per event, default {@value FanOut#DEFAULT_CONCURRENCY}
 *   <li>the JWT settings and {@code AWS_REGION}, read by {@link dev.antipop.runtime.config.RuntimeConfiguration}
 * </ul>
 *
 * <p>The beans are lazy: each template function runs one of them ({@code SPRING_CLOUD_FUNCTION_DEFINITION}), so
 * {@code wsMessage} builds no management API client and {@code wsConnect} starts no post threads, and a function
 * needs only the variables of what it uses.
 */
@Lazy
@Configuration(proxyBeanMethods = false)
public class RealtimeConfiguration {

    /**
     * Upper bound of one PostToConnection call including SDK retries; a stuck post must not hold the shard's batch
     * until the Lambda timeout.
     */
    static final Duration POST_API_CALL_TIMEOUT = Duration.ofSeconds(10);

    /** Connections and subscriptions. */
    @Bean
    public ConnectionRegistry connectionRegistry(Environment env, DynamoDbClient dynamoDb) {
        return new ConnectionRegistry(
                new ConnectionStore(dynamoDb, env.getRequiredProperty("CONNECTIONS_TABLE")),
                new SubscriptionStore(dynamoDb, env.getRequiredProperty("SUBSCRIPTIONS_TABLE")));
    }

    /**
     * The API Gateway Management API client for the WebSocket API's stage, built once (the client is thread-safe and
     * shared by every post thread).
     *
     * @throws IllegalStateException if {@code WEBSOCKET_MANAGEMENT_ENDPOINT} is missing or not an http(s) URL
     */
    @Bean(destroyMethod = "close")
    public ApiGatewayManagementApiClient managementApi(Environment env) {
        String endpoint = env.getRequiredProperty("WEBSOCKET_MANAGEMENT_ENDPOINT");
        URI uri = URI.create(endpoint);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalStateException("WEBSOCKET_MANAGEMENT_ENDPOINT must be an https:// URL (the stage's "
                    + "connection URL), got " + endpoint);
        }
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(uri)
                .region(AwsClients.region(env))
                .httpClient(AwsClients.httpClient())
                .overrideConfiguration(c -> c.apiCallTimeout(POST_API_CALL_TIMEOUT))
                .build();
    }

    /** Pushes events to connections. */
    @Bean(destroyMethod = "close")
    public FanOut fanOutDelivery(
            Environment env, ConnectionRegistry registry, ApiGatewayManagementApiClient managementApi) {
        return new FanOut(
                registry,
                managementApi,
                SensitiveFieldsSpec.parse(env.getProperty(SensitiveFieldsSpec.VARIABLE)),
                env.getProperty("FAN_OUT_CONCURRENCY", Integer.class, FanOut.DEFAULT_CONCURRENCY));
    }

    /** {@code $connect}. */
    @Bean
    public Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> wsConnect(
            Authenticator authenticator, ConnectionRegistry registry, Clock clock) {
        return new ConnectHandler(authenticator, registry, clock);
    }

    /** {@code $disconnect}. */
    @Bean
    public Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> wsDisconnect(
            ConnectionRegistry registry) {
        return new DisconnectHandler(registry);
    }

    /** {@code $default}: protocol v1 messages. */
    @Bean
    public Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> wsMessage() {
        return new MessageProtocol();
    }

    /** The stream consumer mapped to every events table. */
    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> fanOut(FanOut fanOutDelivery) {
        return new EventStreamProcessor("fanOut", fanOutDelivery);
    }
}
