package dev.antipop.chat.server;

/** What may be asked of one chat server (stream {@code server-<serverId>}). */
public sealed interface ServerCommand {

    /** The user asking. */
    String callerId();

    /** Create the server; the caller owns it ({@code CREATE_SERVER}). */
    record CreateServer(String serverId, String name, String callerId) implements ServerCommand {}

    /**
     * Create an invite code ({@code CREATE_SERVER_INVITE}); any member may.
     *
     * @param inviteCode a new random code (the command action draws it; the decider stays pure)
     */
    record CreateServerInvite(String serverId, String inviteCode, String callerId) implements ServerCommand {}

    /** Join by an invite code ({@code JOIN_SERVER}); the code was resolved to this server's stream. */
    record JoinServer(String inviteCode, String callerId) implements ServerCommand {}

    /** Leave the server ({@code LEAVE_SERVER}); its owner may not. */
    record LeaveServer(String serverId, String callerId) implements ServerCommand {}

    /** Remove a member ({@code KICK_MEMBER}); the owner or a moderator may, never of the owner. */
    record KickMember(String serverId, String userId, String callerId) implements ServerCommand {}
}
