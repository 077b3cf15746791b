package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.event.SensitiveFields;
import dev.antipop.core.limit.TokenBucket;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.EventStreamReader;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.PresenceStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.TopicLog;
import dev.antipop.realtime.feeds.FeedCursors;
import dev.antipop.realtime.feeds.Feeds;
import dev.antipop.realtime.feeds.LongPoll;
import dev.antipop.realtime.feeds.MemberTopics;
import dev.antipop.realtime.feeds.SseStream;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.aws.AwsClients;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.http.HttpEndpoint;
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
 *   <li>{@code CONNECTIONS_TABLE}, {@code SUBSCRIPTIONS_TABLE}, {@code PRESENCE_TABLE}: table names (required);
 *       {@code MEMBERSHIPS_TABLE} (optional): memberships, for the contexts' membership grants
 *   <li>{@code WEBSOCKET_MANAGEMENT_ENDPOINT}: the WebSocket API stage's connection URL, {@code
 *       https://<api>.execute-api.<region>.amazonaws.com/<stage>} (required by {@code fanOut}, {@code wsMessage} and
 *       {@code wsDisconnect}, which push frames; the local cloud rewrites it to its own endpoint)
 *   <li>{@code SENSITIVE_FIELDS}: see {@link SensitiveFieldsSpec} (fan-out and replay)
 *   <li>{@code STREAM_TOPICS}: which topics {@code start_seq} can resume, see {@link StreamTopics}
 *   <li>{@code FAN_OUT_CONCURRENCY}: posts in flight per event, default {@value Delivery#DEFAULT_CONCURRENCY}
 *   <li>{@code WS_MAX_POST_FAILURES}: consecutive failed pushes that drop a connection, default {@value
 *       Delivery#DEFAULT_MAX_POST_FAILURES}
 *   <li>{@code WS_MESSAGES_PER_SECOND}, {@code WS_MESSAGE_BURST}: the inbound token bucket per connection, default
 *       20/s, burst 40 ({@link MessageProtocol#DEFAULT_MESSAGES_PER_SECOND})
 *   <li>{@code RATE_LIMITS_TABLE}: the typing throttle's items ({@link TypingIndicators}); unset, {@code typing} is
 *       answered {@code internal_error}
 *   <li>{@code WS_MAX_SUBSCRIPTIONS}: per connection, default {@value MessageProtocol#DEFAULT_MAX_SUBSCRIPTIONS}
 *   <li>{@code WS_MAX_REPLAY_EVENTS}: most events one resume replays, default {@value
 *       Resume#DEFAULT_MAX_REPLAY_EVENTS}
 *   <li>{@code KV_TABLE}, {@code KV_EVENTS_TABLE} (optional, {@code wsMessage}): the KV view and the KV events table,
 *       for {@code kv_sub} ({@link KvWatches}); {@code POSITIONS_TABLE} for the KV processor's position
 *   <li>{@code TOPIC_LOG_TABLE} (optional for {@code fanOut}, required by {@code pollEvents}, {@code
 *       streamEvents} and {@code streamNotebookEvents}): the topic log ({@link TopicLog}); {@code FEED_MAX_WAIT_SECONDS} (20) and {@code
 *       FEED_POLL_MILLIS} (50): the long poll's bounded wait ({@link Feeds}); {@code CURSOR_KEY} (optional)
 *   <li>the JWT settings and {@code AWS_REGION}, read by {@link dev.antipop.runtime.config.RuntimeConfiguration}
 * </ul>
 *
 * <p>The beans are lazy: each template function runs one of them ({@code SPRING_CLOUD_FUNCTION_DEFINITION}), so
 * {@code wsConnect} builds no management API client and starts no post threads, and a function needs only the
 * variables of what it uses.
 */
@Lazy
@Configuration(proxyBeanMethods = false)
public class RealtimeConfiguration {

    /** Streams a fan-out batch pushes at once; each stream's events stay in version order. */
    static final int STREAM_PARALLELISM = 8;

    /**
     * Upper bound of one PostToConnection call including SDK retries; a stuck post must not hold the shard's batch
     * until the Lambda timeout.
     */
    static final Duration POST_API_CALL_TIMEOUT = Duration.ofSeconds(10);

    /** Every bounded context on the classpath (their descriptors). */
    @Bean
    public Contexts contexts() {
        return Contexts.onClasspath();
    }

    /** Subjects per role ({@code capabilities.json}) plus every context's role and membership grants. */
    @Bean
    public Capabilities capabilities(Contexts contexts) {
        return ContextGrants.capabilities(contexts);
    }

    /** Connections, subscriptions, presence and (with {@code MEMBERSHIPS_TABLE}) memberships. */
    @Bean
    public ConnectionRegistry connectionRegistry(Environment env, DynamoDbClient dynamoDb, Clock clock) {
        String memberships = env.getProperty("MEMBERSHIPS_TABLE");
        return new ConnectionRegistry(
                new ConnectionStore(dynamoDb, env.getRequiredProperty("CONNECTIONS_TABLE"), clock),
                new SubscriptionStore(dynamoDb, env.getRequiredProperty("SUBSCRIPTIONS_TABLE")),
                new PresenceStore(dynamoDb, env.getRequiredProperty("PRESENCE_TABLE"), clock),
                memberships == null || memberships.isBlank() ? null : new MembershipStore(dynamoDb, memberships));
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

    /** Pushes frames to connections. */
    @Bean(destroyMethod = "close")
    public Delivery delivery(
            Environment env,
            ConnectionRegistry registry,
            ApiGatewayManagementApiClient managementApi,
            Capabilities capabilities) {
        return new Delivery(
                registry,
                managementApi,
                capabilities,
                env.getProperty("FAN_OUT_CONCURRENCY", Integer.class, Delivery.DEFAULT_CONCURRENCY),
                env.getProperty("WS_MAX_POST_FAILURES", Integer.class, Delivery.DEFAULT_MAX_POST_FAILURES));
    }

    /** Rooms' presence sets. */
    @Bean
    public Presence presence(ConnectionRegistry registry, Delivery delivery) {
        return new Presence(registry.presence(), delivery);
    }

    /** Sensitive fields per event type. */
    @Bean
    public SensitiveFields sensitiveFields(Environment env) {
        return SensitiveFieldsSpec.parse(env.getProperty(SensitiveFieldsSpec.VARIABLE));
    }

    /** Pushes events to connections. */
    @Bean
    public FanOut fanOutDelivery(
            ConnectionRegistry registry,
            Capabilities capabilities,
            Delivery delivery,
            Presence presence,
            SensitiveFields sensitiveFields,
            Contexts contexts,
            Environment env,
            DynamoDbClient dynamoDb,
            Clock clock) {
        String topicLog = env.getProperty("TOPIC_LOG_TABLE");
        return new FanOut(
                        delivery,
                        new Revocation(registry, capabilities, delivery, presence),
                        new MembershipChanges(contexts, registry, capabilities, delivery, presence),
                        presence,
                        sensitiveFields)
                .withFeeds(
                        SecondaryTopics.of(contexts),
                        topicLog == null || topicLog.isBlank() ? null : new TopicLog(dynamoDb, topicLog, clock));
    }

    /** The long poll and SSE's shared reading of the topic log. */
    @Bean
    public Feeds feeds(
            Environment env,
            DynamoDbClient dynamoDb,
            Authenticator authenticator,
            Capabilities capabilities,
            Clock clock) {
        String memberships = env.getProperty("MEMBERSHIPS_TABLE");
        return new Feeds(
                authenticator,
                capabilities,
                memberships == null || memberships.isBlank() ? null : new MembershipStore(dynamoDb, memberships),
                new TopicLog(dynamoDb, env.getRequiredProperty("TOPIC_LOG_TABLE"), clock),
                FeedCursors.fromEnvironment(
                        env.getProperty("CURSOR_KEY"), env.getProperty("JWT_KEYS"), env.getProperty("JWT_ACTIVE_KID")),
                clock,
                Duration.ofSeconds(env.getProperty("FEED_MAX_WAIT_SECONDS", Long.class, 20L)),
                Duration.ofMillis(env.getProperty("FEED_POLL_MILLIS", Long.class, 50L)));
    }

    /** {@code GET /events}: the long poll. */
    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> pollEvents(Feeds feeds) {
        return new HttpEndpoint("pollEvents", new LongPoll(feeds));
    }

    /** {@code GET /events/stream}: Server-Sent Events. */
    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> streamEvents(Feeds feeds) {
        return new HttpEndpoint("streamEvents", new SseStream(feeds));
    }

    /**
     * {@code GET /api/events/stream}: Server-Sent Events of the caller's notebooks, {@code notebook.<id>.events} of
     * each notebook they are a member of ({@code ?notebooks=} narrows; {@link MemberTopics}). Needs {@code
     * MEMBERSHIPS_TABLE}.
     */
    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> streamNotebookEvents(
            Feeds feeds, Capabilities capabilities, Environment env, DynamoDbClient dynamoDb) {
        return new HttpEndpoint(
                "streamNotebookEvents",
                new SseStream(
                        feeds,
                        new MemberTopics(
                                capabilities,
                                new MembershipStore(dynamoDb, env.getRequiredProperty("MEMBERSHIPS_TABLE")),
                                "notebook",
                                "notebook.{id}.events",
                                "notebooks")));
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
            ConnectionRegistry registry, Presence presence) {
        return new DisconnectHandler(registry, presence);
    }

    /** {@code $default}: protocol v1 messages. */
    @Bean
    public Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> wsMessage(
            Environment env,
            ConnectionRegistry registry,
            Capabilities capabilities,
            DynamoDbClient dynamoDb,
            Delivery delivery,
            Presence presence,
            SensitiveFields sensitiveFields,
            Clock clock) {
        Resume resume = new Resume(
                StreamTopics.parse(env.getProperty(StreamTopics.VARIABLE)),
                new EventStreamReader(dynamoDb),
                sensitiveFields,
                delivery,
                env.getProperty("WS_MAX_REPLAY_EVENTS", Integer.class, Resume.DEFAULT_MAX_REPLAY_EVENTS));
        String rateLimits = env.getProperty("RATE_LIMITS_TABLE");
        TokenBucket bucket = new TokenBucket(
                env.getProperty("WS_MESSAGES_PER_SECOND", Double.class, MessageProtocol.DEFAULT_MESSAGES_PER_SECOND),
                env.getProperty("WS_MESSAGE_BURST", Double.class, MessageProtocol.DEFAULT_MESSAGE_BURST));
        int maxSubscriptions =
                env.getProperty("WS_MAX_SUBSCRIPTIONS", Integer.class, MessageProtocol.DEFAULT_MAX_SUBSCRIPTIONS);
        MessageProtocol protocol = new MessageProtocol(
                registry,
                capabilities,
                bucket,
                maxSubscriptions,
                resume,
                presence,
                rateLimits == null || rateLimits.isBlank()
                        ? null
                        : new TypingIndicators(dynamoDb, rateLimits, delivery, presence, clock),
                clock);
        String kvTable = env.getProperty("KV_TABLE");
        if (kvTable != null && !kvTable.isBlank()) {
            String positions = env.getProperty("POSITIONS_TABLE");
            protocol.withKv(new KvWatches(
                    registry,
                    capabilities,
                    dynamoDb,
                    kvTable,
                    env.getRequiredProperty("KV_EVENTS_TABLE"),
                    positions == null || positions.isBlank() ? null : new ProjectionPositions(dynamoDb, positions),
                    delivery,
                    maxSubscriptions,
                    clock));
        }
        return protocol;
    }

    /** The stream consumer of the presence table: {@code presence.left} for connections that expired. */
    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> presenceExpiry(Presence presence) {
        return new PresenceExpiry(presence);
    }

    /** The stream consumer mapped to every events table. */
    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> fanOut(FanOut fanOutDelivery) {
        return EventStreamProcessor.perBatch("fanOut", fanOutDelivery::forBatch, STREAM_PARALLELISM);
    }
}
