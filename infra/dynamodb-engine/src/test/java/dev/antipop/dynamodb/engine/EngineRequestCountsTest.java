package dev.antipop.dynamodb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EngineRequestCountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void countsEachOperationItAnswersFailuresIncludedButNotUnknownNames() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            engine.handle(
                    "CreateTable",
                    json("{\"TableName\":\"Things\",\"BillingMode\":\"PAY_PER_REQUEST\","
                            + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                            + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}"));
            engine.handle("PutItem", json("{\"TableName\":\"Things\",\"Item\":{\"pk\":{\"S\":\"a\"}}}"));
            engine.handle("GetItem", json("{\"TableName\":\"Things\",\"Key\":{\"pk\":{\"S\":\"a\"}}}"));
            assertThatThrownBy(() -> engine.handle("GetItem", json("{\"TableName\":\"Missing\",\"Key\":{}}")))
                    .isInstanceOf(DynamoDbException.class);
            assertThatThrownBy(() -> engine.handle("NoSuchOperation", json("{}")))
                    .isInstanceOf(DynamoDbException.class);
            assertThatThrownBy(() -> engine.handleStreams("Invented", (ObjectNode) json("{}")))
                    .isInstanceOf(DynamoDbException.class);
            engine.handleStreams("ListStreams", (ObjectNode) json("{}"));

            assertThat(engine.requestCounts())
                    .containsExactly(
                            java.util.Map.entry("CreateTable", 1L),
                            java.util.Map.entry("GetItem", 2L),
                            java.util.Map.entry("ListStreams", 1L),
                            java.util.Map.entry("PutItem", 1L));
        }
    }
}
