package dev.antipop.dynamodb;

import dev.antipop.core.event.EnvelopeJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The WebSocket connections table (DESIGN.md section 4): partition key {@code connectionId} S; attributes
 * {@code userId} S, {@code connectedAt} S (ISO-8601 UTC), {@code expiresAt} N (epoch seconds, the TTL attribute),
 * optional {@code domainName} S and {@code stage} S (where to reach the connection's management API); GSI
 * {@value #BY_USER} on {@code userId}, which must project all attributes.
 *
 * <p>A connection lives at most 2 hours: API Gateway closes WebSocket connections after 2 h ("Amazon API Gateway
 * quotas for WebSocket APIs", connection duration). Reads skip connections whose {@code expiresAt} has passed, since
 * TTL deletion lags. Thread-safe.
 */
public final class ConnectionStore {

    /** API Gateway's maximum WebSocket connection duration. */
    public static final Duration MAX_CONNECTION_DURATION = Duration.ofHours(2);

    /** Partition key, S. */
    public static final String CONNECTION_ID = "connectionId";
    /** The connected user, S; the GSI's partition key. */
    public static final String USER_ID = "userId";
    /** ISO-8601 UTC, S. */
    public static final String CONNECTED_AT = "connectedAt";
    /** Epoch seconds, N; the table's TTL attribute. */
    public static final String EXPIRES_AT = "expiresAt";
    /** API Gateway domain name of the connection, S, optional. */
    public static final String DOMAIN_NAME = "domainName";
    /** API Gateway stage of the connection, S, optional. */
    public static final String STAGE = "stage";
    /** The GSI on {@code userId}. */
    public static final String BY_USER = "byUser";

    /**
     * One open WebSocket connection.
     *
     * @param connectionId API Gateway's connection id
     * @param userId the authenticated user
     * @param connectedAt when {@code $connect} happened (millisecond precision kept)
     * @param expiresAt when API Gateway will have closed it at the latest (second precision kept)
     * @param domainName the API's domain name, or null
     * @param stage the API's stage, or null
     */
    public record Connection(
            String connectionId,
            String userId,
            Instant connectedAt,
            Instant expiresAt,
            String domainName,
            String stage) {

        /** Truncates the instants to the stored precision so a round trip gives an equal record. */
        public Connection {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(userId, "userId");
            connectedAt = connectedAt.truncatedTo(ChronoUnit.MILLIS);
            expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        }

        /** A connection without domain name and stage. */
        public Connection(String connectionId, String userId, Instant connectedAt, Instant expiresAt) {
            this(connectionId, userId, connectedAt, expiresAt, null, null);
        }

        /** A connection opened at {@code connectedAt}, expiring after {@link #MAX_CONNECTION_DURATION}. */
        public static Connection opened(String connectionId, String userId, Instant connectedAt) {
            return new Connection(connectionId, userId, connectedAt, connectedAt.plus(MAX_CONNECTION_DURATION));
        }
    }

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    /** A store on the system clock. */
    public ConnectionStore(DynamoDbClient client, String table) {
        this(client, table, Clock.systemUTC());
    }

    /** @param clock decides which connections have expired */
    public ConnectionStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores (or replaces) a connection. */
    public void put(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CONNECTION_ID, AttributeValue.fromS(connection.connectionId()));
        item.put(USER_ID, AttributeValue.fromS(connection.userId()));
        item.put(CONNECTED_AT, AttributeValue.fromS(EnvelopeJson.formatTimestamp(connection.connectedAt())));
        item.put(
                EXPIRES_AT,
                AttributeValue.fromN(Long.toString(connection.expiresAt().getEpochSecond())));
        if (connection.domainName() != null) {
            item.put(DOMAIN_NAME, AttributeValue.fromS(connection.domainName()));
        }
        if (connection.stage() != null) {
            item.put(STAGE, AttributeValue.fromS(connection.stage()));
        }
        client.putItem(r -> r.tableName(table).item(item));
    }

    /** Deletes a connection; deleting an unknown one is not an error ({@code $disconnect} may repeat). */
    public void delete(String connectionId) {
        client.deleteItem(r -> r.tableName(table).key(Map.of(CONNECTION_ID, AttributeValue.fromS(connectionId))));
    }

    /** The connection, unless unknown or expired (consistent read). */
    public Optional<Connection> get(String connectionId) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table)
                        .key(Map.of(CONNECTION_ID, AttributeValue.fromS(connectionId)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Connection connection = fromItem(item);
        return expired(connection) ? Optional.empty() : Optional.of(connection);
    }

    /** The user's unexpired connections, all pages of the {@value #BY_USER} GSI (eventually consistent). */
    public List<Connection> findByUser(String userId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(BY_USER)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                .build();
        List<Connection> connections = new ArrayList<>();
        client.queryPaginator(query).items().forEach(item -> {
            Connection connection = fromItem(item);
            if (!expired(connection)) {
                connections.add(connection);
            }
        });
        return connections;
    }

    private boolean expired(Connection connection) {
        return connection.expiresAt().getEpochSecond() < clock.instant().getEpochSecond();
    }

    private static Connection fromItem(Map<String, AttributeValue> item) {
        return new Connection(
                string(item, CONNECTION_ID),
                string(item, USER_ID),
                Instant.parse(string(item, CONNECTED_AT)),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())),
                optionalString(item, DOMAIN_NAME),
                optionalString(item, STAGE));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException(
                    "Connection item lacks " + name + " (does the GSI project all attributes?)");
        }
        return value.s();
    }

    private static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
