package dev.antipop.chat.server;

import dev.antipop.chat.server.ServerCommand.CreateServer;
import dev.antipop.chat.server.ServerCommand.CreateServerInvite;
import dev.antipop.chat.server.ServerCommand.JoinServer;
import dev.antipop.chat.server.ServerCommand.KickMember;
import dev.antipop.chat.server.ServerCommand.LeaveServer;
import dev.antipop.chat.server.ServerEvent.MemberJoined;
import dev.antipop.chat.server.ServerEvent.MemberKicked;
import dev.antipop.chat.server.ServerEvent.MemberLeft;
import dev.antipop.chat.server.ServerEvent.ServerCreated;
import dev.antipop.chat.server.ServerEvent.ServerInviteCreated;
import dev.antipop.chat.server.ServerState.Active;
import dev.antipop.chat.server.ServerState.None;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat server aggregate's decisions. Pure: no I/O, no clock, no randomness (invite codes come in the command).
 * The server stream is the authority on membership; the memberships table is its projection.
 *
 * <ul>
 *   <li>CreateServer on a new stream → created, the caller its owner; on an existing one 409.
 *   <li>CreateServerInvite: members only (403), a new code claims {@code chat_invite#<code>} in the append, so a code
 *       names one server for ever and {@code JOIN_SERVER} finds the server by the claim.
 *   <li>JoinServer: an unknown code is 404; a member joining again decides nothing.
 *   <li>LeaveServer: a non-member is 404 (nothing to leave); the owner is 409 (a server keeps its owner).
 *   <li>KickMember: the owner or a moderator (403 otherwise); the owner cannot be kicked, a moderator only by the
 *       owner (403); a user who is not a member is 404.
 * </ul>
 *
 * Every command on a server that does not exist is 404.
 */
public final class ServerDecider implements Decider<ServerCommand, ServerEvent, ServerState> {

    /** The kind of an invite code's uniqueness claim. */
    public static final String INVITE_CLAIM = "chat_invite";

    @Override
    public ServerState initialState() {
        return new None();
    }

    @Override
    public List<ServerEvent> decide(ServerCommand command, ServerState state) {
        return switch (state) {
            case None none ->
                switch (command) {
                    case CreateServer create ->
                        List.of(new ServerCreated(create.serverId(), create.name(), create.callerId()));
                    case CreateServerInvite c -> throw notFound(c.serverId());
                    case JoinServer c -> throw CommandException.notFound("No invite " + c.inviteCode());
                    case LeaveServer c -> throw notFound(c.serverId());
                    case KickMember c -> throw notFound(c.serverId());
                };
            case Active server -> decide(command, server);
        };
    }

    private static List<ServerEvent> decide(ServerCommand command, Active server) {
        return switch (command) {
            case CreateServer create -> throw CommandException.conflict("Server " + create.serverId() + " exists");
            case CreateServerInvite invite -> {
                if (!server.members().containsKey(invite.callerId())) {
                    throw notMember(server);
                }
                yield List.of(new ServerInviteCreated(server.serverId(), invite.inviteCode(), invite.callerId()));
            }
            case JoinServer join -> {
                if (!server.invites().contains(join.inviteCode())) {
                    throw CommandException.notFound("No invite " + join.inviteCode());
                }
                yield server.members().containsKey(join.callerId())
                        ? List.of()
                        : List.of(new MemberJoined(server.serverId(), join.callerId()));
            }
            case LeaveServer leave -> {
                String role = server.members().get(leave.callerId());
                if (role == null) {
                    throw CommandException.notFound("You are not a member of server " + server.serverId());
                }
                if (ServerRoles.OWNER.equals(role)) {
                    throw CommandException.conflict("The owner cannot leave server " + server.serverId());
                }
                yield List.of(new MemberLeft(server.serverId(), leave.callerId()));
            }
            case KickMember kick -> {
                String callerRole = server.members().get(kick.callerId());
                if (!ServerRoles.moderates(callerRole)) {
                    throw CommandException.forbidden(
                            "Only the owner or a moderator of server " + server.serverId() + " may kick members");
                }
                String targetRole = server.members().get(kick.userId());
                if (targetRole == null) {
                    throw CommandException.notFound(
                            "User " + kick.userId() + " is not a member of server " + server.serverId());
                }
                if (ServerRoles.OWNER.equals(targetRole)
                        || (ServerRoles.MODERATOR.equals(targetRole) && !ServerRoles.OWNER.equals(callerRole))) {
                    throw CommandException.forbidden("You may not kick a " + targetRole + " of this server");
                }
                yield List.of(new MemberKicked(server.serverId(), kick.userId(), kick.callerId()));
            }
        };
    }

    @Override
    public ServerState evolve(ServerState state, ServerEvent event) {
        if (event instanceof ServerCreated created) {
            return new Active(
                    created.serverId(),
                    created.name(),
                    created.ownerId(),
                    Map.of(created.ownerId(), ServerRoles.OWNER),
                    Set.of());
        }
        if (!(state instanceof Active server)) {
            throw new IllegalStateException(
                    "Event " + event.getClass().getSimpleName() + " before chat.server_created");
        }
        Map<String, String> members = new HashMap<>(server.members());
        Set<String> invites = new HashSet<>(server.invites());
        switch (event) {
            case ServerCreated created -> throw new IllegalStateException("Server created twice");
            case ServerInviteCreated invite -> invites.add(invite.inviteCode());
            case MemberJoined joined -> members.putIfAbsent(joined.userId(), ServerRoles.MEMBER);
            case MemberLeft left -> members.remove(left.userId());
            case MemberKicked kicked -> members.remove(kicked.userId());
        }
        return new Active(server.serverId(), server.name(), server.ownerId(), members, invites);
    }

    @Override
    public List<String> uniqueClaims(ServerEvent event) {
        return event instanceof ServerInviteCreated invite ? List.of(inviteClaim(invite.inviteCode())) : List.of();
    }

    /** The uniqueness claim of an invite code: {@code chat_invite#<code>}; its item names the server's stream. */
    public static String inviteClaim(String inviteCode) {
        return INVITE_CLAIM + "#" + inviteCode;
    }

    private static CommandException notFound(String serverId) {
        return CommandException.notFound("No server " + serverId);
    }

    private static CommandException notMember(Active server) {
        return CommandException.forbidden("You are not a member of server " + server.serverId());
    }
}
