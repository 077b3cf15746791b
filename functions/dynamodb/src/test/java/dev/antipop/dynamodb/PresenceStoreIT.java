package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.PresenceStore.Member;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PresenceStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00.123456Z");

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static AntipopTables dynamo;
    private static final MutableClock clock = new MutableClock(T0);
    private static PresenceStore presence;

    @BeforeAll
    static void openTables() {
        dynamo = AntipopTables.on(engine.endpoint());
        dynamo.createPresenceTable("presence");
        presence = new PresenceStore(dynamo.client(), "presence", clock);
    }

    @AfterAll
    static void closeClient() {
        dynamo.close();
    }

    @Test
    void joinTellsWhetherTheMemberIsNewAndLeaveReturnsWhoLeft() {
        Member a = new Member("chat.room.1", "conn-a", "7", T0, T0.plusSeconds(7200));

        assertThat(presence.join(a)).isTrue();
        assertThat(presence.join(a)).isFalse();
        assertThat(presence.leave("chat.room.1", "conn-a")).contains(a);
        assertThat(presence.leave("chat.room.1", "conn-a")).isEmpty();
        assertThat(presence.members("chat.room.1")).isEmpty();
    }

    @Test
    void membersAreInJoinOrderWithoutExpiredOnesAndRoomsAreFoundByConnection() {
        Member late = new Member("chat.room.2", "conn-b", "8", T0.plusSeconds(5), T0.plusSeconds(7200));
        Member early = new Member("chat.room.2", "conn-c", "9", T0, T0.plusSeconds(7200));
        Member expired = new Member("chat.room.2", "conn-d", "10", T0.minusSeconds(9000), T0.minusSeconds(1));
        Member elsewhere = new Member("chat.room.3", "conn-b", "8", T0, T0.plusSeconds(7200));
        presence.join(late);
        presence.join(early);
        presence.join(expired);
        presence.join(elsewhere);

        assertThat(presence.members("chat.room.2")).containsExactly(early, late);
        assertThat(presence.findByConnection("conn-b")).containsExactlyInAnyOrder(late, elsewhere);
    }
}
