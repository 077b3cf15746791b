package dev.antipop.chat.channel;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The channel aggregate's event types, stream and topic. */
public final class ChannelEvents {

    /** {@code chat.channel_created}. */
    public static final String CHANNEL_CREATED = "chat.channel_created";
    /** {@code chat.channel_renamed}. */
    public static final String CHANNEL_RENAMED = "chat.channel_renamed";
    /** {@code chat.channel_deleted}. */
    public static final String CHANNEL_DELETED = "chat.channel_deleted";
    /** {@code chat.message_posted}. */
    public static final String MESSAGE_POSTED = "chat.message_posted";
    /** {@code chat.message_edited}. */
    public static final String MESSAGE_EDITED = "chat.message_edited";
    /** {@code chat.message_deleted}. */
    public static final String MESSAGE_DELETED = "chat.message_deleted";

    /** Envelope mapping; every event goes to {@code srv.<serverId>.chan.<channelId>.events}. */
    public static final EventCodec<ChannelEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    CHANNEL_CREATED, ChannelEvent.ChannelCreated.class,
                    CHANNEL_RENAMED, ChannelEvent.ChannelRenamed.class,
                    CHANNEL_DELETED, ChannelEvent.ChannelDeleted.class,
                    MESSAGE_POSTED, ChannelEvent.MessagePosted.class,
                    MESSAGE_EDITED, ChannelEvent.MessageEdited.class,
                    MESSAGE_DELETED, ChannelEvent.MessageDeleted.class),
            (stream, event) -> topicOf(event.serverId(), event.channelId()),
            SensitiveFields.of(Map.of()));

    private ChannelEvents() {}

    /** The stream of a channel: {@code channel-<channelId>}. */
    public static String streamOf(String channelId) {
        return "channel-" + channelId;
    }

    /** A channel's topic: {@code srv.<serverId>.chan.<channelId>.events}. */
    public static String topicOf(String serverId, String channelId) {
        return "srv." + serverId + ".chan." + channelId + ".events";
    }
}
