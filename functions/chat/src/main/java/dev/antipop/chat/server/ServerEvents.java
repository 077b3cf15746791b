package dev.antipop.chat.server;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The server aggregate's event types, stream and topics. */
public final class ServerEvents {

    /** {@code chat.server_created}. */
    public static final String SERVER_CREATED = "chat.server_created";
    /** {@code chat.server_invite_created}. */
    public static final String SERVER_INVITE_CREATED = "chat.server_invite_created";
    /** {@code chat.member_joined}. */
    public static final String MEMBER_JOINED = "chat.member_joined";
    /** {@code chat.member_left}. */
    public static final String MEMBER_LEFT = "chat.member_left";
    /** {@code chat.member_kicked}. */
    public static final String MEMBER_KICKED = "chat.member_kicked";

    /**
     * Envelope mapping: server events go to {@code srv.<serverId>.events} (every member's {@code srv.<id>.>} grant
     * covers it), except an invite, which goes to its creator's {@code user.<createdBy>.chat}.
     */
    public static final EventCodec<ServerEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    SERVER_CREATED, ServerEvent.ServerCreated.class,
                    SERVER_INVITE_CREATED, ServerEvent.ServerInviteCreated.class,
                    MEMBER_JOINED, ServerEvent.MemberJoined.class,
                    MEMBER_LEFT, ServerEvent.MemberLeft.class,
                    MEMBER_KICKED, ServerEvent.MemberKicked.class),
            (stream, event) -> event instanceof ServerEvent.ServerInviteCreated invite
                    ? "user." + invite.createdBy() + ".chat"
                    : topicOf(event.serverId()),
            SensitiveFields.of(Map.of()));

    private ServerEvents() {}

    /** The stream of a server: {@code server-<serverId>}. */
    public static String streamOf(String serverId) {
        return "server-" + serverId;
    }

    /** A server's own events: {@code srv.<serverId>.events}. */
    public static String topicOf(String serverId) {
        return "srv." + serverId + ".events";
    }
}
