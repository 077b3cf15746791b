package dev.antipop.realtime;

import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The live WebSocket connections and their subscriptions (DESIGN.md sections 4 and 5), over the connections and
 * subscriptions tables.
 *
 * <p>Every connection is implicitly subscribed to {@code user.<its userId>.>} ({@link #userSubjects}), so events about
 * a user reach all of that user's devices without a {@code sub}.
 */
public final class ConnectionRegistry {

    /** A WebSocket connection lives at most 2 hours (API Gateway quota "connection duration"); its items expire then. */
    public static final Duration CONNECTION_LIFETIME = ConnectionStore.MAX_CONNECTION_DURATION;

    private final ConnectionStore connections;
    private final SubscriptionStore subscriptions;

    /** @param connections the connections table; @param subscriptions the subscriptions table */
    public ConnectionRegistry(ConnectionStore connections, SubscriptionStore subscriptions) {
        this.connections = connections;
        this.subscriptions = subscriptions;
    }

    /**
     * The implicit subscription of every connection of {@code userId}: {@code user.<userId>.>}.
     *
     * @throws IllegalArgumentException if {@code userId} is missing or not exactly one literal subject token (a {@code .}, a
     *     wildcard or whitespace in it would widen or break the pattern: a user id {@code *} would see every user's
     *     events)
     */
    public static SubjectPattern userSubjects(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("User id is missing");
        }
        Subject user;
        try {
            user = Subject.parse("user." + userId);
        } catch (InvalidSubjectException e) {
            throw new IllegalArgumentException("User id is not a single subject token: " + e.getMessage(), e);
        }
        if (user.tokens().size() != 2) {
            throw new IllegalArgumentException("User id is not a single subject token (it contains '.')");
        }
        return SubjectPattern.parse(user.value() + ".>");
    }

    /**
     * Stores a new connection, expiring {@link #CONNECTION_LIFETIME} after {@code connectedAt}, and its implicit
     * subscription (see {@link #register(Connection, Instant)}).
     */
    public void register(String connectionId, String userId, Instant connectedAt, Instant now) {
        register(Connection.opened(connectionId, userId, connectedAt), now);
    }

    /**
     * Stores a new connection and its implicit subscription. If the subscription cannot be stored the connection item
     * is deleted again, so that a failed {@code $connect} leaves nothing that fan-out would use.
     *
     * @param now the time the subscription is created
     * @throws IllegalArgumentException if the user id is not a single subject token (see {@link #userSubjects})
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails
     */
    public void register(Connection connection, Instant now) {
        SubjectPattern implicit = userSubjects(connection.userId());
        connections.put(connection);
        try {
            subscriptions.put(new Subscription(connection.connectionId(), connection.userId(), implicit, now));
        } catch (RuntimeException e) {
            try {
                connections.delete(connection.connectionId());
            } catch (RuntimeException cleanup) {
                // The item still expires by TTL; keep the cause visible with the original failure.
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Deletes a connection and all its subscriptions (on {@code $disconnect}, and when API Gateway answers 410 Gone).
     * Subscriptions go first: should the second step fail, the connection item remains and is found again, where
     * orphaned subscriptions (which have no TTL) would not be.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails
     */
    public void remove(String connectionId) {
        subscriptions.deleteAllForConnection(connectionId);
        connections.delete(connectionId);
    }

    /**
     * The connection ids an event is pushed to, each once: every live connection of the user who caused it (so the
     * sender's other devices see the result of a command), then every connection with a subscription matching the
     * topic (which includes the implicit {@code user.<id>.>} of the user the event is about).
     *
     * @param userId {@code meta.userId} of the event; {@code null} for system events
     * @param topic the event's topic; {@code null} if it is not a valid subject (then only the user's connections)
     */
    public Set<String> recipients(String userId, Subject topic) {
        Set<String> recipients = new LinkedHashSet<>();
        if (userId != null) {
            for (Connection connection : connections.findByUser(userId)) {
                recipients.add(connection.connectionId());
            }
        }
        if (topic != null) {
            for (Subscription subscription : subscriptions.findCandidates(topic)) {
                recipients.add(subscription.connectionId());
            }
        }
        return recipients;
    }
}
