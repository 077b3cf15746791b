package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.ConnectionStore.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConnectionStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00.123456Z");
    private static final String TABLE = "connections";

    private static DynamoDbLocalFixture dynamo;
    private static final MutableClock clock = new MutableClock(T0);
    private static ConnectionStore connections;

    @BeforeAll
    static void startDynamoDb() throws Exception {
        dynamo = DynamoDbLocalFixture.start();
        dynamo.createConnectionsTable(TABLE);
        connections = new ConnectionStore(dynamo.client(), TABLE, clock);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamo.close();
    }

    @Test
    void roundTripsAConnectionWithTheApiGatewayLimit() {
        Connection opened = Connection.opened("conn-1", "user-1", clock.instant());
        Connection withEndpoint = new Connection(
                "conn-2", "user-1", clock.instant(), clock.instant().plusSeconds(60), "abc.execute-api.local", "dev");

        connections.put(opened);
        connections.put(withEndpoint);

        assertThat(connections.get("conn-1")).contains(opened);
        assertThat(connections.get("conn-2")).contains(withEndpoint);
        assertThat(opened.expiresAt()).isEqualTo(Instant.parse("2026-11-22T21:00:00Z"));
        Map<String, AttributeValue> item = dynamo.client()
                .getItem(r -> r.tableName(TABLE).key(Map.of("connectionId", AttributeValue.fromS("conn-1"))))
                .item();
        assertThat(item.get("connectedAt").s()).isEqualTo("2026-11-22T19:00:00.123Z");
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(T0.getEpochSecond() + 7200));
        assertThat(item).doesNotContainKeys("domainName", "stage");
    }

    @Test
    void findsAUsersUnexpiredConnections() {
        Instant now = clock.instant();
        connections.put(Connection.opened("u2-a", "user-2", now));
        connections.put(Connection.opened("u2-b", "user-2", now));
        connections.put(new Connection("u2-old", "user-2", now.minus(Duration.ofHours(3)), now.minusSeconds(5)));
        connections.put(Connection.opened("u3-a", "user-3", now));

        assertThat(connections.findByUser("user-2"))
                .extracting(Connection::connectionId)
                .containsExactlyInAnyOrder("u2-a", "u2-b");
        assertThat(connections.get("u2-old")).isEmpty();
        assertThat(connections.findByUser("nobody")).isEmpty();
    }

    @Test
    void deleteIsIdempotent() {
        connections.put(Connection.opened("gone", "user-4", clock.instant()));

        connections.delete("gone");
        connections.delete("gone");

        assertThat(connections.get("gone")).isEmpty();
        assertThat(connections.findByUser("user-4")).isEmpty();
    }
}
