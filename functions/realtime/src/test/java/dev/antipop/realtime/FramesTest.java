package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.PresenceStore.Member;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void ackAndResumeAck() {
        assertThat(Frames.ack("c1")).isEqualTo("{\"v\":1,\"op\":\"ack\",\"id\":\"c1\"}");
        assertThat(Frames.ack(null)).isEqualTo("{\"v\":1,\"op\":\"ack\"}");
        assertThat(Frames.ackReplayed("c1", 3))
                .isEqualTo("{\"v\":1,\"op\":\"ack\",\"id\":\"c1\",\"data\":{\"replayed\":3}}");
    }

    @Test
    void capUpdateListsTheEffectivePatterns() {
        assertThat(new String(Frames.capUpdate(List.of("user.7.>", "chat.room.*")), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"op\":\"cap_update\",\"data\":{\"subjects\":[\"user.7.>\",\"chat.room.*\"]}}");
    }

    @Test
    void presenceEventsRideTheRoomsPresenceSubject() {
        assertThat(new String(Frames.presenceEvent(Presence.JOINED, "7", "chat.room.42"), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"op\":\"event\",\"target\":\"presence.chat.room.42\",\"data\":"
                        + "{\"type\":\"presence.joined\",\"userId\":\"7\",\"topic\":\"chat.room.42\"}}");
        assertThat(new String(Frames.presenceEvent(Presence.LEFT, "7", "chat.room.42"), StandardCharsets.UTF_8))
                .contains("\"type\":\"presence.left\"");
    }

    @Test
    void presenceMembersInJoinOrder() {
        Instant t = Instant.parse("2026-11-22T19:00:00.123Z");
        String frame = Frames.presence(
                "c4",
                "chat.room.42",
                List.of(
                        new Member("chat.room.42", "a", "7", t, t.plusSeconds(7200)),
                        new Member("chat.room.42", "b", "8", t.plusSeconds(1), t.plusSeconds(7200))));

        assertThat(frame)
                .isEqualTo("{\"v\":1,\"op\":\"presence\",\"id\":\"c4\",\"target\":\"chat.room.42\",\"data\":"
                        + "{\"members\":[{\"userId\":\"7\",\"joinedAt\":\"2026-11-22T19:00:00.123Z\"},"
                        + "{\"userId\":\"8\",\"joinedAt\":\"2026-11-22T19:00:01.123Z\"}]}}");
        assertThat(Frames.presence(null, "chat.room.1", List.of()))
                .isEqualTo("{\"v\":1,\"op\":\"presence\",\"target\":\"chat.room.1\",\"data\":{\"members\":[]}}");
    }

    @Test
    void onlyLiteralRoomSubjectsHavePresence() {
        assertThat(Presence.isRoom(dev.antipop.core.subject.SubjectPattern.parse("chat.room.42")))
                .isTrue();
        assertThat(Presence.isRoom(dev.antipop.core.subject.SubjectPattern.parse("chat.room.*")))
                .isFalse();
        assertThat(Presence.isRoom(dev.antipop.core.subject.SubjectPattern.parse("chat.room.42.x")))
                .isFalse();
        assertThat(Presence.isRoom(dev.antipop.core.subject.SubjectPattern.parse("chat.lobby.42")))
                .isFalse();
    }
}
