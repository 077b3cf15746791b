package dev.antipop.dynamodb.engine.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.dynamodb.engine.Engine;
import org.junit.jupiter.api.Test;

/** A table definition survives JSON (what durable stores keep) unchanged. */
class TableDefinitionJsonTest {

    @Test
    void roundTripsEveryMember() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Engine engine = Engine.inMemory()) {
            engine.handle("CreateTable", json.readTree("""
                    {"TableName":"defs","BillingMode":"PROVISIONED",
                     "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6},
                     "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                       {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"B"},
                       {"AttributeName":"l","AttributeType":"S"}],
                     "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
                     "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                       "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b"]},
                       "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}],
                     "LocalSecondaryIndexes":[{"IndexName":"byL","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
                       {"AttributeName":"l","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
                     "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},
                     "Tags":[{"Key":"k","Value":"v"}],"SSESpecification":{"Enabled":true}}
                    """));
            engine.handle("UpdateTimeToLive", json.readTree("""
                    {"TableName":"defs","TimeToLiveSpecification":{"AttributeName":"exp","Enabled":true}}
                    """));
            TableDefinition definition = engine.tableDefinition("defs");
            TableDefinition back = TableDefinitionJson.read(
                    json.readTree(json.writeValueAsString(TableDefinitionJson.write(definition))));
            assertThat(back).isEqualTo(definition);
            assertThat(back.stream().latestStreamArn()).isNotNull();
            assertThat(back.timeToLive().attributeName()).isEqualTo("exp");
        }
    }

    @Test
    void aRestoredTableServesItsItemsAndIndexes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        TableDefinition definition;
        java.util.List<java.util.Map<String, dev.antipop.dynamodb.engine.value.AttributeValue>> items =
                new java.util.ArrayList<>();
        try (Engine engine = Engine.inMemory()) {
            engine.handle("CreateTable", json.readTree("""
                    {"TableName":"restore","BillingMode":"PAY_PER_REQUEST",
                     "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                       {"AttributeName":"g","AttributeType":"S"}],
                     "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
                     "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                       "Projection":{"ProjectionType":"ALL"}}]}
                    """));
            for (int i = 0; i < 3; i++) {
                engine.handle(
                        "PutItem",
                        json.readTree("{\"TableName\":\"restore\",\"Item\":{\"pk\":{\"S\":\"p" + i
                                + "\"},\"g\":{\"S\":\"x\"}}}"));
            }
            definition = engine.tableDefinition("restore");
            engine.catalog().get("restore").items().values().forEach(item -> items.add(item.attributes()));
        }
        try (Engine restored = Engine.inMemory()) {
            restored.restoreTable(TableDefinitionJson.read(TableDefinitionJson.write(definition)), items);
            var answer = restored.handle("Query", json.readTree("""
                    {"TableName":"restore","IndexName":"byG","KeyConditionExpression":"g = :g",
                     "ExpressionAttributeValues":{":g":{"S":"x"}}}
                    """));
            assertThat(answer.get("Count").asInt()).isEqualTo(3);
            var description = restored.handle("DescribeTable", json.readTree("{\"TableName\":\"restore\"}"));
            assertThat(description.at("/Table/ItemCount").asLong()).isEqualTo(3);
            assertThat(description.at("/Table/TableId").asText()).isEqualTo(definition.tableId());
        }
    }
}
