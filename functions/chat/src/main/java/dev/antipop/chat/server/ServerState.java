package dev.antipop.chat.server;

import java.util.Map;
import java.util.Set;

/** One chat server's lifecycle: none yet, or active with its members and invite codes. */
public sealed interface ServerState {

    /** The stream has no events. */
    record None() implements ServerState {}

    /**
     * A server.
     *
     * @param members user id → membership role ({@code owner}, {@code moderator}, {@code member})
     * @param invites the invite codes issued
     */
    record Active(String serverId, String name, String ownerId, Map<String, String> members, Set<String> invites)
            implements ServerState {
        public Active {
            members = Map.copyOf(members);
            invites = Set.copyOf(invites);
        }
    }
}
