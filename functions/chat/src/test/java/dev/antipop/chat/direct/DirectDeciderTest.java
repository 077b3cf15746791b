package dev.antipop.chat.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.chat.direct.DirectCommand.SendDirectMessage;
import dev.antipop.chat.direct.DirectEvent.DirectMessageReceived;
import dev.antipop.chat.direct.DirectEvent.DirectMessageSent;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A direct conversation's decisions: one message is a copy for each of its two users, on their own topics. */
class DirectDeciderTest {

    private final DirectDecider decider = new DirectDecider();

    @Test
    void aMessageIsASentCopyForTheSenderAndAReceivedCopyForTheRecipient() {
        List<DirectEvent> events =
                decider.decide(new SendDirectMessage("900", "42", "43", "hi"), decider.initialState());

        assertThat(events)
                .containsExactly(
                        new DirectMessageSent("900", "42", "43", "hi"),
                        new DirectMessageReceived("900", "42", "43", "hi"));
        String stream = DirectEvents.streamOf("42", "43");
        assertThat(events.stream().map(e -> DirectEvents.CODEC.topicOf(stream, e)))
                .containsExactly("user.42.dm.events", "user.43.dm.events");
    }

    @Test
    void aMessageToOneselfIsRefused() {
        assertThatThrownBy(() -> decider.decide(new SendDirectMessage("900", "42", "42", "me"), decider.initialState()))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.fields()).containsKey("toUserId");
                });
    }

    @Test
    void bothDirectionsShareOneStreamOrderedNumerically() {
        assertThat(DirectEvents.streamOf("43", "42")).isEqualTo("dm-42-43");
        assertThat(DirectEvents.streamOf("42", "43")).isEqualTo("dm-42-43");
        assertThat(DirectEvents.streamOf("100", "99")).isEqualTo("dm-99-100");
    }

    @Test
    void theStateRemembersTheLastMessage() {
        DirectState state = decider.evolve(decider.initialState(), new DirectMessageSent("900", "42", "43", "hi"));
        assertThat(state.lastMessageId()).isEqualTo("900");
    }
}
