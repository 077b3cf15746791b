package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SubscriptionStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00.123Z");

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

    private static SubscriptionStore newStore() {
        String table = "subscriptions-" + (++tables);
        dynamo.createSubscriptionsTable(table);
        return new SubscriptionStore(dynamo.client(), table);
    }

    private static Subscription sub(String connectionId, String pattern) {
        return new Subscription(connectionId, "user-" + connectionId, SubjectPattern.parse(pattern), T0);
    }

    private static List<String> candidates(SubscriptionStore store, String subject) {
        return store.findCandidates(Subject.parse(subject)).stream()
                .map(s -> s.pattern().value() + "@" + s.connectionId())
                .toList();
    }

    @Test
    void findsEveryMatchingPatternThroughItsPrefix() {
        SubscriptionStore store = newStore();
        for (Subscription s : List.of(
                sub("c1", ">"),
                sub("c2", "*"),
                sub("c3", "chat.>"),
                sub("c4", "chat.*.messages"),
                sub("c5", "chat.room.42"),
                sub("c6", "chat.room.*"),
                sub("c7", "chat.room.43"),
                sub("c8", "user.7.>"),
                sub("c9", "*.room.>"),
                sub("c1", "chat.room.42"))) {
            store.put(s);
        }

        assertThat(candidates(store, "chat.room.42"))
                .containsExactlyInAnyOrder(
                        ">@c1", "chat.>@c3", "chat.room.42@c5", "chat.room.*@c6", "*.room.>@c9", "chat.room.42@c1");
        assertThat(candidates(store, "chat.lobby.messages"))
                .containsExactlyInAnyOrder(">@c1", "chat.>@c3", "chat.*.messages@c4");
        assertThat(candidates(store, "chat")).containsExactlyInAnyOrder(">@c1", "*@c2");
        assertThat(candidates(store, "user.7.events")).containsExactlyInAnyOrder(">@c1", "user.7.>@c8");
        assertThat(candidates(store, "user.8.events")).containsExactly(">@c1");
    }

    @Test
    void roundTripsAndStoresTheDesignedKeys() {
        SubscriptionStore store = newStore();
        Subscription s = sub("conn-1", "chat.*.messages");

        store.put(s);
        store.put(s); // subscribing twice is one subscription

        assertThat(store.findByConnection("conn-1")).containsExactly(s);
        Map<String, AttributeValue> item = dynamo.client()
                .getItem(r -> r.tableName("subscriptions-" + tables)
                        .key(Map.of(
                                "prefix", AttributeValue.fromS("chat"),
                                "sk", AttributeValue.fromS("chat.*.messages#conn-1"))))
                .item();
        assertThat(item.get("pattern").s()).isEqualTo("chat.*.messages");
        assertThat(item.get("userId").s()).isEqualTo("user-conn-1");
        assertThat(item.get("createdAt").s()).isEqualTo("2026-11-22T19:00:00.123Z");
    }

    @Test
    void deletesOneOrAllOfAConnectionsSubscriptions() {
        SubscriptionStore store = newStore();
        for (int i = 0; i < 60; i++) {
            store.put(sub("busy", "topic." + i + ".>"));
        }
        store.put(sub("busy", ">"));
        store.put(sub("calm", "topic.1.>"));

        store.delete("busy", SubjectPattern.parse(">"));
        assertThat(candidates(store, "topic.1.x")).containsExactlyInAnyOrder("topic.1.>@busy", "topic.1.>@calm");

        int deleted = store.deleteAllForConnection("busy");

        assertThat(deleted).isEqualTo(60);
        assertThat(store.findByConnection("busy")).isEmpty();
        assertThat(candidates(store, "topic.1.x")).containsExactly("topic.1.>@calm");
        assertThat(store.findByConnection("calm")).hasSize(1);
        assertThat(store.deleteAllForConnection("nobody")).isZero();
    }
}
