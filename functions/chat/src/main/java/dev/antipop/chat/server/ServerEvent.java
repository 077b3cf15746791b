package dev.antipop.chat.server;

/**
 * Facts about one chat server; types {@code chat.<fact>}. Every event carries {@code serverId} and the user it
 * concerns (DESIGN.md section 10), so the membership rules of {@code ChatContext} can read them.
 */
public sealed interface ServerEvent {

    /** The server. */
    String serverId();

    /** {@code chat.server_created}: {@code ownerId} owns the server (membership {@code owner}). */
    record ServerCreated(String serverId, String name, String ownerId) implements ServerEvent {}

    /**
     * {@code chat.server_invite_created}: goes to its creator's {@code user.<createdBy>.chat} only, as the code is
     * what lets anyone join.
     */
    record ServerInviteCreated(String serverId, String inviteCode, String createdBy) implements ServerEvent {}

    /** {@code chat.member_joined} (membership {@code member}). */
    record MemberJoined(String serverId, String userId) implements ServerEvent {}

    /** {@code chat.member_left} (membership withdrawn). */
    record MemberLeft(String serverId, String userId) implements ServerEvent {}

    /** {@code chat.member_kicked} (membership withdrawn). */
    record MemberKicked(String serverId, String userId, String kickedBy) implements ServerEvent {}
}
