package dev.antipop.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.chat.channel.ChannelCommand;
import dev.antipop.chat.channel.ChannelEvent;
import dev.antipop.chat.channel.ChannelEvents;
import dev.antipop.chat.channel.ChannelState;
import dev.antipop.chat.direct.DirectCommand;
import dev.antipop.chat.direct.DirectEvent;
import dev.antipop.chat.direct.DirectEvents;
import dev.antipop.chat.direct.DirectState;
import dev.antipop.chat.server.InviteCodes;
import dev.antipop.chat.server.ServerCommand;
import dev.antipop.chat.server.ServerDecider;
import dev.antipop.chat.server.ServerEvent;
import dev.antipop.chat.server.ServerEvents;
import dev.antipop.chat.server.ServerRoles;
import dev.antipop.chat.server.ServerState;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.AppendResult;
import dev.antipop.dynamodb.DynamoDbEventStore;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The chat context's commands (PayloadSchema has checked the declared fields before these run; payloads are DESIGN.md
 * section 10's). Each builds its command record and hands it to the generic handler of its aggregate: servers ({@code
 * server-<id>}), channels ({@code channel-<id>}), direct conversations ({@code dm-<a>-<b>}).
 *
 * <ul>
 *   <li>New ids (server, channel, message) are Snowflakes drawn here, once per command, so a retried append keeps
 *       them; the events carry them (a client learns them from its socket).
 *   <li>Channel commands take the caller's role in the payload's server from the caller's memberships (the memberships
 *       table, which the chat processor keeps): a member who has just joined may have to wait for the projection.
 *   <li>{@code JOIN_SERVER} finds the server by the invite code's uniqueness claim ({@code chat_invite#<code>}, whose
 *       item names the server's stream); an unknown code is 404.
 * </ul>
 */
public final class ChatCommands {

    private final CommandHandler<ServerCommand, ServerEvent, ServerState> servers;
    private final CommandHandler<ChannelCommand, ChannelEvent, ChannelState> channels;
    private final CommandHandler<DirectCommand, DirectEvent, DirectState> directs;
    private final DynamoDbClient dynamoDb;
    private final String uniquesTable;
    private final Supplier<String> ids;
    private final Supplier<String> inviteCodes;

    /**
     * @param uniquesTable the uniques table, where invite codes are claimed
     * @param ids new Snowflake ids
     * @param inviteCodes new invite codes ({@link InviteCodes})
     */
    public ChatCommands(
            CommandHandler<ServerCommand, ServerEvent, ServerState> servers,
            CommandHandler<ChannelCommand, ChannelEvent, ChannelState> channels,
            CommandHandler<DirectCommand, DirectEvent, DirectState> directs,
            DynamoDbClient dynamoDb,
            String uniquesTable,
            Supplier<String> ids,
            Supplier<String> inviteCodes) {
        this.servers = servers;
        this.channels = channels;
        this.directs = directs;
        this.dynamoDb = dynamoDb;
        this.uniquesTable = uniquesTable;
        this.ids = ids;
        this.inviteCodes = inviteCodes;
    }

    /** Every chat command with its action. */
    public CommandCatalog catalog() {
        return CommandCatalog.of(
                ChatContext.DESCRIPTOR,
                Map.ofEntries(
                        Map.entry("CREATE_SERVER", this::createServer),
                        Map.entry("CREATE_SERVER_INVITE", this::createServerInvite),
                        Map.entry("JOIN_SERVER", this::joinServer),
                        Map.entry("LEAVE_SERVER", this::leaveServer),
                        Map.entry("KICK_MEMBER", this::kickMember),
                        Map.entry("CREATE_CHANNEL", this::createChannel),
                        Map.entry("RENAME_CHANNEL", this::renameChannel),
                        Map.entry("DELETE_CHANNEL", this::deleteChannel),
                        Map.entry("POST_MESSAGE", this::postMessage),
                        Map.entry("EDIT_MESSAGE", this::editMessage),
                        Map.entry("DELETE_MESSAGE", this::deleteMessage),
                        Map.entry("SEND_DIRECT_MESSAGE", this::sendDirectMessage)));
    }

    private AppendResult createServer(CommandRequest request) {
        String serverId = ids.get();
        return servers.handle(
                ServerEvents.streamOf(serverId),
                new ServerCommand.CreateServer(serverId, text(request, "name"), caller(request)),
                request.meta());
    }

    private AppendResult createServerInvite(CommandRequest request) {
        String serverId = text(request, "serverId");
        ServerCommand.CreateServerInvite command =
                new ServerCommand.CreateServerInvite(serverId, inviteCodes.get(), caller(request));
        try {
            return servers.handle(ServerEvents.streamOf(serverId), command, request.meta());
        } catch (CommandException e) {
            if (e.code() == ErrorCode.CONFLICT && e.fields().containsKey(ServerDecider.INVITE_CLAIM)) {
                // A new code that is already taken (about 2^-58 per pair of codes): draw another once.
                return servers.handle(
                        ServerEvents.streamOf(serverId),
                        new ServerCommand.CreateServerInvite(serverId, inviteCodes.get(), caller(request)),
                        request.meta());
            }
            throw e;
        }
    }

