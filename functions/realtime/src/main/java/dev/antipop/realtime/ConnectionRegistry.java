package dev.antipop.realtime;

import dev.antipop.core.auth.Membership;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.PresenceStore;
import dev.antipop.dynamodb.PresenceStore.Member;
import dev.antipop.dynamodb.SubscriptionStore;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final PresenceStore presence;
    private final MembershipStore memberships;

    /**
     * A registry without memberships (no context grants subjects by membership).
     *
     * @param connections the connections table
     * @param subscriptions the subscriptions table
     * @param presence the presence table
     */
    public ConnectionRegistry(ConnectionStore connections, SubscriptionStore subscriptions, PresenceStore presence) {
        this(connections, subscriptions, presence, null);
    }

    /**
     * @param connections the connections table
     * @param subscriptions the subscriptions table
     * @param presence the presence table
     * @param memberships the memberships table; null when there is none
     */
    public ConnectionRegistry(
            ConnectionStore connections,
            SubscriptionStore subscriptions,
            PresenceStore presence,
            MembershipStore memberships) {
        this.connections = connections;
        this.subscriptions = subscriptions;
        this.presence = presence;
        this.memberships = memberships;
    }

    /**
     * The user id of memberships held by everyone (a public notebook's {@code reader}): such a membership counts as
     * every user's, looked up for the one scope instance a subscription names ({@link #everyonesMembership}).
     */
    public static final String EVERYONE = "*";

    /** The membership of {@code scope} {@code id} that everyone holds, if any (one GetItem). */
    public java.util.Optional<Membership> everyonesMembership(String scope, String id) {
        return memberships == null ? java.util.Optional.empty() : memberships.find(EVERYONE, scope, id);
    }

    /** The user's active memberships (one Query); empty without a memberships table. */
    public List<Membership> membershipsOf(String userId) {
        return memberships == null ? List.of() : memberships.ofUser(userId);
    }

    /** The connections table. */
    public ConnectionStore connections() {
        return connections;
    }

    /** The subscriptions table. */
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    /** The presence table. */
    public PresenceStore presence() {
        return presence;
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
     * Stores a new connection without roles, expiring {@link #CONNECTION_LIFETIME} after {@code connectedAt}, and its
     * implicit subscription (see {@link #register(Connection, Instant)}).
     */
    public void register(String connectionId, String userId, Instant connectedAt, Instant now) {
        register(Connection.opened(connectionId, userId, connectedAt), now);
    }

    /** Like {@link #register(String, String, Instant, Instant)}, with the roles its capabilities derive from. */
    public void register(String connectionId, String userId, Set<String> roles, Instant connectedAt, Instant now) {
        register(Connection.opened(connectionId, userId, connectedAt).withRoles(roles), now);
    }

    /**
     * Stores a new connection and its implicit subscription in one request ({@link
     * ConnectionStore#putWithSubscription}): both or neither, so a failed {@code $connect} leaves nothing that fan-out
     * would use. One request rather than two puts and a compensating delete: {@code $connect} is what API Gateway
     * rate-limits at 500 new connections per second per account, and on one machine each SDK request costs as much
     * CPU as the rest of the handler (issue 13's profile).
     *
     * @param now the time the subscription is created
     * @throws IllegalArgumentException if the user id is not a single subject token (see {@link #userSubjects})
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails
     */
    public void register(Connection connection, Instant now) {
        SubjectPattern implicit = userSubjects(connection.userId());
        connections.putWithSubscription(
                connection,
                subscriptions,
                new Subscription(connection.connectionId(), connection.userId(), implicit, now));
    }

    /**
     * Deletes a connection, all its subscriptions and its presence in rooms (on {@code $disconnect}, when API Gateway
     * answers 410 Gone, and when its pushes keep failing). Subscriptions and presence go first: should the last step
     * fail, the connection item remains and is found again, where orphaned subscriptions (which have no TTL) would
     * not be.
     *
     * @return the rooms the connection was present in, for the caller to announce {@code presence.left}
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails
     */
    public List<Member> remove(String connectionId) {
        subscriptions.deleteAllForConnection(connectionId);
        List<Member> left = new ArrayList<>();
        for (Member member : presence.findByConnection(connectionId)) {
            presence.leave(member.topic(), connectionId).ifPresent(left::add);
        }
        connections.delete(connectionId);
        return left;
    }
}
