package dev.antipop.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or an error: a chat server's decisions without infrastructure. */
class ServerDeciderTest {

    private static final String SERVER = "7300000000000000001";
    private static final String OWNER = "41";
    private static final String ADA = "42";
    private static final String BOB = "43";
    private static final String CODE = "AbCdEf2345";

    private static final ServerCreated CREATED = new ServerCreated(SERVER, "Guild", OWNER);
    private static final ServerInviteCreated INVITED = new ServerInviteCreated(SERVER, CODE, OWNER);

    private final ServerDecider decider = new ServerDecider();

    private List<ServerEvent> when(List<ServerEvent> given, ServerCommand command) {
        ServerState state = decider.initialState();
        for (ServerEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private void rejects(List<ServerEvent> given, ServerCommand command, ErrorCode code) {
        assertThatThrownBy(() -> when(given, command))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void createOnANewStreamMakesTheCallerOwner() {
        assertThat(when(List.of(), new CreateServer(SERVER, "Guild", OWNER))).containsExactly(CREATED);
    }

    @Test
    void createOnAnExistingServerIsAConflict() {
        rejects(List.of(CREATED), new CreateServer(SERVER, "Again", OWNER), ErrorCode.CONFLICT);
    }

    @Test
    void membersCreateInvitesThatClaimTheirCode() {
        List<ServerEvent> events = when(List.of(CREATED), new CreateServerInvite(SERVER, CODE, OWNER));

        assertThat(events).containsExactly(INVITED);
        assertThat(decider.uniqueClaims(events.getFirst())).containsExactly("chat_invite#" + CODE);
    }

    @Test
    void aNonMemberCannotCreateAnInvite() {
        rejects(List.of(CREATED), new CreateServerInvite(SERVER, CODE, ADA), ErrorCode.FORBIDDEN);
    }

    @Test
    void commandsOnAMissingServerAreNotFound() {
        rejects(List.of(), new CreateServerInvite(SERVER, CODE, OWNER), ErrorCode.NOT_FOUND);
        rejects(List.of(), new JoinServer(CODE, ADA), ErrorCode.NOT_FOUND);
        rejects(List.of(), new LeaveServer(SERVER, ADA), ErrorCode.NOT_FOUND);
        rejects(List.of(), new KickMember(SERVER, ADA, OWNER), ErrorCode.NOT_FOUND);
    }

    @Test
    void joiningByAnIssuedCodeMakesAMemberAndAgainChangesNothing() {
        assertThat(when(List.of(CREATED, INVITED), new JoinServer(CODE, ADA)))
                .containsExactly(new MemberJoined(SERVER, ADA));
        assertThat(when(List.of(CREATED, INVITED, new MemberJoined(SERVER, ADA)), new JoinServer(CODE, ADA)))
                .isEmpty();
    }

    @Test
    void joiningByACodeThisServerNeverIssuedIsNotFound() {
        rejects(List.of(CREATED, INVITED), new JoinServer("Other23456", ADA), ErrorCode.NOT_FOUND);
    }

    @Test
    void aMemberLeavesButTheOwnerCannotAndANonMemberHasNothingToLeave() {
        List<ServerEvent> given = List.of(CREATED, INVITED, new MemberJoined(SERVER, ADA));
        assertThat(when(given, new LeaveServer(SERVER, ADA))).containsExactly(new MemberLeft(SERVER, ADA));
        rejects(given, new LeaveServer(SERVER, OWNER), ErrorCode.CONFLICT);
        rejects(given, new LeaveServer(SERVER, BOB), ErrorCode.NOT_FOUND);
    }

    @Test
    void aMemberWhoLeftMayJoinAgain() {
        List<ServerEvent> given = List.of(CREATED, INVITED, new MemberJoined(SERVER, ADA), new MemberLeft(SERVER, ADA));
        assertThat(when(given, new JoinServer(CODE, ADA))).containsExactly(new MemberJoined(SERVER, ADA));
    }

    @Test
    void theOwnerKicksAMember() {
        List<ServerEvent> given = List.of(CREATED, INVITED, new MemberJoined(SERVER, ADA));
        assertThat(when(given, new KickMember(SERVER, ADA, OWNER)))
                .containsExactly(new MemberKicked(SERVER, ADA, OWNER));
    }

    @Test
    void aPlainMemberCannotKickAndNobodyKicksTheOwner() {
        List<ServerEvent> given =
                List.of(CREATED, INVITED, new MemberJoined(SERVER, ADA), new MemberJoined(SERVER, BOB));
        rejects(given, new KickMember(SERVER, BOB, ADA), ErrorCode.FORBIDDEN);
        rejects(given, new KickMember(SERVER, OWNER, OWNER), ErrorCode.FORBIDDEN);
    }

    @Test
    void kickingSomeoneWhoIsNotAMemberIsNotFound() {
        rejects(List.of(CREATED), new KickMember(SERVER, BOB, OWNER), ErrorCode.NOT_FOUND);
        rejects(
                List.of(CREATED, INVITED, new MemberJoined(SERVER, ADA), new MemberKicked(SERVER, ADA, OWNER)),
                new KickMember(SERVER, ADA, OWNER),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void onlyOwnersAndModeratorsModerate() {
        assertThat(ServerRoles.moderates(ServerRoles.OWNER)).isTrue();
        assertThat(ServerRoles.moderates(ServerRoles.MODERATOR)).isTrue();
        assertThat(ServerRoles.moderates(ServerRoles.MEMBER)).isFalse();
        assertThat(ServerRoles.moderates(null)).isFalse();
    }

    @Test
    void eventsGoToTheServerTopicAndInvitesToTheirCreatorOnly() {
        assertThat(ServerEvents.CODEC.topicOf("server-" + SERVER, CREATED)).isEqualTo("srv." + SERVER + ".events");
        assertThat(ServerEvents.CODEC.topicOf("server-" + SERVER, INVITED)).isEqualTo("user." + OWNER + ".chat");
    }

    @Test
    void inviteCodesHaveTheIssuedShapeAndDiffer() {
        InviteCodes codes = new InviteCodes();
        String first = codes.get();
        assertThat(first).hasSize(InviteCodes.LENGTH).matches(InviteCodes.SHAPE);
        assertThat(codes.get()).isNotEqualTo(first);
    }
}
