package dev.antipop.chat;

import dev.antipop.chat.channel.ChannelEvents;
import dev.antipop.chat.direct.DirectEvents;
import dev.antipop.chat.messages.MessagesView;
import dev.antipop.chat.server.ServerEvents;
import dev.antipop.chat.server.ServerRoles;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.MembershipProjection;
import dev.antipop.runtime.context.MembershipRule;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import dev.antipop.runtime.context.SubjectGrant;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;

/**
 * The chat context's descriptor (seed 003, "Sovran"): servers with members and invite codes, channels with messages,
 * and direct messages.
 *
 * <ul>
 *   <li>Subjects: {@code srv.<serverId>.events} (the server's own events), {@code
 *       srv.<serverId>.chan.<channelId>.events} (a channel; resumable with {@code start_seq}, the channel being one
 *       stream), {@code srv.<serverId>.presence} (presence, kept by realtime), {@code user.<userId>.dm.events} (direct
 *       messages) and {@code user.<userId>.chat} (invite codes, to their creator only).
 *   <li>Capabilities follow membership: the server's owner and members may subscribe to {@code srv.<id>.>}; leaving
 *       or being kicked withdraws it, and realtime then removes the subscriptions and pushes {@code cap_update}.
 *   <li>History: {@code GET /chat/channels/{id}/messages?before=&limit=} pages backwards from the newest.
 * </ul>
 */
public final class ChatContext implements BoundedContext {

    /** Longest server or channel name, in characters (Discord's limit for both). */
    public static final int MAX_NAME = 100;

    /** Longest message, in characters (issue 11). */
    public static final int MAX_TEXT = 4_000;

    /** Longest invite code a client may send, in characters (codes issued are {@code InviteCodes#LENGTH}). */
    public static final int MAX_INVITE_CODE = 32;

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "chat",
            ChatFunctions.class,
            "chatProcessor",
            List.of(
                    CommandSpec.user("CREATE_SERVER", "server", "Create a chat server; you own it", name("name")),
                    CommandSpec.user(
                            "CREATE_SERVER_INVITE",
                            "server",
                            "Create an invite code (members; the code reaches you only)",
                            id("serverId")),
                    CommandSpec.user(
                            "JOIN_SERVER",
                            "server",
                            "Join a server by an invite code",
                            FieldSpec.string("inviteCode", true, 1, MAX_INVITE_CODE)),
                    CommandSpec.user("LEAVE_SERVER", "server", "Leave a server (not its owner)", id("serverId")),
                    CommandSpec.user(
                            "KICK_MEMBER",
                            "server",
                            "Remove a member (the owner or a moderator)",
                            id("serverId"),
                            id("userId")),
                    CommandSpec.user(
                            "CREATE_CHANNEL",
                            "channel",
                            "Create a channel (the owner or a moderator)",
                            id("serverId"),
                            name("name")),
                    CommandSpec.user(
                            "RENAME_CHANNEL",
                            "channel",
                            "Rename a channel (the owner or a moderator)",
                            id("serverId"),
                            id("channelId"),
                            name("name")),
                    CommandSpec.user(
                            "DELETE_CHANNEL",
                            "channel",
                            "Delete a channel (the owner or a moderator)",
                            id("serverId"),
                            id("channelId")),
                    CommandSpec.user(
                            "POST_MESSAGE",
                            "channel",
                            "Post a message to a channel (members)",
                            id("serverId"),
                            id("channelId"),
                            text()),
                    CommandSpec.user(
                            "EDIT_MESSAGE",
                            "channel",
                            "Edit a message (its author or a moderator)",
                            id("serverId"),
                            id("channelId"),
                            id("messageId"),
                            text()),
                    CommandSpec.user(
                            "DELETE_MESSAGE",
                            "channel",
                            "Delete a message (its author or a moderator)",
                            id("serverId"),
                            id("channelId"),
                            id("messageId")),
                    CommandSpec.user(
                            "SEND_DIRECT_MESSAGE",
                            "dm",
                            "Send a direct message (it reaches only you and the recipient)",
                            id("toUserId"),
                            text())),
            List.of(
                    EventSpec.of(ServerEvents.SERVER_CREATED, "srv.{serverId}.events"),
                    EventSpec.of(ServerEvents.SERVER_INVITE_CREATED, "user.{createdBy}.chat"),
                    EventSpec.of(ServerEvents.MEMBER_JOINED, "srv.{serverId}.events"),
                    EventSpec.of(ServerEvents.MEMBER_LEFT, "srv.{serverId}.events"),
                    EventSpec.of(ServerEvents.MEMBER_KICKED, "srv.{serverId}.events"),
                    EventSpec.of(ChannelEvents.CHANNEL_CREATED, "srv.{serverId}.chan.{channelId}.events"),
                    EventSpec.of(ChannelEvents.CHANNEL_RENAMED, "srv.{serverId}.chan.{channelId}.events"),
                    EventSpec.of(ChannelEvents.CHANNEL_DELETED, "srv.{serverId}.chan.{channelId}.events"),
                    EventSpec.of(ChannelEvents.MESSAGE_POSTED, "srv.{serverId}.chan.{channelId}.events"),
                    EventSpec.of(ChannelEvents.MESSAGE_EDITED, "srv.{serverId}.chan.{channelId}.events"),
                    EventSpec.of(ChannelEvents.MESSAGE_DELETED, "srv.{serverId}.chan.{channelId}.events"),
                    EventSpec.of(DirectEvents.DIRECT_MESSAGE_SENT, "user.{fromUserId}.dm.events"),
                    EventSpec.of(DirectEvents.DIRECT_MESSAGE_RECEIVED, "user.{toUserId}.dm.events")),
            List.of(
                    new StreamSpec("srv.{id}.events", "server-{id}"),
                    new StreamSpec("srv.{serverId}.chan.{id}.events", "channel-{id}")),
            List.of(SubjectGrant.toMembers(ServerRoles.SCOPE, "srv.{id}.>")),
            List.of(
                    MembershipRule.grants(
                            ServerEvents.SERVER_CREATED, ServerRoles.SCOPE, "serverId", "ownerId", ServerRoles.OWNER),
                    MembershipRule.grants(
                            ServerEvents.MEMBER_JOINED, ServerRoles.SCOPE, "serverId", "userId", ServerRoles.MEMBER),
                    MembershipRule.withdraws(ServerEvents.MEMBER_LEFT, ServerRoles.SCOPE, "serverId", "userId"),
                    MembershipRule.withdraws(ServerEvents.MEMBER_KICKED, ServerRoles.SCOPE, "serverId", "userId")),
            List.of(QuerySpec.get(
                    "/chat/channels/{id}/messages",
                    "listChannelMessages",
                    "A channel's messages, newest first, edits and deletes shown (members; ?before=, ?limit=,"
                            + " ?position=)")));

    private static FieldSpec id(String name) {
        return FieldSpec.required(name, FieldSpec.Type.ID);
    }

    private static FieldSpec name(String name) {
        return FieldSpec.string(name, true, 1, MAX_NAME);
    }

    private static FieldSpec text() {
        return FieldSpec.string("text", true, 1, MAX_TEXT);
    }

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The memberships (servers, channels) and messages views. */
    @Override
    public List<ViewProjection> views() {
        return List.of(
                MembershipProjection.view(DESCRIPTOR),
                ViewProjection.of(
                        "messages",
                        "MESSAGES_TABLE",
                        (dynamoDb, tables) -> new MessagesView(dynamoDb, tables.apply("MESSAGES_TABLE"))::project));
    }
}
