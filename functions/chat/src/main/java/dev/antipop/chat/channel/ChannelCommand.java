package dev.antipop.chat.channel;

/**
 * What may be asked of one channel (stream {@code channel-<channelId>}). Each command carries the caller's role in
 * the server the payload names, from the caller's memberships (resolved once per command); {@code callerRole} is null
 * for a non-member.
 */
public sealed interface ChannelCommand {

    /** The server the payload names. */
    String serverId();

    /** The channel. */
    String channelId();

    /** The user asking. */
    String callerId();

    /** Their membership role in {@link #serverId()}, or null. */
    String callerRole();

    /** {@code CREATE_CHANNEL}: the owner or a moderator. */
    record CreateChannel(String serverId, String channelId, String name, String callerId, String callerRole)
            implements ChannelCommand {}

    /** {@code RENAME_CHANNEL}: the owner or a moderator. */
    record RenameChannel(String serverId, String channelId, String name, String callerId, String callerRole)
            implements ChannelCommand {}

    /** {@code DELETE_CHANNEL}: the owner or a moderator. */
    record DeleteChannel(String serverId, String channelId, String callerId, String callerRole)
            implements ChannelCommand {}

    /** {@code POST_MESSAGE}: any member; {@code messageId} is new. */
    record PostMessage(
            String serverId, String channelId, String messageId, String text, String callerId, String callerRole)
            implements ChannelCommand {}

    /** {@code EDIT_MESSAGE}: its author or a moderator. */
    record EditMessage(
            String serverId, String channelId, String messageId, String text, String callerId, String callerRole)
            implements ChannelCommand {}

    /** {@code DELETE_MESSAGE}: its author or a moderator. */
    record DeleteMessage(String serverId, String channelId, String messageId, String callerId, String callerRole)
            implements ChannelCommand {}
}
