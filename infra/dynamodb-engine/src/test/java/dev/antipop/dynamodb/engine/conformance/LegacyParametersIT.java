package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;

/** The legacy parameters (Expected, AttributesToGet, KeyConditions, QueryFilter, ScanFilter, AttributeUpdates) work. */
class LegacyParametersIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);

    @Test
    void legacyParametersWorkOnEveryOperation() {
        String table = Sdk.table(client, "legacy", true);
        client.putItem(b -> b.tableName(table)
                .item(Map.of("pk", s("p"), "sk", s("1"), "v", n(1)))
                .expected(Map.of(
                        "pk", ExpectedAttributeValue.builder().exists(false).build())));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s("p"), "sk", s("1")))
                        .expected(Map.of(
                                "pk",
                                ExpectedAttributeValue.builder().exists(false).build()))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("p"), "sk", s("2")))
                .attributeUpdates(Map.of(
                        "v",
                        AttributeValueUpdate.builder()
                                .action(AttributeAction.ADD)
                                .value(n(5))
                                .build())));
        assertThat(client.getItem(b -> b.tableName(table)
                                .key(Map.of("pk", s("p"), "sk", s("2")))
                                .attributesToGet("v"))
                        .item())
                .isEqualTo(Map.of("v", n(5)));
        var query = client.query(b -> b.tableName(table)
                .keyConditions(Map.of(
                        "pk",
                        Condition.builder()
                                .comparisonOperator(ComparisonOperator.EQ)
                                .attributeValueList(s("p"))
                                .build()))
                .queryFilter(Map.of(
                        "v",
                        Condition.builder()
                                .comparisonOperator(ComparisonOperator.GT)
                                .attributeValueList(n(2))
                                .build())));
        assertThat(query.items()).extracting(i -> i.get("sk").s()).containsExactly("2");
        assertThat(query.scannedCount()).isEqualTo(2);
        var scan = client.scan(b -> b.tableName(table)
                .scanFilter(Map.of(
                        "v",
                        Condition.builder()
                                .comparisonOperator(ComparisonOperator.LT)
                                .attributeValueList(n(2))
                                .build())));
        assertThat(scan.items()).extracting(i -> i.get("sk").s()).containsExactly("1");
    }
}
