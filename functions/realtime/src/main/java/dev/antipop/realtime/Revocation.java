package dev.antipop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps live connections' capabilities current when a user's roles change, without reconnecting (DESIGN.md section
 * 5): the fan-out (already the identity events stream's second reader; there must not be a third) hands it every
 * {@value #ROLE_ADDED} and {@value #ROLE_REMOVED} event, with data {@code {"userId":…,"role":…}}.
 *
 * <p>For each live connection of the user: the role is added to or removed from the connection item's {@code roles}
 * (a set operation, so a redelivered event changes nothing), every subscription the new capabilities no longer allow
 * is deleted (leaving the room's presence if it was a room), and {@code {"v":1,"op":"cap_update","data":{"subjects":
 * [<effective patterns>]}}} is pushed. A subscription created concurrently with the change and missed here (the
 * {@code byConnection} index is eventually consistent) is still never served: the delivery re-checks capabilities.
 */
public final class Revocation {

    /** The identity context's event type for a granted role. */
    public static final String ROLE_ADDED = "identity.user_role_added";

    /** The identity context's event type for a withdrawn role. */
    public static final String ROLE_REMOVED = "identity.user_role_removed";

    private static final Logger log = LoggerFactory.getLogger(Revocation.class);

    private final ConnectionRegistry registry;
    private final Capabilities capabilities;
    private final Delivery delivery;
    private final Presence presence;

    /**
     * @param registry connections, subscriptions, presence
     * @param capabilities roles → subject patterns
     * @param delivery pushes {@code cap_update}
     * @param presence left when a room subscription is revoked
     */
    public Revocation(ConnectionRegistry registry, Capabilities capabilities, Delivery delivery, Presence presence) {
        this.registry = registry;
        this.capabilities = capabilities;
        this.delivery = delivery;
        this.presence = presence;
    }

    /** Whether the event changes a user's roles. */
    public static boolean isRoleChange(EventEnvelope event) {
        return ROLE_ADDED.equals(event.type()) || ROLE_REMOVED.equals(event.type());
    }

    /**
     * Applies a role change to the user's live connections.
     *
     * @return the connections that were sent a {@code cap_update}
     * @throws FanOut.FanOutException if a {@code cap_update} push failed (the event is redelivered; applying it again
     *     is harmless)
     * @throws InterruptedException if interrupted while announcing presence changes
     */
    public int apply(EventEnvelope event) throws FanOut.FanOutException, InterruptedException {
        JsonNode userIdNode = event.data().get("userId");
        JsonNode roleNode = event.data().get("role");
        if (userIdNode == null || !userIdNode.isTextual() || roleNode == null || !roleNode.isTextual()) {
            // A codec bug, not something redelivery can fix.
            log.warn("{} {}/{} lacks data.userId or data.role; ignored", event.type(), event.stream(), event.version());
            return 0;
        }
        String userId = userIdNode.textValue();
        String role = roleNode.textValue();
        boolean added = ROLE_ADDED.equals(event.type());
        List<Throwable> failures = new ArrayList<>();
        int updated = 0;
        for (Connection live : registry.connections().findByUser(userId)) {
            Optional<Connection> changed = added
                    ? registry.connections().addRole(live.connectionId(), role)
                    : registry.connections().removeRole(live.connectionId(), role);
            if (changed.isEmpty()) {
                continue; // closed meanwhile
            }
            Connection connection = changed.get();
            // The user's memberships too: a role change must not revoke what a membership grants.
            Capabilities.Effective effective =
                    capabilities.of(userId, connection.roles(), registry.membershipsOf(userId));
            int revoked = CapabilityUpdate.apply(registry, presence, delivery, connection, effective, failures);
            updated++;
            log.info(
                    "Role {} {} for user {}: connection {} now has {}, {} subscriptions revoked",
                    role,
                    added ? "added" : "removed",
                    userId,
                    connection.connectionId(),
                    connection.roles(),
                    revoked);
        }
        CapabilityUpdate.throwIfFailed(failures, userId);
        return updated;
    }
}
