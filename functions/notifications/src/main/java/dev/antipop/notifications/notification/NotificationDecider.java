package dev.antipop.notifications.notification;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import dev.antipop.notifications.notification.NotificationCommand.CreateNotification;
import dev.antipop.notifications.notification.NotificationCommand.MarkNotificationRead;
import dev.antipop.notifications.notification.NotificationEvent.NotificationCreated;
import dev.antipop.notifications.notification.NotificationEvent.NotificationRead;
import dev.antipop.notifications.notification.NotificationState.None;
import dev.antipop.notifications.notification.NotificationState.Read;
import dev.antipop.notifications.notification.NotificationState.Unread;
import java.util.List;

/**
 * The notification aggregate's decisions. Pure: no I/O, no clock, no randomness.
 *
 * <ul>
 *   <li>CreateNotification on a new stream → created, claiming {@code notification#<sourceEventId>:<userId>} in the
 *       append transaction: a policy that runs twice (a retried batch, a duplicated stream record) gets a new id but
 *       loses the claim, so one notification exists per source event and recipient, for ever (the uniques table has
 *       no TTL, unlike the 24 h idempotency items). On an existing stream it decides nothing.
 *   <li>MarkNotificationRead: {@code not_found} for a notification that does not exist, {@code forbidden} for
 *       someone else's; an already read one decides nothing.
 * </ul>
 */
public final class NotificationDecider implements Decider<NotificationCommand, NotificationEvent, NotificationState> {

    /** The kind of the uniqueness claim; a lost claim is a 409 with this field, which the command answers as done. */
    public static final String CLAIM_KIND = "notification";

    @Override
    public NotificationState initialState() {
        return new None();
    }

    @Override
    public List<NotificationEvent> decide(NotificationCommand command, NotificationState state) {
        return switch (command) {
            case CreateNotification create ->
                switch (state) {
                    case None none ->
                        List.of(new NotificationCreated(
                                create.notificationId(),
                                create.userId(),
                                create.kind(),
                                create.sourceEventId(),
                                create.title(),
                                create.data()));
                    case Unread unread -> List.of();
                    case Read read -> List.of();
                };
            case MarkNotificationRead mark ->
                switch (state) {
                    case None none -> throw notFound(mark.notificationId());
                    case Unread unread -> {
                        requireRecipient(unread.userId(), mark);
                        yield List.of(new NotificationRead(unread.notificationId(), unread.userId()));
                    }
                    case Read read -> {
                        requireRecipient(read.userId(), mark);
                        yield List.of();
                    }
                };
        };
    }

    @Override
    public NotificationState evolve(NotificationState state, NotificationEvent event) {
        return switch (event) {
            case NotificationCreated created ->
                new Unread(created.notificationId(), created.userId(), created.sourceEventId());
            case NotificationRead read ->
                switch (state) {
                    case Unread unread -> new Read(unread.notificationId(), unread.userId(), unread.sourceEventId());
                    case Read already -> already;
                    case None none -> new Read(read.notificationId(), read.userId(), null);
                };
        };
    }

    @Override
    public List<String> uniqueClaims(NotificationEvent event) {
        return event instanceof NotificationCreated created
                ? List.of(claimOf(created.sourceEventId(), created.userId()))
                : List.of();
    }

    /** The uniqueness claim of a notification: {@code notification#<sourceEventId>:<userId>}. */
    public static String claimOf(String sourceEventId, String userId) {
        return CLAIM_KIND + "#" + sourceEventId + ":" + userId;
    }

    private static void requireRecipient(String recipient, MarkNotificationRead mark) {
        if (!recipient.equals(mark.callerId())) {
            throw CommandException.forbidden("Notification " + mark.notificationId() + " is not yours");
        }
    }

    private static CommandException notFound(String notificationId) {
        return CommandException.notFound("No notification " + notificationId);
    }
}
