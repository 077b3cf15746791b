package dev.antipop.dynamodb;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One SDK client for an Antipop DynamoDB engine ({@link dev.antipop.dynamodb.engine.DynamoDbEngineExtension}), and
 * the Antipop tables as DESIGN.md section 4 defines them. Open in {@code @BeforeAll}, {@link #close()} (the client) in
 * {@code @AfterAll}; the extension owns the server.
 */
final class AntipopTables implements AutoCloseable {

    private final DynamoDbClient client;
    private final URI endpoint;

    private AntipopTables(DynamoDbClient client, URI endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** A client for the engine at {@code endpoint}. */
    static AntipopTables on(URI endpoint) {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new AntipopTables(client, endpoint);
    }

    DynamoDbClient client() {
        return client;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Events table: PK {@code stream} S, SK {@code version} N. */
    void createEventsTable(String name) {
        createTable(
                name,
                List.of(
                        key("stream", ScalarAttributeType.S, KeyType.HASH),
                        key("version", ScalarAttributeType.N, KeyType.RANGE)),
                List.of());
    }

    /** Topic log: PK {@code partition} S, SK {@code seq} N. */
    void createTopicLogTable(String name) {
        createTable(
                name,
                List.of(
                        key(TopicLog.PARTITION, ScalarAttributeType.S, KeyType.HASH),
                        key(TopicLog.SEQ, ScalarAttributeType.N, KeyType.RANGE)),
                List.of());
    }

    /** A table with a single string partition key (idempotency, uniques, leases: {@code key}; views). */
    void createKeyTable(String name, String partitionKey) {
        createTable(name, List.of(key(partitionKey, ScalarAttributeType.S, KeyType.HASH)), List.of());
    }

    /** Connections: PK {@code connectionId}; GSI {@code byUser} on {@code userId}. */
    void createConnectionsTable(String name) {
        createTable(
                name,
                List.of(key("connectionId", ScalarAttributeType.S, KeyType.HASH)),
                List.of(gsi(ConnectionStore.BY_USER, key("userId", ScalarAttributeType.S, KeyType.HASH))));
    }

    /** Subscriptions: PK {@code prefix}, SK {@code sk}; GSI {@code byConnection} on {@code connectionId}, {@code sk}. */
    void createSubscriptionsTable(String name) {
        createTable(
                name,
                List.of(
                        key("prefix", ScalarAttributeType.S, KeyType.HASH),
                        key("sk", ScalarAttributeType.S, KeyType.RANGE)),
                List.of(gsi(
                        SubscriptionStore.BY_CONNECTION,
                        key("connectionId", ScalarAttributeType.S, KeyType.HASH),
                        key("sk", ScalarAttributeType.S, KeyType.RANGE))));
    }

    /** Presence: PK {@code topic}, SK {@code connectionId}; GSI {@code byConnection} on {@code connectionId}, {@code topic}. */
    void createPresenceTable(String name) {
        createTable(
                name,
                List.of(
                        key("topic", ScalarAttributeType.S, KeyType.HASH),
                        key("connectionId", ScalarAttributeType.S, KeyType.RANGE)),
                List.of(gsi(
                        PresenceStore.BY_CONNECTION,
                        key("connectionId", ScalarAttributeType.S, KeyType.HASH),
                        key("topic", ScalarAttributeType.S, KeyType.RANGE))));
    }

    @Override
    public void close() {
        client.close();
    }

    private record Key(String name, ScalarAttributeType type, KeyType keyType) {}

    private static Key key(String name, ScalarAttributeType type, KeyType keyType) {
        return new Key(name, type, keyType);
    }

    private record Gsi(String name, List<Key> keys) {}

    private static Gsi gsi(String name, Key... keys) {
        return new Gsi(name, List.of(keys));
    }

    private void createTable(String name, List<Key> keys, List<Gsi> indexes) {
        List<AttributeDefinition> definitions = new ArrayList<>();
        List<String> defined = new ArrayList<>();
        List<Key> all = new ArrayList<>(keys);
        indexes.forEach(index -> all.addAll(index.keys()));
        for (Key key : all) {
            if (!defined.contains(key.name())) {
                defined.add(key.name());
                definitions.add(AttributeDefinition.builder()
                        .attributeName(key.name())
                        .attributeType(key.type())
                        .build());
            }
        }
        client.createTable(r -> {
            r.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(definitions)
                    .keySchema(schema(keys));
            if (!indexes.isEmpty()) {
                r.globalSecondaryIndexes(indexes.stream()
                        .map(index -> GlobalSecondaryIndex.builder()
                                .indexName(index.name())
                                .keySchema(schema(index.keys()))
                                .projection(Projection.builder()
                                        .projectionType(ProjectionType.ALL)
                                        .build())
                                .build())
                        .toList());
            }
        });
    }

    private static List<KeySchemaElement> schema(List<Key> keys) {
        return keys.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(k.name())
                        .keyType(k.keyType())
                        .build())
                .toList();
    }
}
