package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class NodeIdLeaseIT {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static AntipopTables dynamo;
    private static int tables;

    @BeforeAll
    static void openTables() {
        dynamo = AntipopTables.on(engine.endpoint());
    }

    @AfterAll
    static void closeClient() {
        dynamo.close();
    }

    private static String newTable() {
        String name = "leases-" + (++tables);
        dynamo.createKeyTable(name, "key");
        return name;
    }

    private static Map<String, AttributeValue> item(String table, int nodeId) {
        return dynamo.client()
                .getItem(r -> r.tableName(table).key(Map.of("key", AttributeValue.fromS("snowflake-node#" + nodeId))))
                .item();
    }

    @Test
    void twoAcquisitionsGetDifferentIds() {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);

        NodeIdLease a = NodeIdLease.acquire(dynamo.client(), table, "owner-a", TTL, clock, 7);
        NodeIdLease b = NodeIdLease.acquire(dynamo.client(), table, "owner-b", TTL, clock, 7);
        NodeIdLease c = NodeIdLease.acquire(dynamo.client(), table, "owner-c", TTL, clock);

        assertThat(a.nodeId()).isEqualTo(7);
        assertThat(b.nodeId()).isEqualTo(8);
        assertThat(Set.of(a.nodeId(), b.nodeId(), c.nodeId())).hasSize(3);
        assertThat(item(table, 7).get("owner").s()).isEqualTo("owner-a");
        assertThat(item(table, 7).get("expiresAt").n())
                .isEqualTo(Long.toString(T0.plus(TTL).getEpochSecond()));
        assertThat(a.expiresAt()).isEqualTo(T0.plus(TTL));
    }

    @Test
    void anExpiredLeaseIsReclaimedAndItsFormerOwnerCannotRenew() {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);
        NodeIdLease old = NodeIdLease.acquire(dynamo.client(), table, "owner-old", TTL, clock, 1023);

        clock.advance(TTL.plusSeconds(1));
        NodeIdLease fresh = NodeIdLease.acquire(dynamo.client(), table, "owner-new", TTL, clock, 1023);

        assertThat(fresh.nodeId()).isEqualTo(1023);
        assertThat(item(table, 1023).get("owner").s()).isEqualTo("owner-new");
        assertThatThrownBy(old::renew).isInstanceOf(IllegalStateException.class).hasMessageContaining("1023");
        old.release();
        assertThat(item(table, 1023).get("owner").s())
                .as("release by a former owner is a no-op")
                .isEqualTo("owner-new");
    }

    @Test
    void renewalKeepsTheIdAndReleaseFreesIt() {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);
        NodeIdLease lease = NodeIdLease.acquire(dynamo.client(), table, "owner-a", TTL, clock, 0);

        clock.advance(TTL.minusSeconds(10));
        lease.renew();
        clock.advance(Duration.ofSeconds(20)); // past the first expiry, inside the renewed one

        assertThat(lease.expiresAt()).isEqualTo(T0.plus(TTL).minusSeconds(10).plus(TTL));
        assertThat(NodeIdLease.acquire(dynamo.client(), table, "owner-b", TTL, clock, 0)
                        .nodeId())
                .isEqualTo(1);

        lease.release();
        assertThat(NodeIdLease.acquire(dynamo.client(), table, "owner-c", TTL, clock, 0)
                        .nodeId())
                .isZero();
    }

    @Test
    void wrapsAroundAndFailsWhenEveryIdIsHeld() {
        String table = newTable();
        MutableClock clock = new MutableClock(T0);
        String expiresAt = Long.toString(T0.plus(TTL).getEpochSecond());
        // Hold ids 0..1022 directly, 25 per BatchWriteItem, leaving only 1023 free.
        Set<Integer> held = new HashSet<>();
        for (int from = 0; from < 1023; from += 25) {
            java.util.List<WriteRequest> batch = new java.util.ArrayList<>();
            for (int n = from; n < Math.min(from + 25, 1023); n++) {
                held.add(n);
                batch.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(Map.of(
                                        "key", AttributeValue.fromS("snowflake-node#" + n),
                                        "owner", AttributeValue.fromS("other"),
                                        "expiresAt", AttributeValue.fromN(expiresAt)))
                                .build())
                        .build());
            }
            dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
        }

        NodeIdLease last = NodeIdLease.acquire(dynamo.client(), table, "me", TTL, clock, 500);

        assertThat(last.nodeId()).isEqualTo(1023);
        assertThat(held).doesNotContain(1023);
        assertThatThrownBy(() -> NodeIdLease.acquire(dynamo.client(), table, "too-many", TTL, clock, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1024");
    }
}
