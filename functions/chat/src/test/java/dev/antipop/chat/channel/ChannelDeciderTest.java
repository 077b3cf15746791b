package dev.antipop.chat.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.chat.channel.ChannelCommand.CreateChannel;
import dev.antipop.chat.channel.ChannelCommand.DeleteChannel;
import dev.antipop.chat.channel.ChannelCommand.DeleteMessage;
import dev.antipop.chat.channel.ChannelCommand.EditMessage;
import dev.antipop.chat.channel.ChannelCommand.PostMessage;
import dev.antipop.chat.channel.ChannelCommand.RenameChannel;
import dev.antipop.chat.channel.ChannelEvent.ChannelCreated;
import dev.antipop.chat.channel.ChannelEvent.ChannelDeleted;
import dev.antipop.chat.channel.ChannelEvent.ChannelRenamed;
import dev.antipop.chat.channel.ChannelEvent.MessageDeleted;
import dev.antipop.chat.channel.ChannelEvent.MessageEdited;
import dev.antipop.chat.channel.ChannelEvent.MessagePosted;
import dev.antipop.chat.server.ServerRoles;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or an error: a channel's decisions without infrastructure. */
class ChannelDeciderTest {

    private static final String SERVER = "7300000000000000001";
    private static final String CHANNEL = "7300000000000000002";
    private static final String MESSAGE = "7300000000000000003";
    private static final String OWNER = "41";
    private static final String ADA = "42";
    private static final String BOB = "43";
    private static final String OWNS = ServerRoles.OWNER;
    private static final String MEMBER = ServerRoles.MEMBER;

    private static final ChannelCreated CREATED = new ChannelCreated(SERVER, CHANNEL, "general", OWNER);
    private static final MessagePosted POSTED = new MessagePosted(SERVER, CHANNEL, MESSAGE, ADA, "hello");

    private final ChannelDecider decider = new ChannelDecider();

    private List<ChannelEvent> when(List<ChannelEvent> given, ChannelCommand command) {
        ChannelState state = decider.initialState();
        for (ChannelEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private void rejects(List<ChannelEvent> given, ChannelCommand command, ErrorCode code) {
        assertThatThrownBy(() -> when(given, command))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void theOwnerCreatesAChannelAndAPlainMemberMayNot() {
        assertThat(when(List.of(), new CreateChannel(SERVER, CHANNEL, "general", OWNER, OWNS)))
                .containsExactly(CREATED);
        rejects(List.of(), new CreateChannel(SERVER, CHANNEL, "general", ADA, MEMBER), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED), new CreateChannel(SERVER, CHANNEL, "again", OWNER, OWNS), ErrorCode.CONFLICT);
    }

    @Test
    void nonMembersAreRefusedBeforeAnythingAboutTheChannelIsRevealed() {
        rejects(List.of(), new PostMessage(SERVER, CHANNEL, MESSAGE, "hi", BOB, null), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED), new PostMessage(SERVER, CHANNEL, MESSAGE, "hi", BOB, null), ErrorCode.FORBIDDEN);
    }

    @Test
    void membersPostToAnOpenChannel() {
        assertThat(when(List.of(CREATED), new PostMessage(SERVER, CHANNEL, MESSAGE, "hello", ADA, MEMBER)))
                .containsExactly(POSTED);
        rejects(
                List.of(CREATED, POSTED),
                new PostMessage(SERVER, CHANNEL, MESSAGE, "again", ADA, MEMBER),
                ErrorCode.CONFLICT);
    }

    @Test
    void aMissingDeletedOrOtherServersChannelIsNotFound() {
        rejects(List.of(), new PostMessage(SERVER, CHANNEL, MESSAGE, "hi", ADA, MEMBER), ErrorCode.NOT_FOUND);
        rejects(
                List.of(CREATED, new ChannelDeleted(SERVER, CHANNEL, OWNER)),
                new PostMessage(SERVER, CHANNEL, MESSAGE, "hi", ADA, MEMBER),
                ErrorCode.NOT_FOUND);
        rejects(
                List.of(CREATED),
                new PostMessage("7300000000000000009", CHANNEL, MESSAGE, "hi", ADA, MEMBER),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void moderatorsRenameAndDeleteChannels() {
        assertThat(when(List.of(CREATED), new RenameChannel(SERVER, CHANNEL, "lobby", OWNER, OWNS)))
                .containsExactly(new ChannelRenamed(SERVER, CHANNEL, "lobby", OWNER));
        assertThat(when(List.of(CREATED), new RenameChannel(SERVER, CHANNEL, "general", OWNER, OWNS)))
                .as("the same name changes nothing")
                .isEmpty();
        assertThat(when(List.of(CREATED), new DeleteChannel(SERVER, CHANNEL, "44", ServerRoles.MODERATOR)))
                .containsExactly(new ChannelDeleted(SERVER, CHANNEL, "44"));
        rejects(List.of(CREATED), new RenameChannel(SERVER, CHANNEL, "x", ADA, MEMBER), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED), new DeleteChannel(SERVER, CHANNEL, ADA, MEMBER), ErrorCode.FORBIDDEN);
    }

    @Test
    void theAuthorOrAModeratorEditsAndDeletesAMessage() {
        List<ChannelEvent> given = List.of(CREATED, POSTED);
        assertThat(when(given, new EditMessage(SERVER, CHANNEL, MESSAGE, "hello!", ADA, MEMBER)))
                .containsExactly(new MessageEdited(SERVER, CHANNEL, MESSAGE, ADA, "hello!", ADA));
        assertThat(when(given, new EditMessage(SERVER, CHANNEL, MESSAGE, "moderated", OWNER, OWNS)))
                .containsExactly(new MessageEdited(SERVER, CHANNEL, MESSAGE, ADA, "moderated", OWNER));
        assertThat(when(given, new DeleteMessage(SERVER, CHANNEL, MESSAGE, ADA, MEMBER)))
                .containsExactly(new MessageDeleted(SERVER, CHANNEL, MESSAGE, ADA, ADA));
        assertThat(when(given, new DeleteMessage(SERVER, CHANNEL, MESSAGE, OWNER, OWNS)))
                .containsExactly(new MessageDeleted(SERVER, CHANNEL, MESSAGE, ADA, OWNER));
    }

    @Test
    void anotherMemberCannotEditOrDeleteSomeoneElsesMessage() {
        List<ChannelEvent> given = List.of(CREATED, POSTED);
        rejects(given, new EditMessage(SERVER, CHANNEL, MESSAGE, "mine now", BOB, MEMBER), ErrorCode.FORBIDDEN);
        rejects(given, new DeleteMessage(SERVER, CHANNEL, MESSAGE, BOB, MEMBER), ErrorCode.FORBIDDEN);
    }

    @Test
    void anUnknownOrDeletedMessageIsNotFound() {
        rejects(List.of(CREATED), new EditMessage(SERVER, CHANNEL, MESSAGE, "x", ADA, MEMBER), ErrorCode.NOT_FOUND);
        rejects(
                List.of(CREATED, POSTED, new MessageDeleted(SERVER, CHANNEL, MESSAGE, ADA, ADA)),
                new EditMessage(SERVER, CHANNEL, MESSAGE, "x", ADA, MEMBER),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void everyEventGoesToTheChannelTopic() {
        assertThat(ChannelEvents.CODEC.topicOf(ChannelEvents.streamOf(CHANNEL), POSTED))
                .isEqualTo("srv." + SERVER + ".chan." + CHANNEL + ".events");
    }
}
