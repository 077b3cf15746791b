package dev.antipop.runtime.config;

import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.DynamoDbEventStore;
import dev.antipop.dynamodb.NodeIdLease;
import dev.antipop.dynamodb.RateLimiter;
import dev.antipop.runtime.command.CommandGate;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The event store and id generation of a command module, from {@code EVENTS_TABLE}, {@code IDEMPOTENCY_TABLE},
 * {@code UNIQUES_TABLE} and {@code LEASES_TABLE}. {@code NODE_ID} (0–1023), when set, replaces the node id lease:
 * use it only where one process can run (tests, a single local JVM).
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Idempotency items live 24 hours (DESIGN.md section 4), like Powertools' default expiry. */
    public static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

    /** The context's event store. */
    @Bean
    public EventStore eventStore(Environment env, DynamoDbClient dynamoDb, Clock clock) {
        return new DynamoDbEventStore(
                dynamoDb,
                env.getRequiredProperty("EVENTS_TABLE"),
                env.getRequiredProperty("IDEMPOTENCY_TABLE"),
                env.getRequiredProperty("UNIQUES_TABLE"),
                IDEMPOTENCY_TTL,
                clock);
    }

    /** Snowflake ids (events and commands); the node id is leased at the first id, not at cold start. */
    @Bean
    public LeasedIds ids(Environment env, DynamoDbClient dynamoDb, Clock clock) {
        Integer fixedNode = env.getProperty("NODE_ID", Integer.class);
        String owner =
                env.getProperty("AWS_LAMBDA_LOG_STREAM_NAME", UUID.randomUUID().toString());
        String leases = env.getProperty("LEASES_TABLE");
        if (fixedNode != null) {
            return LeasedIds.fixed(fixedNode, clock);
        }
        return LeasedIds.leased(
                () -> NodeIdLease.acquire(dynamoDb, requireLeases(leases), owner, LeasedIds.LEASE_TTL, clock), clock);
    }

    /**
     * Rate limits ({@code RATE_LIMITS_TABLE}; unset disables them): {@code COMMAND_RATE_LIMIT} commands (300) per
     * {@code COMMAND_RATE_WINDOW_SECONDS} (10) per user or anonymous IP, and {@code AUTH_RATE_LIMIT} (30) auth
     * requests per minute per IP and endpoint.
     */
    @Bean
    public CommandGate commandGate(Environment env, DynamoDbClient dynamoDb, Clock clock) {
        String table = env.getProperty("RATE_LIMITS_TABLE");
        if (table == null || table.isBlank()) {
            return new CommandGate(null, null);
        }
        RateLimiter commands = new RateLimiter(
                dynamoDb,
                table,
                env.getProperty("COMMAND_RATE_LIMIT", Long.class, 300L),
                Duration.ofSeconds(env.getProperty("COMMAND_RATE_WINDOW_SECONDS", Long.class, 10L)),
                clock);
        RateLimiter auth = new RateLimiter(
                dynamoDb, table, env.getProperty("AUTH_RATE_LIMIT", Long.class, 30L), Duration.ofMinutes(1), clock);
        return new CommandGate(commands, auth);
    }

    private static String requireLeases(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("LEASES_TABLE is not set (or set NODE_ID)");
        }
        return table;
    }
}
