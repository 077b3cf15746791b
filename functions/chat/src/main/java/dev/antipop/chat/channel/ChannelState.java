package dev.antipop.chat.channel;

import java.util.Map;

/** One channel's lifecycle: none yet, open (with who wrote which live message), deleted. */
public sealed interface ChannelState {

    /** The stream has no events. */
    record None() implements ChannelState {}

    /**
     * An open channel.
     *
     * @param authors message id → author id, for the messages not deleted
     */
    record Open(String serverId, String channelId, String name, Map<String, String> authors) implements ChannelState {
        public Open {
            authors = Map.copyOf(authors);
        }
    }

    /** A deleted channel: nothing more happens in it. */
    record Deleted(String serverId, String channelId) implements ChannelState {}
}
