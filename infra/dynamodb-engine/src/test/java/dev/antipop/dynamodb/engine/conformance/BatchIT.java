package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem and BatchGetItem. */
class BatchIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);

    @Test
    void writesAndReadsAcrossTables() {
        String one = Sdk.table(client, "batch1", false);
        String two = Sdk.table(client, "batch2", true);
        client.putItem(b -> b.tableName(one).item(Map.of("pk", s("gone"))));
        List<WriteRequest> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int v = i;
            first.add(WriteRequest.builder()
                    .putRequest(p -> p.item(Map.of("pk", s("k" + v), "v", n(v))))
                    .build());
        }
        first.add(WriteRequest.builder()
                .deleteRequest(d -> d.key(Map.of("pk", s("gone"))))
                .build());
        var written = client.batchWriteItem(b -> b.requestItems(Map.of(
                        one,
                        first,
                        two,
                        List.of(WriteRequest.builder()
                                .putRequest(p -> p.item(Map.of("pk", s("x"), "sk", s("y"))))
                                .build())))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(written.unprocessedItems()).isEmpty();
        assertThat(written.consumedCapacity()).hasSize(2);
        assertThat(client.scan(b -> b.tableName(one)).count()).isEqualTo(20);

        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(Map.of("pk", s("k" + i)));
        }
        var read = client.batchGetItem(b -> b.requestItems(Map.of(
                one,
                KeysAndAttributes.builder().keys(keys).projectionExpression("v").build(),
                two,
                KeysAndAttributes.builder()
                        .keys(Map.of("pk", s("x"), "sk", s("y")))
                        .consistentRead(true)
                        .build())));
        assertThat(read.responses().get(one))
                .hasSize(20)
                .allSatisfy(i -> assertThat(i).containsOnlyKeys("v"));
        assertThat(read.responses().get(two)).hasSize(1);
        assertThat(read.unprocessedKeys()).isEmpty();
    }

    @Test
    void responsesOverSixteenMegabytesLeaveUnprocessedKeys() {
        String table = Sdk.table(client, "big", false);
        String payload = "q".repeat(390 * 1024);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int v = i;
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s("b" + v), "v", s(payload))));
            keys.add(Map.of("pk", s("b" + v)));
        }
        var first = client.batchGetItem(b -> b.requestItems(
                Map.of(table, KeysAndAttributes.builder().keys(keys).build())));
        int got = first.responses().get(table).size();
        assertThat(got).isLessThan(50).isGreaterThanOrEqualTo(42);
        assertThat(first.unprocessedKeys().get(table).keys()).hasSize(50 - got);
        var second = client.batchGetItem(b -> b.requestItems(first.unprocessedKeys()));
        assertThat(second.responses().get(table)).hasSize(50 - got);
    }
}
