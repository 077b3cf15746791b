package dev.antipop.realtime;

import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.subject.Subject;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import java.util.List;

/**
 * The step role changes ({@link Revocation}) and membership changes ({@link MembershipChanges}) share: narrow one
 * connection's subscriptions to its new capabilities (leaving the presence of revoked rooms) and push {@code
 * cap_update} with them.
 */
final class CapabilityUpdate {

    private CapabilityUpdate() {}

    /**
     * @param failures receives the push failures (the caller reports them together)
     * @return how many subscriptions were revoked
     * @throws InterruptedException if interrupted while announcing presence changes
     */
    static int apply(
            ConnectionRegistry registry,
            Presence presence,
            Delivery delivery,
            Connection connection,
            Capabilities.Effective effective,
            List<Throwable> failures)
            throws InterruptedException {
        int revoked = 0;
        for (Subscription subscription : registry.subscriptions().findByConnection(connection.connectionId())) {
            if (effective.allowsSubscription(subscription.pattern())) {
                continue;
            }
            registry.subscriptions().delete(connection.connectionId(), subscription.pattern());
            revoked++;
            if (Presence.isRoom(subscription.pattern())) {
                presence.leave(
                        connection.connectionId(),
                        Subject.parse(subscription.pattern().value()));
            }
        }
        Delivery.Report report = delivery.send(connection, Frames.capUpdate(effective.subjectValues()));
        failures.addAll(report.failures());
        presence.announceLeft(report.left());
        return revoked;
    }

    /**
     * @throws FanOut.FanOutException naming the user when any push failed (the event is redelivered; applying it
     *     again is harmless)
     */
    static void throwIfFailed(List<Throwable> failures, String userId) throws FanOut.FanOutException {
        if (!failures.isEmpty()) {
            FanOut.FanOutException failure = new FanOut.FanOutException(
                    failures.size() + " cap_update pushes for user " + userId + " failed", failures.get(0));
            failures.stream().skip(1).limit(9).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