    private AppendResult joinServer(CommandRequest request) {
        String code = text(request, "inviteCode");
        if (!InviteCodes.SHAPE.matcher(code).matches()) {
            throw CommandException.validation(Map.of("inviteCode", "is not an invite code"));
        }
        Map<String, AttributeValue> claim = dynamoDb.getItem(r -> r.tableName(uniquesTable)
                        .key(Map.of(
                                DynamoDbEventStore.UNIQUE_KEY, AttributeValue.fromS(ServerDecider.inviteClaim(code))))
                        .consistentRead(true))
                .item();
        AttributeValue stream = claim == null ? null : claim.get(DynamoDbEventStore.UNIQUE_STREAM);
        if (stream == null || stream.s() == null) {
            throw CommandException.notFound("No invite " + code);
        }
        return servers.handle(stream.s(), new ServerCommand.JoinServer(code, caller(request)), request.meta());
    }

    private AppendResult leaveServer(CommandRequest request) {
        String serverId = text(request, "serverId");
        return servers.handle(
                ServerEvents.streamOf(serverId),
                new ServerCommand.LeaveServer(serverId, caller(request)),
                request.meta());
    }

    private AppendResult kickMember(CommandRequest request) {
        String serverId = text(request, "serverId");
        return servers.handle(
                ServerEvents.streamOf(serverId),
                new ServerCommand.KickMember(serverId, text(request, "userId"), caller(request)),
                request.meta());
    }

    private AppendResult createChannel(CommandRequest request) {
        String serverId = text(request, "serverId");
        String channelId = ids.get();
        return channels.handle(
                ChannelEvents.streamOf(channelId),
                new ChannelCommand.CreateChannel(
                        serverId, channelId, text(request, "name"), caller(request), role(request, serverId)),
                request.meta());
    }

    private AppendResult renameChannel(CommandRequest request) {
        String serverId = text(request, "serverId");
        String channelId = text(request, "channelId");
        return channels.handle(
                ChannelEvents.streamOf(channelId),
                new ChannelCommand.RenameChannel(
                        serverId, channelId, text(request, "name"), caller(request), role(request, serverId)),
                request.meta());
    }

    private AppendResult deleteChannel(CommandRequest request) {
        String serverId = text(request, "serverId");
        String channelId = text(request, "channelId");
        return channels.handle(
                ChannelEvents.streamOf(channelId),
                new ChannelCommand.DeleteChannel(serverId, channelId, caller(request), role(request, serverId)),
                request.meta());
    }

    private AppendResult postMessage(CommandRequest request) {
        String serverId = text(request, "serverId");
        String channelId = text(request, "channelId");
        return channels.handle(
                ChannelEvents.streamOf(channelId),
                new ChannelCommand.PostMessage(
                        serverId,
                        channelId,
                        ids.get(),
                        text(request, "text"),
                        caller(request),
                        role(request, serverId)),
                request.meta());
    }

    private AppendResult editMessage(CommandRequest request) {
        String serverId = text(request, "serverId");
        String channelId = text(request, "channelId");
        return channels.handle(
                ChannelEvents.streamOf(channelId),
                new ChannelCommand.EditMessage(
                        serverId,
                        channelId,
                        text(request, "messageId"),
                        text(request, "text"),
                        caller(request),
                        role(request, serverId)),
                request.meta());
    }

    private AppendResult deleteMessage(CommandRequest request) {
        String serverId = text(request, "serverId");
        String channelId = text(request, "channelId");
        return channels.handle(
                ChannelEvents.streamOf(channelId),
                new ChannelCommand.DeleteMessage(
                        serverId, channelId, text(request, "messageId"), caller(request), role(request, serverId)),
                request.meta());
    }

    private AppendResult sendDirectMessage(CommandRequest request) {
        String from = caller(request);
        String to = text(request, "toUserId");
        return directs.handle(
                DirectEvents.streamOf(from, to),
                new DirectCommand.SendDirectMessage(ids.get(), from, to, text(request, "text")),
                request.meta());
    }

    private static String caller(CommandRequest request) {
        return request.requireCaller().userId();
    }

    private static String role(CommandRequest request, String serverId) {
        Caller caller = request.requireCaller();
        return caller.roleIn(ServerRoles.SCOPE, serverId).orElse(null);
    }

    private static String text(CommandRequest request, String field) {
        JsonNode value = request.payload().get(field);
        return value == null ? null : value.textValue();
    }
}
