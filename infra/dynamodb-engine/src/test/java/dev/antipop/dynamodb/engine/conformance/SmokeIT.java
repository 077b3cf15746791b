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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

class SmokeIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    @Test
    void putGetUpdateQueryDelete() {
        DynamoDbClient client = Sdk.client(engine);
        String table = Sdk.table(client, "smoke", true);
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "v", n(1))));
        client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("2"), "v", n(2))));
        assertThat(client.getItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", s("1"))))
                        .item())
                .containsEntry("v", n(1));
        var updated = client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("a"), "sk", s("1")))
                .updateExpression("SET v = v + :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(updated.attributes()).containsEntry("v", n(2));
        var query = client.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))
                .scanIndexForward(false));
        assertThat(query.items()).extracting(i -> i.get("sk").s()).containsExactly("2", "1");
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s("a"), "sk", s("1")))
                        .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", s("1"))));
        assertThat(client.scan(b -> b.tableName(table)).count()).isEqualTo(1);
    }
}
