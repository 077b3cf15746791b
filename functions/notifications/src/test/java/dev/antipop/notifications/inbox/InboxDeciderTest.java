package dev.antipop.notifications.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.notifications.inbox.InboxCommand.MarkAllNotificationsRead;
import dev.antipop.notifications.inbox.InboxEvent.AllNotificationsRead;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events: a user's inbox marker without infrastructure. */
class InboxDeciderTest {

    private final InboxDecider decider = new InboxDecider();

    private List<InboxEvent> when(List<InboxEvent> given, InboxCommand command) {
        InboxState state = decider.initialState();
        for (InboxEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    @Test
    void theFirstMarkAllSetsTheMarker() {
        assertThat(when(List.of(), new MarkAllNotificationsRead("42", "7300000000000000100")))
                .containsExactly(new AllNotificationsRead("42", "7300000000000000100"));
    }

    @Test
    void aLaterMarkerMovesItForward() {
        assertThat(when(
                        List.of(new AllNotificationsRead("42", "7300000000000000100")),
                        new MarkAllNotificationsRead("42", "7300000000000000200")))
                .containsExactly(new AllNotificationsRead("42", "7300000000000000200"));
    }

    @Test
    void aMarkerAtOrBelowTheCurrentOneDecidesNothing() {
        List<InboxEvent> given = List.of(new AllNotificationsRead("42", "7300000000000000200"));
        assertThat(when(given, new MarkAllNotificationsRead("42", "7300000000000000200")))
                .isEmpty();
        assertThat(when(given, new MarkAllNotificationsRead("42", "7300000000000000150")))
                .isEmpty();
    }

    @Test
    void theMarkerGoesToTheOwnersNotificationsTopic() {
        AllNotificationsRead read = new AllNotificationsRead("42", "7300000000000000100");
        assertThat(InboxEvents.CODEC.topicOf(InboxEvents.streamOf("42"), read)).isEqualTo("user.42.notifications");
        assertThat(InboxEvents.streamOf("42")).isEqualTo("inbox-42");
    }
}
