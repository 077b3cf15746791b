package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems and TransactGetItems. */
class TransactionsIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);
    private String table;

    @BeforeEach
    void table() {
        table = Sdk.table(client, "tx", false);
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "balance", n(10))));
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("b"), "balance", n(0))));
    }

    private long balance(String pk) {
        return Long.parseLong(client.getItem(
                        b -> b.tableName(table).key(Map.of("pk", s(pk))).consistentRead(true))
                .item()
                .get("balance")
                .n());
    }

    private TransactWriteItem move(String pk, long delta, String condition) {
        Map<String, AttributeValue> values =
                condition.contains(":min") ? Map.of(":d", n(delta), ":min", n(-delta)) : Map.of(":d", n(delta));
        return TransactWriteItem.builder()
                .update(u -> u.tableName(table)
                        .key(Map.of("pk", s(pk)))
                        .updateExpression("SET balance = balance + :d")
                        .conditionExpression(condition)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                .build();
    }

    @Test
    void allWritesApplyTogether() {
        var answer = client.transactWriteItems(b -> b.transactItems(
                        move("a", -4, "balance >= :min"),
                        move("b", 4, "balance >= :min OR attribute_exists(pk)"),
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(table).item(Map.of("pk", s("log"), "n", n(1))))
                                .build(),
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(table)
                                        .key(Map.of("pk", s("missing")))
                                        .conditionExpression("attribute_not_exists(pk)"))
                                .build())
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(balance("a")).isEqualTo(6);
        assertThat(balance("b")).isEqualTo(4);
        assertThat(answer.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo(table);
            assertThat(c.capacityUnits()).isEqualTo(8.0);
        });
    }

    @Test
    void aFailedConditionCancelsEverythingWithReasonsInOrder() {
        assertThatThrownBy(() -> client.transactWriteItems(
                        b -> b.transactItems(move("b", 5, "attribute_exists(pk)"), move("a", -11, "balance >= :min"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("Transaction cancelled, please refer cancellation reasons for specific reasons"
                                    + " [None, ConditionalCheckFailed]");
                    assertThat(e.cancellationReasons()).hasSize(2);
                    assertThat(e.cancellationReasons().get(0).code()).isEqualTo("None");
                    assertThat(e.cancellationReasons().get(1).code()).isEqualTo("ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(1).message()).isEqualTo("The conditional request failed");
                    assertThat(e.cancellationReasons().get(1).item()).containsEntry("balance", n(10));
                });
        assertThat(balance("a")).isEqualTo(10);
        assertThat(balance("b")).isEqualTo(0);
    }

    @Test
    void aClientRequestTokenMakesTheCallIdempotent() {
        client.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(move("a", -1, "balance >= :min")));
        client.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(move("a", -1, "balance >= :min")));
        assertThat(balance("a")).isEqualTo(9);
        assertThatThrownBy(() -> client.transactWriteItems(
                        b -> b.clientRequestToken("token-1").transactItems(move("a", -2, "balance >= :min"))))
                .isInstanceOf(IdempotentParameterMismatchException.class);
        assertThat(balance("a")).isEqualTo(9);
    }

    @Test
    void transactGetReadsEveryItemWithProjections() {
        var answer = client.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(Map.of("pk", s("a"))).projectionExpression("balance"))
                        .build(),
                TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(Map.of("pk", s("none"))))
                        .build(),
                TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(Map.of("pk", s("b"))))
                        .build()));
        assertThat(answer.responses()).hasSize(3);
        assertThat(answer.responses().get(0).item()).isEqualTo(Map.of("balance", n(10)));
        assertThat(answer.responses().get(1).hasItem()).isFalse();
        assertThat(answer.responses().get(2).item()).containsEntry("pk", s("b"));
    }

    @Test
    void atMostOneHundredItems() {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            Map<String, AttributeValue> item = Map.of("pk", s("many-" + i));
            items.add(TransactWriteItem.builder()
                    .put(p -> p.tableName(table).item(item))
                    .build());
        }
        assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(items)))
                .hasMessageContaining("Member must have length less than or equal to 100");
        client.transactWriteItems(b -> b.transactItems(items.subList(0, 100)));
        assertThat(client.scan(b -> b.tableName(table)).count()).isEqualTo(102);
    }
}
