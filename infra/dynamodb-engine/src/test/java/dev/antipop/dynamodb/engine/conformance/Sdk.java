package dev.antipop.dynamodb.engine.conformance;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Test helpers: an SDK v2 client for an engine endpoint (no retries, so errors surface at once), and value makers. */
public final class Sdk {

    private Sdk() {}

    /** A DynamoDbClient on {@code endpoint} with dummy credentials, us-east-1, the URL-connection HTTP client. */
    public static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A client on the extension's engine. */
    public static DynamoDbClient client(DynamoDbEngineExtension engine) {
        return client(engine.endpoint());
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Creates an on-demand table with a string partition key {@code pk} and, when {@code sortKey}, a string {@code sk}. */
    public static String table(DynamoDbClient client, String prefix, boolean sortKey) {
        String name = DynamoDbEngineExtension.uniqueTableName(prefix);
        CreateTableRequest.Builder request =
                CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
        if (sortKey) {
            request.attributeDefinitions(
                            definition("pk", ScalarAttributeType.S), definition("sk", ScalarAttributeType.S))
                    .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
        } else {
            request.attributeDefinitions(definition("pk", ScalarAttributeType.S))
                    .keySchema(key("pk", KeyType.HASH));
        }
        client.createTable(request.build());
        return name;
    }

    public static AttributeDefinition definition(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    public static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
