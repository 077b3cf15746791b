package dev.antipop.chat.channel;

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
import dev.antipop.chat.channel.ChannelState.Deleted;
import dev.antipop.chat.channel.ChannelState.None;
import dev.antipop.chat.channel.ChannelState.Open;
import dev.antipop.chat.server.ServerRoles;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The channel aggregate's decisions. Pure: the caller's role in the server comes in the command.
 *
 * <ul>
 *   <li>Every command needs the caller to be a member of the server the payload names (403 otherwise, before
 *       anything about the channel is revealed).
 *   <li>CreateChannel: the owner or a moderator (403); on an existing stream 409.
 *   <li>A channel that does not exist, was deleted, or belongs to another server than the payload names is 404.
 *   <li>RenameChannel, DeleteChannel: the owner or a moderator (403). Renaming to the same name decides nothing.
 *   <li>PostMessage: any member; a message id already used is 409.
 *   <li>EditMessage, DeleteMessage: the message's author or a moderator (403); an unknown or deleted message is 404.
 *       An edit to the same text is still an edit (clients show "edited").
 * </ul>
 */
public final class ChannelDecider implements Decider<ChannelCommand, ChannelEvent, ChannelState> {

    @Override
    public ChannelState initialState() {
        return new None();
    }

    @Override
    public List<ChannelEvent> decide(ChannelCommand command, ChannelState state) {
        if (command.callerRole() == null) {
            throw CommandException.forbidden("You are not a member of server " + command.serverId());
        }
        if (command instanceof CreateChannel create) {
            requireModerator(create);
            if (!(state instanceof None)) {
                throw CommandException.conflict("Channel " + create.channelId() + " exists");
            }
            return List.of(new ChannelCreated(create.serverId(), create.channelId(), create.name(), create.callerId()));
        }
        Open channel = switch (state) {
            case Open open when open.serverId().equals(command.serverId()) -> open;
            case Open other -> throw notFound(command);
            case None none -> throw notFound(command);
            case Deleted deleted -> throw notFound(command);
        };
        return switch (command) {
            case CreateChannel create -> throw new IllegalStateException("handled above");
            case RenameChannel rename -> {
                requireModerator(rename);
                yield rename.name().equals(channel.name())
                        ? List.of()
                        : List.of(new ChannelRenamed(
                                channel.serverId(), channel.channelId(), rename.name(), rename.callerId()));
            }
            case DeleteChannel delete -> {
                requireModerator(delete);
                yield List.of(new ChannelDeleted(channel.serverId(), channel.channelId(), delete.callerId()));
            }
            case PostMessage post -> {
                if (channel.authors().containsKey(post.messageId())) {
                    throw CommandException.conflict("Message " + post.messageId() + " exists");
                }
                yield List.of(new MessagePosted(
                        channel.serverId(), channel.channelId(), post.messageId(), post.callerId(), post.text()));
            }
            case EditMessage edit -> {
                String author = requireAuthorOrModerator(channel, edit.messageId(), edit);
                yield List.of(new MessageEdited(
                        channel.serverId(),
                        channel.channelId(),
                        edit.messageId(),
                        author,
                        edit.text(),
                        edit.callerId()));
            }
            case DeleteMessage delete -> {
                String author = requireAuthorOrModerator(channel, delete.messageId(), delete);
                yield List.of(new MessageDeleted(
                        channel.serverId(), channel.channelId(), delete.messageId(), author, delete.callerId()));
            }
        };
    }

    @Override
    public ChannelState evolve(ChannelState state, ChannelEvent event) {
        return switch (event) {
            case ChannelCreated created -> new Open(created.serverId(), created.channelId(), created.name(), Map.of());
            case ChannelDeleted deleted -> new Deleted(deleted.serverId(), deleted.channelId());
            case ChannelRenamed renamed ->
                state instanceof Open open
                        ? new Open(open.serverId(), open.channelId(), renamed.name(), open.authors())
                        : state;
            case MessagePosted posted -> withAuthors(state, posted.messageId(), posted.authorId());
            case MessageEdited edited -> state;
            case MessageDeleted deleted -> withAuthors(state, deleted.messageId(), null);
        };
    }

    private static ChannelState withAuthors(ChannelState state, String messageId, String authorId) {
        if (!(state instanceof Open open)) {
            return state;
        }
        Map<String, String> authors = new HashMap<>(open.authors());
        if (authorId == null) {
            authors.remove(messageId);
        } else {
            authors.put(messageId, authorId);
        }
        return new Open(open.serverId(), open.channelId(), open.name(), authors);
    }

    private static void requireModerator(ChannelCommand command) {
        if (!ServerRoles.moderates(command.callerRole())) {
            throw CommandException.forbidden(
                    "Only the owner or a moderator of server " + command.serverId() + " may manage its channels");
        }
    }

    private static String requireAuthorOrModerator(Open channel, String messageId, ChannelCommand command) {
        String author = channel.authors().get(messageId);
        if (author == null) {
            throw CommandException.notFound("No message " + messageId + " in channel " + channel.channelId());
        }
        if (!author.equals(command.callerId()) && !ServerRoles.moderates(command.callerRole())) {
            throw CommandException.forbidden("Only its author or a moderator may change message " + messageId);
        }
        return author;
    }

    private static CommandException notFound(ChannelCommand command) {
        return CommandException.notFound("No channel " + command.channelId() + " in server " + command.serverId());
    }
}
