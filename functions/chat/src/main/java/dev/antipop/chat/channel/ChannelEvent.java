package dev.antipop.chat.channel;

/**
 * Facts about one channel and its messages; types {@code chat.<fact>}, topic {@code
 * srv.<serverId>.chan.<channelId>.events}. The channel's stream is resumable ({@code sub} with {@code start_seq}).
 */
public sealed interface ChannelEvent {

    /** The server the channel belongs to. */
    String serverId();

    /** The channel. */
    String channelId();

    /** {@code chat.channel_created}. */
    record ChannelCreated(String serverId, String channelId, String name, String createdBy) implements ChannelEvent {}

    /** {@code chat.channel_renamed}. */
    record ChannelRenamed(String serverId, String channelId, String name, String renamedBy) implements ChannelEvent {}

    /** {@code chat.channel_deleted}. */
    record ChannelDeleted(String serverId, String channelId, String deletedBy) implements ChannelEvent {}

    /** {@code chat.message_posted}. */
    record MessagePosted(String serverId, String channelId, String messageId, String authorId, String text)
            implements ChannelEvent {}

    /** {@code chat.message_edited}; {@code editedBy} is the author or a moderator. */
    record MessageEdited(
            String serverId, String channelId, String messageId, String authorId, String text, String editedBy)
            implements ChannelEvent {}

    /** {@code chat.message_deleted}; {@code deletedBy} is the author or a moderator. */
    record MessageDeleted(String serverId, String channelId, String messageId, String authorId, String deletedBy)
            implements ChannelEvent {}
}
