package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.limit.TokenBucket;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConnectionStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00.123456Z");
    private static final String TABLE = "connections";

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static AntipopTables dynamo;
    private static final MutableClock clock = new MutableClock(T0);
    private static ConnectionStore connections;

    @BeforeAll
    static void openTables() {
        dynamo = AntipopTables.on(engine.endpoint());
        dynamo.createConnectionsTable(TABLE);
        connections = new ConnectionStore(dynamo.client(), TABLE, clock);
    }

    @AfterAll
    static void closeClient() {
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
    void aConnectionAndItsSubscriptionAreWrittenInOneRequestBothOrNeither() {
        dynamo.createSubscriptionsTable("subscriptions");
        SubscriptionStore subscriptions = new SubscriptionStore(dynamo.client(), "subscriptions");
        Connection opened = Connection.opened("conn-tx", "user-9", clock.instant());
        var subscription = new SubscriptionStore.Subscription(
                "conn-tx", "user-9", SubjectPattern.parse("user.user-9.>"), clock.instant());

        connections.putWithSubscription(opened, subscriptions, subscription);

        assertThat(connections.get("conn-tx")).contains(opened);
        assertThat(subscriptions.findByConnection("conn-tx")).containsExactly(subscription);

        // A subscription table that does not exist fails the request: the connection is not written either.
        SubscriptionStore missing = new SubscriptionStore(dynamo.client(), "no-such-table");
        Connection other = Connection.opened("conn-tx-2", "user-9", clock.instant());
        assertThatThrownBy(() -> connections.putWithSubscription(
                        other,
                        missing,
                        new SubscriptionStore.Subscription(
                                "conn-tx-2", "user-9", SubjectPattern.parse("user.user-9.>"), clock.instant())))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class);
        assertThat(connections.get("conn-tx-2")).isEmpty();
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

    @Test
    void rolesChangeAsSetOperationsAndOnlyOnStoredConnections() {
        connections.put(Connection.opened("roles-1", "user-5", clock.instant()).withRoles(Set.of("moderator")));

        assertThat(connections.addRole("roles-1", "admin").orElseThrow().roles())
                .containsExactly("admin", "moderator");
        assertThat(connections.addRole("roles-1", "admin").orElseThrow().roles())
                .containsExactly("admin", "moderator");
        assertThat(connections.removeRole("roles-1", "moderator").orElseThrow().roles())
                .containsExactly("admin");
        assertThat(connections.removeRole("roles-1", "admin").orElseThrow().roles())
                .isEmpty();
        assertThat(connections.get("roles-1").orElseThrow().roles()).isEmpty();
        assertThat(connections.addRole("no-such-connection", "admin")).isEmpty();
        assertThat(connections.get("no-such-connection")).isEmpty();
    }

    @Test
    void countsConsecutivePostFailuresUntilCleared() {
        connections.put(Connection.opened("flaky-1", "user-6", clock.instant()));

        assertThat(connections.recordPostFailure("flaky-1")).isEqualTo(1);
        assertThat(connections.recordPostFailure("flaky-1")).isEqualTo(2);
        assertThat(connections.get("flaky-1").orElseThrow().postFailures()).isEqualTo(2);
        connections.clearPostFailures("flaky-1");
        assertThat(connections.get("flaky-1").orElseThrow().postFailures()).isZero();
        assertThat(connections.recordPostFailure("unknown-1")).isZero();
    }

    @Test
    void getAllReadsManyConnectionsInBatchesAndSkipsUnknownOnes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            connections.put(Connection.opened("batch-" + i, "user-7", clock.instant()));
            ids.add("batch-" + i);
        }
        ids.add("batch-missing");

        Map<String, Connection> found = connections.getAll(ids);

        assertThat(found).hasSize(130).containsKey("batch-129").doesNotContainKey("batch-missing");
    }

    @Test
    void admitTakesTokensUntilTheBucketIsEmpty() {
        connections.put(Connection.opened("bucket-1", "user-8", clock.instant()));
        TokenBucket bucket = new TokenBucket(1, 3);

        assertThat(connections.admit("bucket-1", bucket).admitted()).isTrue();
        assertThat(connections.admit("bucket-1", bucket).admitted()).isTrue();
        assertThat(connections.admit("bucket-1", bucket).admitted()).isTrue();
        ConnectionStore.Admission refused = connections.admit("bucket-1", bucket);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.known()).isTrue();
        assertThat(refused.retryAfterMillis()).isEqualTo(1000);
        assertThat(connections.admit("unknown-2", bucket).known()).isFalse();
    }
}
