package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.definition;
import static dev.antipop.dynamodb.engine.conformance.Sdk.key;
import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One case per validation rule: the request, the SDK exception type it must raise, and the message DynamoDB gives
 * (API reference and the service's answers).
 */
class ValidationIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    static DynamoDbClient client;
    static String hashOnly;
    static String withSort;

    @BeforeAll
    static void tables() {
        client = Sdk.client(engine);
        hashOnly = Sdk.table(client, "val-h", false);
        withSort = DynamoDbEngineExtension.uniqueTableName("val-s");
        client.createTable(b -> b.tableName(withSort)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        definition("pk", ScalarAttributeType.S),
                        definition("sk", ScalarAttributeType.S),
                        definition("g", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName("byG")
                        .keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    }

    record Case(String rule, Consumer<DynamoDbClient> call, Class<? extends DynamoDbException> type, String message) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static Case rule(
            String rule, Consumer<DynamoDbClient> call, Class<? extends DynamoDbException> type, String message) {
        return new Case(rule, call, type, message);
    }

    private static Case invalid(String rule, Consumer<DynamoDbClient> call, String message) {
        return rule(rule, call, DynamoDbException.class, message);
    }

    static Stream<Arguments> cases() {
        String big = "x".repeat(400 * 1024);
        List<Case> cases = new ArrayList<>();
        cases.add(invalid(
                "table name too short",
                c -> c.describeTable(b -> b.tableName("ab")),
                "Member must have length greater than or equal to 3"));
        cases.add(invalid(
                "table name characters",
                c -> c.createTable(b -> b.tableName("bad name!")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(definition("pk", ScalarAttributeType.S))
                        .keySchema(key("pk", KeyType.HASH))),
                "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
        cases.add(invalid(
                "key attribute not defined",
                c -> c.createTable(b -> b.tableName("undefined-key")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(definition("other", ScalarAttributeType.S))
                        .keySchema(key("pk", KeyType.HASH))),
                "Some index key attributes are not defined in AttributeDefinitions"));
        cases.add(invalid(
                "unused attribute definition",
                c -> c.createTable(b -> b.tableName("unused-def")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                definition("pk", ScalarAttributeType.S), definition("x", ScalarAttributeType.S))
                        .keySchema(key("pk", KeyType.HASH))),
                "Number of attributes in KeySchema does not exactly match number of attributes defined in"
                        + " AttributeDefinitions"));
        cases.add(invalid(
                "first key element not HASH",
                c -> c.createTable(b -> b.tableName("range-first")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(definition("pk", ScalarAttributeType.S))
                        .keySchema(key("pk", KeyType.RANGE))),
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"));
        cases.add(invalid(
                "key type not S, N or B",
                c -> c.createTable(b -> b.tableName("bool-key")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName("pk")
                                .attributeType("BOOL")
                                .build())
                        .keySchema(key("pk", KeyType.HASH))),
                "Member must satisfy enum value set: [B, N, S]"));
        cases.add(invalid(
                "provisioned without throughput",
                c -> c.createTable(b -> b.tableName("no-throughput")
                        .attributeDefinitions(definition("pk", ScalarAttributeType.S))
                        .keySchema(key("pk", KeyType.HASH))),
                "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"));
        cases.add(invalid(
                "missing key in item",
                c -> c.putItem(b -> b.tableName(hashOnly).item(Map.of("x", s("1")))),
                "One or more parameter values were invalid: Missing the key pk in the item"));
        cases.add(invalid(
                "key type mismatch",
                c -> c.putItem(b -> b.tableName(hashOnly).item(Map.of("pk", n(1)))),
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"));
        cases.add(invalid(
                "empty string key",
                c -> c.putItem(b -> b.tableName(hashOnly).item(Map.of("pk", s("")))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an"
                        + " empty string value. Key: pk"));
        cases.add(invalid(
                "key with extra attributes",
                c -> c.getItem(b -> b.tableName(hashOnly).key(Map.of("pk", s("a"), "x", s("b")))),
                "The provided key element does not match the schema"));
        cases.add(invalid(
                "key without sort key",
                c -> c.deleteItem(b -> b.tableName(withSort).key(Map.of("pk", s("a")))),
                "The provided key element does not match the schema"));
        cases.add(invalid(
                "item over 400 KB",
                c -> c.putItem(b -> b.tableName(hashOnly).item(Map.of("pk", s("a"), "big", s(big)))),
                "Item size has exceeded the maximum allowed size"));
        cases.add(invalid(
                "partition key over 2048 bytes",
                c -> c.putItem(b -> b.tableName(hashOnly).item(Map.of("pk", s("k".repeat(2049))))),
                "Size of hashkey has exceeded the maximum size limit of2048 bytes"));
        cases.add(invalid(
                "sort key over 1024 bytes",
                c -> c.putItem(b -> b.tableName(withSort).item(Map.of("pk", s("a"), "sk", s("k".repeat(1025))))),
                "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"));
        cases.add(invalid(
                "index key type mismatch",
                c -> c.putItem(b -> b.tableName(withSort).item(Map.of("pk", s("a"), "sk", s("b"), "g", n(1)))),
                "Type mismatch for Index Key g Expected: S Actual: N IndexName: byG"));
        cases.add(invalid(
                "consistent read on a GSI",
                c -> c.query(b -> b.tableName(withSort)
                        .indexName("byG")
                        .consistentRead(true)
                        .keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", s("x")))),
                "Consistent reads are not supported on global secondary indexes"));
        cases.add(invalid(
                "ALL_ATTRIBUTES on a KEYS_ONLY GSI",
                c -> c.query(b -> b.tableName(withSort)
                        .indexName("byG")
                        .select(Select.ALL_ATTRIBUTES)
                        .keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", s("x")))),
                "Select type ALL_ATTRIBUTES is not supported for global secondary index byG"));
        cases.add(invalid(
                "unknown index",
                c -> c.query(b -> b.tableName(withSort)
                        .indexName("nope")
                        .keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", s("x")))),
                "The table does not have the specified index: nope"));
        cases.add(invalid(
                "query without key condition",
                c -> c.query(b -> b.tableName(withSort)),
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."));
        cases.add(invalid(
                "limit below one",
                c -> c.scan(b -> b.tableName(withSort).limit(0)),
                "Member must have value greater than or equal to 1"));
        cases.add(invalid(
                "segment not below total segments",
                c -> c.scan(b -> b.tableName(withSort).segment(2).totalSegments(2)),
                "The Segment parameter is zero-based and must be less than parameter TotalSegments"));
        cases.add(invalid(
                "mixing legacy and expression parameters",
                c -> c.getItem(b -> b.tableName(hashOnly)
                        .key(Map.of("pk", s("a")))
                        .attributesToGet("x")
                        .projectionExpression("x")),
                "Can not use both expression and non-expression parameters in the same request: Non-expression"
                        + " parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"));
        cases.add(invalid(
                "expression values without expressions",
                c -> c.putItem(b -> b.tableName(hashOnly)
                        .item(Map.of("pk", s("a")))
                        .expressionAttributeValues(Map.of(":v", s("x")))),
                "ExpressionAttributeValues can only be specified when using expressions"));
        cases.add(invalid(
                "PutItem return values other than NONE or ALL_OLD",
                c -> c.putItem(
                        b -> b.tableName(hashOnly).item(Map.of("pk", s("a"))).returnValues(ReturnValue.ALL_NEW)),
                "Return values set to invalid value"));
        cases.add(invalid(
                "updating a key attribute",
                c -> c.updateItem(b -> b.tableName(hashOnly)
                        .key(Map.of("pk", s("a")))
                        .updateExpression("SET pk = :v")
                        .expressionAttributeValues(Map.of(":v", s("b")))),
                "Cannot update attribute pk. This attribute is part of the key"));
        cases.add(invalid(
                "empty string set",
                c -> c.putItem(b -> b.tableName(hashOnly)
                        .item(Map.of(
                                "pk",
                                s("a"),
                                "set",
                                AttributeValue.builder().ss(List.of()).build()))),
                "may not be empty"));
        cases.add(invalid(
                "two transaction operations on one item",
                c -> c.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(hashOnly).item(Map.of("pk", s("t"))))
                                .build(),
                        TransactWriteItem.builder()
                                .delete(d -> d.tableName(hashOnly).key(Map.of("pk", s("t"))))
                                .build())),
                "Transaction request cannot include multiple operations on one item"));
        cases.add(invalid(
                "more than 25 batch writes",
                c -> {
                    List<WriteRequest> writes = new ArrayList<>();
                    for (int i = 0; i < 26; i++) {
                        writes.add(WriteRequest.builder()
                                .putRequest(PutRequest.builder()
                                        .item(Map.of("pk", s("b" + i)))
                                        .build())
                                .build());
                    }
                    c.batchWriteItem(b -> b.requestItems(Map.of(hashOnly, writes)));
                },
                "Member must have length less than or equal to 25"));
        cases.add(invalid(
                "duplicate batch writes",
                c -> c.batchWriteItem(b -> b.requestItems(Map.of(
                        hashOnly,
                        List.of(
                                WriteRequest.builder()
                                        .putRequest(p -> p.item(Map.of("pk", s("d"))))
                                        .build(),
                                WriteRequest.builder()
                                        .deleteRequest(d -> d.key(Map.of("pk", s("d"))))
                                        .build())))),
                "Provided list of item keys contains duplicates"));
        cases.add(invalid(
                "more than 100 batch get keys",
                c -> {
                    List<Map<String, AttributeValue>> keys = new ArrayList<>();
                    for (int i = 0; i < 101; i++) {
                        keys.add(Map.of("pk", s("g" + i)));
                    }
                    c.batchGetItem(b -> b.requestItems(Map.of(
                            hashOnly, KeysAndAttributes.builder().keys(keys).build())));
                },
                "Too many items requested for the BatchGetItem call"));
        cases.add(invalid(
                "number with more than 38 digits",
                c -> c.putItem(b -> b.tableName(hashOnly)
                        .item(Map.of("pk", s("a"), "n", n("1234567890123456789012345678901234567890")))),
                "Attempting to store more than 38 significant digits in a Number"));
        Map<String, AttributeValue> deep = new HashMap<>();
        AttributeValue nested = s("leaf");
        for (int i = 0; i < 40; i++) {
            nested = AttributeValue.fromL(List.of(nested));
        }
        deep.put("pk", s("deep"));
        deep.put("d", nested);
        cases.add(invalid(
                "documents nested over 32 levels",
                c -> c.putItem(b -> b.tableName(hashOnly).item(deep)),
                "Nesting Levels have exceeded supported limits"));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersTheDocumentedError(Case c) {
        assertThatThrownBy(() -> c.call().accept(client))
                .isInstanceOf(c.type())
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(
                                ((DynamoDbException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"))
                .hasMessageContaining(c.message());
    }
}
