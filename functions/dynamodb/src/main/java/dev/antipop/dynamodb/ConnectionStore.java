package dev.antipop.dynamodb;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.limit.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The WebSocket connections table (DESIGN.md section 4): partition key {@code connectionId} S; attributes
 * {@code userId} S, {@code connectedAt} S (ISO-8601 UTC), {@code expiresAt} N (epoch seconds, the TTL attribute),
 * optional {@code domainName} S and {@code stage} S (where to reach the connection's management API), {@code roles} SS
 * (the roles its capabilities derive from: the token's at {@code $connect}, then kept current by role events; absent
 * when none, since DynamoDB sets cannot be empty), the inbound rate limiter's {@code rateTokens} N, {@code rateAt} N
 * (epoch ms) and {@code rateVersion} N, and {@code postFailures} N (consecutive failed pushes); GSI {@value #BY_USER} on
 * {@code userId}, which must project all attributes.
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
    /** The connection's roles, SS; absent when it has none. */
    public static final String ROLES = "roles";
    /** Token bucket: tokens left, N. */
    public static final String RATE_TOKENS = "rateTokens";
    /** Token bucket: when {@code rateTokens} was computed, epoch milliseconds, N. */
    public static final String RATE_AT = "rateAt";
    /** Token bucket: optimistic-concurrency counter of the bucket's updates, N. */
    public static final String RATE_VERSION = "rateVersion";
    /** Consecutive pushes to the connection that failed other than with 410 Gone, N. */
    public static final String POST_FAILURES = "postFailures";
    /** The GSI on {@code userId}. */
    public static final String BY_USER = "byUser";

    /** BatchGetItem reads at most 100 keys per call (DynamoDB API reference, BatchGetItem). */
    public static final int MAX_BATCH_GET_KEYS = 100;

    /**
     * Attempts at a conditional token bucket update before the message is refused: each failure means another
     * execution environment updated the same connection's bucket in between, i.e. the client is sending fast.
     */
    static final int MAX_RATE_ATTEMPTS = 4;

    private static final int MAX_BATCH_ATTEMPTS = 8;

    /**
     * One open WebSocket connection.
     *
     * @param connectionId API Gateway's connection id
     * @param userId the authenticated user
     * @param connectedAt when {@code $connect} happened (millisecond precision kept)
     * @param expiresAt when API Gateway will have closed it at the latest (second precision kept)
     * @param domainName the API's domain name, or null
     * @param stage the API's stage, or null
     * @param roles the roles its capabilities derive from; immutable, sorted, never null
     * @param postFailures consecutive pushes that failed other than with 410 Gone
     */
    public record Connection(
            String connectionId,
            String userId,
            Instant connectedAt,
            Instant expiresAt,
            String domainName,
            String stage,
            Set<String> roles,
            int postFailures) {

        /** Truncates the instants to the stored precision so a round trip gives an equal record. */
        public Connection {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(userId, "userId");
            connectedAt = connectedAt.truncatedTo(ChronoUnit.MILLIS);
            expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
            roles = roles == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(roles));
        }

        /** A connection without roles and failures. */
        public Connection(
                String connectionId,
                String userId,
                Instant connectedAt,
                Instant expiresAt,
                String domainName,
                String stage) {
            this(connectionId, userId, connectedAt, expiresAt, domainName, stage, Set.of(), 0);
        }

        /** This connection with other roles. */
        public Connection withRoles(Collection<String> newRoles) {
            return new Connection(
                    connectionId,
                    userId,
                    connectedAt,
                    expiresAt,
                    domainName,
                    stage,
                    Set.copyOf(newRoles),
                    postFailures);
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
        client.putItem(r -> r.tableName(table).item(item(connection)));
    }

    /**
     * Stores a connection and a subscription of it in one {@code TransactWriteItems} request: both or neither (the
     * {@code $connect} write, one request instead of a put, a put and, should the second fail, a compensating
     * delete). Both stores must use the same account and region. Needs {@code dynamodb:PutItem} on both tables (what
     * TransactWriteItems checks per item).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails (nothing was written)
     */
    public void putWithSubscription(
            Connection connection, SubscriptionStore subscriptions, SubscriptionStore.Subscription subscription) {
        client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table)
                                .item(item(connection))
                                .build())
                        .build(),
                subscriptions.transactPut(subscription)));
    }

    private static Map<String, AttributeValue> item(Connection connection) {
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
        if (!connection.roles().isEmpty()) {
            item.put(ROLES, AttributeValue.fromSs(List.copyOf(connection.roles())));
        }
        return item;
    }

    /**
     * Adds a role to a stored connection ({@code ADD} on the string set: idempotent, so a redelivered role event
     * changes nothing).
     *
     * @return the connection with its roles after the change, or empty if the connection is unknown or expired
     */
    public Optional<Connection> addRole(String connectionId, String role) {
        return changeRoles(connectionId, "ADD", role);
    }

    /**
     * Removes a role from a stored connection ({@code DELETE} on the string set: idempotent; DynamoDB removes the
     * attribute when the set becomes empty).
     *
     * @return the connection with its roles after the change, or empty if the connection is unknown or expired
     */
    public Optional<Connection> removeRole(String connectionId, String role) {
        return changeRoles(connectionId, "DELETE", role);
    }

    private Optional<Connection> changeRoles(String connectionId, String action, String role) {
        try {
            Map<String, AttributeValue> item = client.updateItem(r -> r.tableName(table)
                            .key(key(connectionId))
                            .updateExpression(action + " #r :r")
                            .conditionExpression("attribute_exists(#c)")
                            .expressionAttributeNames(Map.of("#r", ROLES, "#c", CONNECTION_ID))
                            .expressionAttributeValues(Map.of(":r", AttributeValue.fromSs(List.of(role))))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            Connection connection = fromItem(item);
            return expired(connection) ? Optional.empty() : Optional.of(connection);
        } catch (ConditionalCheckFailedException e) {
            // The connection closed meanwhile: nothing to update, and no item is created by the update.
            return Optional.empty();
        }
    }

    /**
     * The outcome of {@link #admit}.
     *
     * @param connection the connection (with its roles), or null if unknown or expired
     * @param admitted whether the message may be processed
     * @param retryAfterMillis when refused by the rate limit, milliseconds until a token is available
     */
    public record Admission(Connection connection, boolean admitted, long retryAfterMillis) {

        /** Whether the connection is stored and unexpired. */
        public boolean known() {
            return connection != null;
        }
    }

    /**
     * Reads the connection and takes one token from its inbound message bucket, kept on the item so that every
     * execution environment serving the connection shares it. The write is conditional on the bucket's {@code
     * rateVersion} (optimistic concurrency); on a lost race the read and decision are repeated, at most {@value
     * #MAX_RATE_ATTEMPTS} times, after which the message is refused as over the rate. Costs one consistent GetItem,
     * plus one UpdateItem when admitted.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails
     */
    public Admission admit(String connectionId, TokenBucket bucket) {
        for (int attempt = 1; attempt <= MAX_RATE_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = client.getItem(
                            r -> r.tableName(table).key(key(connectionId)).consistentRead(true))
                    .item();
            if (item == null || item.isEmpty()) {
                return new Admission(null, false, 0);
            }
            Connection connection = fromItem(item);
            if (expired(connection)) {
                return new Admission(null, false, 0);
            }
            AttributeValue version = item.get(RATE_VERSION);
            TokenBucket.State state = version == null
                    ? null
                    : new TokenBucket.State(
                            Double.parseDouble(item.get(RATE_TOKENS).n()),
                            Long.parseLong(item.get(RATE_AT).n()));
            TokenBucket.Decision decision = bucket.take(state, clock.millis());
            if (!decision.admitted()) {
                return new Admission(connection, false, decision.retryAfterMillis());
            }
            long nextVersion = version == null ? 1 : Long.parseLong(version.n()) + 1;
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(
                    ":t", AttributeValue.fromN(Double.toString(decision.next().tokens())));
            values.put(":a", AttributeValue.fromN(Long.toString(decision.next().atMillis())));
            values.put(":nv", AttributeValue.fromN(Long.toString(nextVersion)));
            String condition;
            if (version == null) {
                condition = "attribute_exists(#c) AND attribute_not_exists(#v)";
            } else {
                condition = "attribute_exists(#c) AND #v = :ov";
                values.put(":ov", version);
            }
            try {
                client.updateItem(r -> r.tableName(table)
                        .key(key(connectionId))
                        .updateExpression("SET #t = :t, #a = :a, #v = :nv")
                        .conditionExpression(condition)
                        .expressionAttributeNames(
                                Map.of("#t", RATE_TOKENS, "#a", RATE_AT, "#v", RATE_VERSION, "#c", CONNECTION_ID))
                        .expressionAttributeValues(values));
                return new Admission(connection, true, 0);
            } catch (ConditionalCheckFailedException e) {
                // Another environment took a token (or the connection closed) in between: decide again on fresh state.
            }
        }
        return new Admission(get(connectionId).orElse(null), false, Math.round(1000 / bucket.ratePerSecond()));
    }

    /**
     * Counts one more consecutive failed push ({@code ADD postFailures 1}); does nothing for an unknown connection.
     *
     * @return the count after this failure, 0 if the connection is unknown
     */
    public int recordPostFailure(String connectionId) {
        try {
            Map<String, AttributeValue> item = client.updateItem(r -> r.tableName(table)
                            .key(key(connectionId))
                            .updateExpression("ADD #f :one")
                            .conditionExpression("attribute_exists(#c)")
                            .expressionAttributeNames(Map.of("#f", POST_FAILURES, "#c", CONNECTION_ID))
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                            .returnValues(ReturnValue.UPDATED_NEW))
                    .attributes();
            return Integer.parseInt(item.get(POST_FAILURES).n());
        } catch (ConditionalCheckFailedException e) {
            return 0;
        }
    }

    /** Resets the consecutive failure count after a successful push; does nothing for an unknown connection. */
    public void clearPostFailures(String connectionId) {
        try {
            client.updateItem(r -> r.tableName(table)
                    .key(key(connectionId))
                    .updateExpression("REMOVE #f")
                    .conditionExpression("attribute_exists(#c)")
                    .expressionAttributeNames(Map.of("#f", POST_FAILURES, "#c", CONNECTION_ID)));
        } catch (ConditionalCheckFailedException e) {
            // Gone meanwhile: there is no count left to clear.
        }
    }

    /**
     * The unexpired connections among {@code connectionIds}, with strongly consistent BatchGetItem calls of at most
     * {@value #MAX_BATCH_GET_KEYS} keys, re-sending {@code UnprocessedKeys} with exponential back-off.
     *
     * @return by connection id; unknown and expired ids are absent
     * @throws IllegalStateException if DynamoDB keeps keys unprocessed after {@value #MAX_BATCH_ATTEMPTS} attempts
     */
    public Map<String, Connection> getAll(Collection<String> connectionIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(connectionIds));
        Map<String, Connection> found = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += MAX_BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(from + MAX_BATCH_GET_KEYS, ids.size()))) {
                keys.add(key(id));
            }
            Map<String, KeysAndAttributes> pending = Map.of(
                    table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(request));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    Connection connection = fromItem(item);
                    if (!expired(connection)) {
                        found.put(connection.connectionId(), connection);
                    }
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    if (attempt >= MAX_BATCH_ATTEMPTS) {
                        throw new IllegalStateException(
                                "DynamoDB left connection reads unprocessed after " + attempt + " attempts");
                    }
                    backOff(attempt);
                }
            }
        }
        return found;
    }

    private static void backOff(int attempt) {
        // Unprocessed keys mean throttling: back off exponentially (AWS: "BatchGetItem", error handling).
        try {
            Thread.sleep(Math.min(1000L, 10L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying unprocessed connection reads", e);
        }
    }

    private static Map<String, AttributeValue> key(String connectionId) {
        return Map.of(CONNECTION_ID, AttributeValue.fromS(connectionId));
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
                optionalString(item, STAGE),
                item.containsKey(ROLES) && item.get(ROLES).hasSs()
                        ? Set.copyOf(item.get(ROLES).ss())
                        : Set.of(),
                item.containsKey(POST_FAILURES)
                        ? Integer.parseInt(item.get(POST_FAILURES).n())
                        : 0);
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
