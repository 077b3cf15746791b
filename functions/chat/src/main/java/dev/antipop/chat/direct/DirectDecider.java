package dev.antipop.chat.direct;

import dev.antipop.chat.direct.DirectCommand.SendDirectMessage;
import dev.antipop.chat.direct.DirectEvent.DirectMessageReceived;
import dev.antipop.chat.direct.DirectEvent.DirectMessageSent;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.List;
import java.util.Map;

/**
 * A direct conversation's decisions. Pure.
 *
 * <ul>
 *   <li>SendDirectMessage to oneself is 400 on {@code toUserId}.
 *   <li>Otherwise a sent copy for the sender and a received copy for the recipient ({@link DirectEvent}).
 * </ul>
 */
public final class DirectDecider implements Decider<DirectCommand, DirectEvent, DirectState> {

    @Override
    public DirectState initialState() {
        return new DirectState(null);
    }

    @Override
    public List<DirectEvent> decide(DirectCommand command, DirectState state) {
        return switch (command) {
            case SendDirectMessage send -> {
                if (send.toUserId().equals(send.fromUserId())) {
                    throw CommandException.validation(Map.of("toUserId", "must be another user than you"));
                }
                yield List.of(
                        new DirectMessageSent(send.messageId(), send.fromUserId(), send.toUserId(), send.text()),
                        new DirectMessageReceived(send.messageId(), send.fromUserId(), send.toUserId(), send.text()));
            }
        };
    }

    @Override
    public DirectState evolve(DirectState state, DirectEvent event) {
        return new DirectState(event.messageId());
    }
}
