package dev.antipop.notifications.inbox;

import dev.antipop.core.decider.Decider;
import dev.antipop.notifications.inbox.InboxCommand.MarkAllNotificationsRead;
import dev.antipop.notifications.inbox.InboxEvent.AllNotificationsRead;
import dev.antipop.notifications.inbox.InboxState.ReadUpTo;
import dev.antipop.notifications.inbox.InboxState.Unmarked;
import java.util.List;

/**
 * A user's inbox: a "read up to" marker, so marking everything read is one event however many notifications there
 * are (the projection applies it to the view; notifications projected later with an id below the marker arrive read).
 * Pure.
 *
 * <ul>
 *   <li>MarkAllNotificationsRead moves the marker forward; a marker at or below the current one decides nothing
 *       (a repeat, or an id issued on a node whose clock lags).
 * </ul>
 */
public final class InboxDecider implements Decider<InboxCommand, InboxEvent, InboxState> {

    @Override
    public InboxState initialState() {
        return new Unmarked();
    }

    @Override
    public List<InboxEvent> decide(InboxCommand command, InboxState state) {
        return switch (command) {
            case MarkAllNotificationsRead mark -> {
                long upTo = Long.parseLong(mark.upToNotificationId());
                boolean forward = switch (state) {
                    case Unmarked unmarked -> true;
                    case ReadUpTo current -> upTo > current.upToNotificationId();
                };
                yield forward ? List.of(new AllNotificationsRead(mark.userId(), mark.upToNotificationId())) : List.of();
            }
        };
    }

    @Override
    public InboxState evolve(InboxState state, InboxEvent event) {
        return switch (event) {
            case AllNotificationsRead read -> {
                long upTo = Long.parseLong(read.upToNotificationId());
                yield switch (state) {
                    case Unmarked unmarked -> new ReadUpTo(upTo);
                    case ReadUpTo current -> new ReadUpTo(Math.max(upTo, current.upToNotificationId()));
                };
            }
        };
    }
}
