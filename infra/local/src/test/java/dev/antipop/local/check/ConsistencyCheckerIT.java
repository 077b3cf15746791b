package dev.antipop.local.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.identity.IdentityContext;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.runtime.context.Contexts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The checker on hand-written tables: a consistent store passes, and each broken invariant is named with its ids. */
class ConsistencyCheckerIT {

    private static final String STACK = "s";

    private EmbeddedDynamoDb engine;
    private DynamoDbClient client;
    private ConsistencyChecker checker;

    @BeforeEach
    void start() {
        engine = EmbeddedDynamoDb.start("127.0.0.1", 0, null, "us-east-1", false);
        client = engine.client();
        table("IdentityEventsTable", "stream", ScalarAttributeType.S, "version", ScalarAttributeType.N);
        table("IdempotencyTable", "key", ScalarAttributeType.S, null, null);
        table("UniquesTable", "key", ScalarAttributeType.S, null, null);
        table("PositionsTable", "stream", ScalarAttributeType.S, "reader", ScalarAttributeType.S);
        table("UsersTable", "userId", ScalarAttributeType.S, null, null);
        checker = new ConsistencyChecker(client, new Contexts(List.of(IdentityContext.DESCRIPTOR)), STACK);
        // user-1: two events of one command with a clientMutationId, acknowledged, projected, claimed.
        event("user-1", 1, "e1", "c1", "u1", "m1", null);
        event("user-1", 2, "e2", "c1", "u1", "m1", null);
        put(
                "IdempotencyTable",
                Map.of(
                        "key", s("u1#m1"),
                        "result",
                                s("{\"commandId\":\"c1\",\"stream\":\"user-1\",\"firstVersion\":1,\"lastVersion\":2,"
                                        + "\"eventIds\":[\"e1\",\"e2\"]}")));
        put("UniquesTable", Map.of("key", s("email#a@example.com"), "stream", s("user-1")));
        put("UsersTable", Map.of("userId", s("1"), "version", n(2)));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aConsistentStoreHasNoViolationAndAProcessorBehindIsALag() {
        CheckReport before = checker.check(false);
        position("user-1", 2);
        CheckReport after = checker.check(true);

        assertThat(before.violations()).isEmpty();
        assertThat(before.positionLags()).containsExactly(new Lag("user-1", processor(), 0, 2));
        assertThat(checker.check(true).violations()).isEmpty();
        assertThat(after.ok()).isTrue();
        assertThat(after.settled()).isTrue();
        assertThat(after.events()).isEqualTo(2);
        assertThat(after.acknowledged()).isEqualTo(1);
        assertThat(after.viewItems()).isEqualTo(1);
    }

    @Test
    void eachBrokenInvariantIsNamedWithItsIds() {
        event("user-2", 1, "e3", "c2", "u2", null, null);
        event("user-2", 3, "e4", "c3", "u2", null, null); // version 2 is missing
        event("user-3", 1, "e5", "c4", "u1", "m1", null); // m1 again, from another command
        event("user-4", 1, "e6", "c5", null, null, "{\"sourceEventId\":\"e1\",\"userId\":\"9\"}");
        event("user-5", 1, "e7", "c6", null, null, "{\"sourceEventId\":\"e1\",\"userId\":\"9\"}");
        put(
                "IdempotencyTable",
                Map.of(
                        "key", s("u3#m9"),
                        "result",
                                s("{\"commandId\":\"c9\",\"stream\":\"user-9\",\"firstVersion\":1,\"lastVersion\":1,"
                                        + "\"eventIds\":[\"e99\"]}")));
        put("UniquesTable", Map.of("key", s("email#b@example.com"), "stream", s("user-77")));
        position("user-1", 5);
        put("UsersTable", Map.of("userId", s("5"), "version", n(4)));

        CheckReport report = checker.check(true);

        assertThat(report.violations())
                .extracting(Violation::kind)
                .contains(
                        Violation.Kind.VERSION_GAP,
                        Violation.Kind.ACKNOWLEDGED_EVENT_MISSING,
                        Violation.Kind.MUTATION_EFFECT_DUPLICATED,
                        Violation.Kind.POLICY_EFFECT_DUPLICATED,
                        Violation.Kind.ORPHAN_CLAIM,
                        Violation.Kind.POSITION_AHEAD,
                        Violation.Kind.VIEW_AHEAD,
                        Violation.Kind.NOT_SETTLED);
        assertThat(report.violations())
                .anySatisfy(v -> assertThat(v.ids()).isEqualTo("user-2:2"))
                .anySatisfy(v -> assertThat(v.ids()).contains("u3#m9", "e99"))
                .anySatisfy(v -> assertThat(v.ids()).isEqualTo("clientMutationId u1#m1"))
                .anySatisfy(v -> assertThat(v.ids()).contains("source e1", "user 9"))
                .anySatisfy(v -> assertThat(v.ids()).isEqualTo("claim email#b@example.com"))
                .anySatisfy(v -> assertThat(v.ids()).contains("UsersTable/5", "user-5:4"));
        assertThat(report.ok()).isFalse();
    }

    private String processor() {
        return IdentityContext.DESCRIPTOR.processor();
    }

    private void position(String stream, long version) {
        put("PositionsTable", Map.of("stream", s(stream), "reader", s(processor()), "version", n(version)));
    }

    private void event(
            String stream, long version, String id, String command, String user, String mutation, String data) {
        StringBuilder meta = new StringBuilder("{\"causationId\":\"" + command + "\"");
        if (user != null) {
            meta.append(",\"userId\":\"").append(user).append('"');
        }
        if (mutation != null) {
            meta.append(",\"clientMutationId\":\"").append(mutation).append('"');
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("stream", s(stream));
        item.put("version", n(version));
        item.put("eventId", s(id));
        item.put("type", s("identity.test_happened"));
        item.put("data", s(data == null ? "{}" : data));
        item.put("meta", s(meta.append('}').toString()));
        put("IdentityEventsTable", item);
    }

    private void table(
            String logicalId, String hash, ScalarAttributeType hashType, String range, ScalarAttributeType rangeType) {
        client.createTable(r -> {
            r.tableName(STACK + "-" + logicalId).billingMode(BillingMode.PAY_PER_REQUEST);
            if (range == null) {
                r.attributeDefinitions(a -> a.attributeName(hash).attributeType(hashType))
                        .keySchema(k -> k.attributeName(hash).keyType(KeyType.HASH));
            } else {
                r.attributeDefinitions(
                                a -> a.attributeName(hash).attributeType(hashType),
                                a -> a.attributeName(range).attributeType(rangeType))
                        .keySchema(
                                k -> k.attributeName(hash).keyType(KeyType.HASH),
                                k -> k.attributeName(range).keyType(KeyType.RANGE));
            }
        });
    }

    private void put(String logicalId, Map<String, AttributeValue> item) {
        client.putItem(r -> r.tableName(STACK + "-" + logicalId).item(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
