package dev.antipop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.subject.Subject;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.MembershipRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps live connections' capabilities current when a membership changes (a moderator removed from a brand, a member
 * kicked from a chat server, a notebook unshared), as {@link Revocation} does for roles: fan-out hands it every event
 * that a context's descriptor declares as a {@link MembershipRule}.
 *
 * <p>On a withdrawal, for each live connection of the user: every subscription that only the withdrawn membership
 * allowed is deleted (leaving the room's presence if it was one), and {@code cap_update} is pushed with the subjects
 * the user keeps. On a grant, {@code cap_update} is pushed with the widened subjects. The memberships table may lag
 * the event (the context's processor writes it), so the user's memberships are read and then corrected by the event
 * itself.
 */
public final class MembershipChanges {

    private static final Logger log = LoggerFactory.getLogger(MembershipChanges.class);

    private final Contexts contexts;
    private final ConnectionRegistry registry;
    private final Capabilities capabilities;
    private final Delivery delivery;
    private final Presence presence;

    /**
     * @param contexts the descriptors and their membership rules
     * @param registry connections, subscriptions, memberships
     * @param capabilities role and membership grants
     * @param delivery pushes {@code cap_update}
     * @param presence left when a room subscription is revoked
     */
    public MembershipChanges(
            Contexts contexts,
            ConnectionRegistry registry,
            Capabilities capabilities,
            Delivery delivery,
            Presence presence) {
        this.contexts = contexts;
        this.registry = registry;
        this.capabilities = capabilities;
        this.delivery = delivery;
        this.presence = presence;
    }

    /** The membership rule of the event's type, if it has one. */
    public Optional<MembershipRule> ruleOf(EventEnvelope event) {
        return contexts.membershipRule(event.type());
    }

    /**
     * Applies a membership change to the user's live connections.
     *
     * @return the connections that were sent a {@code cap_update}
     * @throws FanOut.FanOutException if a push failed (the event is redelivered; applying it again is harmless)
     * @throws InterruptedException if interrupted while announcing presence changes
     */
    public int apply(EventEnvelope event, MembershipRule rule) throws FanOut.FanOutException, InterruptedException {
        String id = text(event.data(), rule.idField());
        String userId = text(event.data(), rule.userIdField());
        String role = rule.roleField() == null ? rule.role() : text(event.data(), rule.roleField());
        if (id == null || userId == null || (!rule.withdraws() && role == null)) {
            log.warn(
                    "{} {}/{} lacks the fields of its membership rule; ignored",
                    event.type(),
                    event.stream(),
                    event.version());
            return 0;
        }
        if (rule.withdraws() && ConnectionRegistry.EVERYONE.equals(userId)) {
            return closeToEveryone(rule.scope(), id);
        }
        List<Membership> memberships = new ArrayList<>();
        for (Membership m : registry.membershipsOf(userId)) {
            if (!(m.scope().equals(rule.scope()) && m.id().equals(id))) {
                memberships.add(m);
            }
        }
        if (!rule.withdraws()) {
            memberships.add(new Membership(rule.scope(), id, role));
        }
        List<Throwable> failures = new ArrayList<>();
        int updated = 0;
        for (Connection connection : registry.connections().findByUser(userId)) {
            Capabilities.Effective effective = capabilities.of(userId, connection.roles(), memberships);
            // A grant only widens: nothing is revoked, and the cap_update announces the new subjects.
            int revoked = CapabilityUpdate.apply(registry, presence, delivery, connection, effective, failures);
            updated++;
            log.info(
                    "Membership {} {} of {} {} for user {}: connection {}, {} subscriptions revoked",
                    rule.withdraws() ? "withdrawn:" : "granted:",
                    rule.scope(),
                    id,
                    rule.withdraws() ? "" : "as " + role,
                    userId,
                    connection.connectionId(),
                    revoked);
        }
        CapabilityUpdate.throwIfFailed(failures, userId);
        return updated;
    }

    /**
     * A membership everyone held is withdrawn (a notebook made private): every live subscription to the instance's
     * subjects that its user's own capabilities do not allow is deleted, and its connection gets {@code cap_update}.
     */
    private int closeToEveryone(String scope, String id) throws FanOut.FanOutException, InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int updated = 0;
        for (Capabilities.ScopedGrant grant : capabilities.scopedGrants(scope)) {
            String value = grant.pattern().replace("{id}", id);
            if (value.contains("*") || value.contains(">")) {
                continue;
            }
            Subject subject = Subject.parse(value);
            for (Subscription subscription : registry.subscriptions().findCandidates(subject)) {
                if (!subscription.pattern().matches(subject.value()) || !seen.add(subscription.connectionId())) {
                    continue;
                }
                Optional<Connection> connection = registry.connections().get(subscription.connectionId());
                if (connection.isEmpty()) {
                    continue;
                }
                // The user's own memberships, and those everyone holds of the other instances this connection follows
                // (other public notebooks stay open to it).
                List<Membership> memberships = new ArrayList<>(registry.membershipsOf(subscription.userId()));
                for (Subscription other : registry.subscriptions().findByConnection(subscription.connectionId())) {
                    if (!other.pattern().isLiteral()) {
                        continue;
                    }
                    for (Membership instance :
                            capabilities.scopeInstancesOf(other.pattern().value())) {
                        if (!(instance.scope().equals(scope) && instance.id().equals(id))) {
                            registry.everyonesMembership(instance.scope(), instance.id())
                                    .ifPresent(memberships::add);
                        }
                    }
                }
                Capabilities.Effective effective =
                        capabilities.of(subscription.userId(), connection.get().roles(), memberships);
                if (effective.allowsSubscription(subscription.pattern())) {
                    continue;
                }
                int revoked =
                        CapabilityUpdate.apply(registry, presence, delivery, connection.get(), effective, failures);
                updated++;
                log.info(
                        "{} {} is no longer open to everyone: connection {}, {} subscriptions revoked",
                        scope,
                        id,
                        subscription.connectionId(),
                        revoked);
            }
        }
        CapabilityUpdate.throwIfFailed(failures, ConnectionRegistry.EVERYONE);
        return updated;
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
