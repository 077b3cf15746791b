package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** PutItem, GetItem, UpdateItem, DeleteItem: values, conditions, return values, consumed capacity. */
class ItemsIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);
    private String table;

    @BeforeEach
    void table() {
        table = Sdk.table(client, "items", false);
    }

    private Map<String, AttributeValue> get(String pk) {
        return client.getItem(b -> b.tableName(table).key(Map.of("pk", s(pk))).consistentRead(true))
                .item();
    }

    @Test
    void everyDataTypeRoundTrips() {
        Map<String, AttributeValue> item = Map.ofEntries(
                Map.entry("pk", s("all")),
                Map.entry("s", s("")),
                Map.entry("n", n("0012.3400")),
                Map.entry("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xff}))),
                Map.entry("bool", AttributeValue.fromBool(true)),
                Map.entry("null", AttributeValue.fromNul(true)),
                Map.entry("m", AttributeValue.fromM(Map.of("x", s("y")))),
                Map.entry("l", AttributeValue.fromL(List.of(n(1), s("two")))),
                Map.entry("ss", AttributeValue.fromSs(List.of("b", "a"))),
                Map.entry("ns", AttributeValue.fromNs(List.of("10", "2"))),
                Map.entry("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1})))));
        client.putItem(b -> b.tableName(table).item(item));
        Map<String, AttributeValue> read = get("all");
        assertThat(read.get("n")).isEqualTo(n("12.34"));
        assertThat(read.get("s")).isEqualTo(s(""));
        assertThat(read.get("b").b().asByteArray()).containsExactly(0, 0xff);
        assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("10", "2");
        assertThat(read.get("m")).isEqualTo(item.get("m"));
        assertThat(read.get("l")).isEqualTo(item.get("l"));
        assertThat(read.get("null").nul()).isTrue();
        assertThat(read.get("bool").bool()).isTrue();
        assertThat(read).hasSize(11);
    }

    @Test
    void putReturnsTheOldItemAndChecksConditions() {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(1))));
        var answer = client.putItem(b -> b.tableName(table)
                .item(Map.of("pk", s("a"), "v", n(2)))
                .conditionExpression("v = :one")
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(answer.attributes()).containsEntry("v", n(1));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s("a"), "v", n(3)))
                        .conditionExpression("v = :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.item()).containsEntry("v", n(2));
                    assertThat(e.getMessage()).contains("The conditional request failed");
                });
        assertThat(get("a")).containsEntry("v", n(2));
    }

    @Test
    void updateEveryReturnValuesMode() {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("u"), "a", n(1), "b", s("keep"))));
        var updatedOld = client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("u")))
                .updateExpression("SET a = a + :one")
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertThat(updatedOld.attributes()).isEqualTo(Map.of("a", n(1)));
        var updatedNew = client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("u")))
                .updateExpression("SET a = a + :one")
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertThat(updatedNew.attributes()).isEqualTo(Map.of("a", n(3)));
        var allOld = client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("u")))
                .updateExpression("REMOVE b")
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(allOld.attributes()).containsEntry("b", s("keep")).containsEntry("a", n(3));
        var allNew = client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("u")))
                .updateExpression("ADD c :one")
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(allNew.attributes()).isEqualTo(Map.of("pk", s("u"), "a", n(3), "c", n(1)));
        var none = client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("u")))
                .updateExpression("ADD c :one")
                .expressionAttributeValues(Map.of(":one", n(1))));
        assertThat(none.hasAttributes()).isFalse();
    }

    @Test
    void updateCreatesAMissingItemUnlessTheConditionFails() {
        client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("new")))
                .updateExpression("SET v = if_not_exists(v, :zero)")
                .expressionAttributeValues(Map.of(":zero", n(0))));
        assertThat(get("new")).isEqualTo(Map.of("pk", s("new"), "v", n(0)));
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(table)
                        .key(Map.of("pk", s("none")))
                        .updateExpression("SET v = :zero")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":zero", n(0)))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get("none")).isEmpty();
    }

    @Test
    void deleteReturnsTheOldItemAndChecksConditions() {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("d"), "v", n(1))));
        assertThatThrownBy(() -> client.deleteItem(b -> b.tableName(table)
                        .key(Map.of("pk", s("d")))
                        .conditionExpression("v = :two")
                        .expressionAttributeValues(Map.of(":two", n(2)))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        var deleted = client.deleteItem(
                b -> b.tableName(table).key(Map.of("pk", s("d"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes()).containsEntry("v", n(1));
        assertThat(get("d")).isEmpty();
        var again = client.deleteItem(
                b -> b.tableName(table).key(Map.of("pk", s("d"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(again.hasAttributes()).isFalse();
    }

    @Test
    void projectionExpressionSelectsAttributes() {
        client.putItem(b -> b.tableName(table)
                .item(Map.of("pk", s("p"), "a", n(1), "m", AttributeValue.fromM(Map.of("x", n(1), "y", n(2))))));
        var item = client.getItem(b -> b.tableName(table)
                        .key(Map.of("pk", s("p")))
                        .projectionExpression("a, #m.y")
                        .expressionAttributeNames(Map.of("#m", "m")))
                .item();
        assertThat(item).isEqualTo(Map.of("a", n(1), "m", AttributeValue.fromM(Map.of("y", n(2)))));
    }

    @Test
    void consumedCapacityFollowsTheDocumentedUnits() {
        String kb = "x".repeat(1500);
        var put = client.putItem(b -> b.tableName(table)
                .item(Map.of("pk", s("c"), "v", s(kb)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(put.consumedCapacity().tableName()).isEqualTo(table);
        var eventually = client.getItem(
                b -> b.tableName(table).key(Map.of("pk", s("c"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(eventually.consumedCapacity().capacityUnits()).isEqualTo(0.5);
        var strongly = client.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s("c")))
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertThat(strongly.consumedCapacity().capacityUnits()).isEqualTo(1.0);
        assertThat(strongly.consumedCapacity().table().capacityUnits()).isEqualTo(1.0);
        var small = client.putItem(b ->
                b.tableName(table).item(Map.of("pk", s("c"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(small.consumedCapacity().capacityUnits())
                .as("the larger of the old and new item counts")
                .isEqualTo(2.0);
        var none = client.putItem(b -> b.tableName(table).item(Map.of("pk", s("c"))));
        assertThat(none.consumedCapacity()).isNull();
    }

    @Test
    void anItemOfExactly400KbIsAccepted() {
        // names "pk" (2) and "b" (1) plus the key value "a" (1): 4 bytes; the string fills the rest of 400 KB.
        String fill = "y".repeat(400 * 1024 - 4);
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "b", s(fill))));
        assertThat(get("a").get("b").s()).hasSize(fill.length());
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "b", s(fill + "z")))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
    }

    @Test
    void aTableArnWorksWhereATableNameDoes() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + table;
        client.putItem(b -> b.tableName(arn).item(Map.of("pk", s("arn"))));
        assertThat(get("arn")).isEqualTo(Map.of("pk", s("arn")));
        assertThat(client.describeTable(b -> b.tableName(arn)).table().tableName())
                .isEqualTo(table);
    }
}
