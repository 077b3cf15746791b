package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.PresenceStore.Member;
import dev.antipop.realtime.ClientMessage.Invalid;
import dev.antipop.realtime.ClientMessage.Sub;
import dev.antipop.realtime.ClientMessage.Typing;
import dev.antipop.realtime.Frames.ErrorCode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chat additions to the protocol: the typing op, servers' presence subjects, presence items expired by TTL. */
class TypingAndServerPresenceTest {

    @Test
    void typingNamesOneChannel() {
        assertThat(ClientMessage.parse("{\"v\":1,\"op\":\"typing\",\"id\":\"t1\",\"target\":\"srv.9.chan.12\"}"))
                .isInstanceOfSatisfying(Typing.class, t -> {
                    assertThat(t.id()).isEqualTo("t1");
                    assertThat(t.channel().value()).isEqualTo("srv.9.chan.12");
                });
        assertThat(TypingIndicators.subjectOf(((Typing)
                                        ClientMessage.parse("{\"v\":1,\"op\":\"typing\",\"target\":\"srv.9.chan.12\"}"))
                                .channel())
                        .value())
                .isEqualTo("srv.9.chan.12.typing");
    }

    @Test
    void typingAnywhereButOneChannelIsAnInvalidTarget() {
        for (String target : new String[] {"srv.9.chan.*", "srv.9.>", "srv.9.chan.12.events", "chat.room.1"}) {
            assertThat(ClientMessage.parse("{\"v\":1,\"op\":\"typing\",\"id\":\"t\",\"target\":\"" + target + "\"}"))
                    .as(target)
                    .isInstanceOfSatisfying(
                            Invalid.class, i -> assertThat(i.code()).isEqualTo(ErrorCode.INVALID_TARGET));
        }
    }

    @Test
    void aServersPresenceSubjectIsARoomAnnouncedOnItself() {
        Sub join = (Sub) ClientMessage.parse(
                "{\"v\":1,\"op\":\"sub\",\"id\":\"p\",\"target\":\"srv.9.presence\",\"data\":{\"presence\":true}}");
        assertThat(join.presence()).isTrue();
        assertThat(Presence.isRoom(SubjectPattern.parse("srv.9.presence"))).isTrue();
        assertThat(Presence.isRoom(SubjectPattern.parse("srv.*.presence"))).isFalse();
        assertThat(Presence.subjectOf("srv.9.presence")).isEqualTo("srv.9.presence");
        assertThat(Presence.subjectOf("chat.room.1")).isEqualTo("presence.chat.room.1");
    }

    @Test
    void onlyTtlDeletionsOfPresenceItemsCountAsExpiries() {
        Optional<Member> expired = PresenceExpiry.expiredMember(removal("Service", PresenceExpiry.TTL_PRINCIPAL));
        assertThat(expired).hasValueSatisfying(m -> {
            assertThat(m.topic()).isEqualTo("srv.9.presence");
            assertThat(m.userId()).isEqualTo("7");
            assertThat(m.connectionId()).isEqualTo("c-1");
        });
        assertThat(PresenceExpiry.expiredMember(removal(null, null)))
                .as("a leave by unsub or $disconnect was announced by whoever deleted it")
                .isEmpty();
        DynamodbEvent.DynamodbStreamRecord insert = removal("Service", PresenceExpiry.TTL_PRINCIPAL);
        insert.setEventName("INSERT");
        assertThat(PresenceExpiry.expiredMember(insert)).isEmpty();
    }

    private static DynamodbEvent.DynamodbStreamRecord removal(String type, String principal) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("REMOVE");
        if (type != null) {
            record.setUserIdentity(new Identity().withType(type).withPrincipalId(principal));
        }
        StreamRecord dynamodb = new StreamRecord();
        dynamodb.setOldImage(Map.of(
                "topic", new AttributeValue().withS("srv.9.presence"),
                "connectionId", new AttributeValue().withS("c-1"),
                "userId", new AttributeValue().withS("7"),
                "joinedAt", new AttributeValue().withS("2026-11-30T09:00:00.000Z"),
                "expiresAt", new AttributeValue().withN("1795000000")));
        record.setDynamodb(dynamodb);
        return record;
    }
}
