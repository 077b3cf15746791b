package dev.antipop.dynamodb.engine.conformance;

import static dev.antipop.dynamodb.engine.conformance.Sdk.definition;
import static dev.antipop.dynamodb.engine.conformance.Sdk.key;
import static dev.antipop.dynamodb.engine.conformance.Sdk.n;
import static dev.antipop.dynamodb.engine.conformance.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import dev.antipop.dynamodb.engine.DynamoDbServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable, TTL and tags through the SDK. */
class ControlPlaneIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private final DynamoDbClient client = Sdk.client(engine);

    private static CreateTableRequest fullTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        definition("pk", ScalarAttributeType.S),
                        definition("sk", ScalarAttributeType.N),
                        definition("gpk", ScalarAttributeType.S),
                        definition("lsk", ScalarAttributeType.B))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("byG")
                        .keySchema(key("gpk", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("x")
                                .build())
                        .build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder()
                        .indexName("byL")
                        .keySchema(key("pk", KeyType.HASH), key("lsk", KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.KEYS_ONLY)
                                .build())
                        .build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tags(Tag.builder().key("team").value("core").build())
                .sseSpecification(s -> s.enabled(true))
                .build();
    }

    @Test
    void createAndDescribeShowTheFullDescription() {
        String name = DynamoDbEngineExtension.uniqueTableName("full");
        TableDescription created = client.createTable(fullTable(name)).tableDescription();
        assertThat(created.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        client.putItem(b -> b.tableName(name).item(Map.of("pk", s("a"), "sk", n(1), "gpk", s("g"), "x", s("y"))));
        client.putItem(b -> b.tableName(name).item(Map.of("pk", s("a"), "sk", n(2))));

        TableDescription d = client.describeTable(b -> b.tableName(name)).table();
        assertThat(d.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/" + name);
        assertThat(d.tableId()).matches("[0-9a-f-]{36}");
        assertThat(d.creationDateTime())
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(d.itemCount()).isEqualTo(2);
        assertThat(d.tableSizeBytes()).isPositive();
        assertThat(d.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(d.keySchema()).containsExactly(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
        assertThat(d.attributeDefinitions()).hasSize(4);
        assertThat(d.globalSecondaryIndexes()).singleElement().satisfies(g -> {
            assertThat(g.indexName()).isEqualTo("byG");
            assertThat(g.indexStatusAsString()).isEqualTo("ACTIVE");
            assertThat(g.indexArn()).isEqualTo(d.tableArn() + "/index/byG");
            assertThat(g.itemCount()).isEqualTo(1);
            assertThat(g.projection().nonKeyAttributes()).containsExactly("x");
        });
        assertThat(d.localSecondaryIndexes()).singleElement().satisfies(l -> {
            assertThat(l.indexArn()).isEqualTo(d.tableArn() + "/index/byL");
            assertThat(l.itemCount()).isZero();
        });
        assertThat(d.streamSpecification().streamEnabled()).isTrue();
        assertThat(d.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(d.latestStreamArn()).isEqualTo(d.tableArn() + "/stream/" + d.latestStreamLabel());
        assertThat(d.latestStreamLabel()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(d.sseDescription().statusAsString()).isEqualTo("ENABLED");
        assertThat(client.listTagsOfResource(b -> b.resourceArn(d.tableArn())).tags())
                .containsExactly(Tag.builder().key("team").value("core").build());
    }

    @Test
    void createTwiceIsResourceInUse() {
        String name = DynamoDbEngineExtension.uniqueTableName("twice");
        client.createTable(fullTable(name));
        assertThatThrownBy(() -> client.createTable(fullTable(name)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Table already exists: " + name);
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName("missing-table")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: Table: missing-table not found");
        assertThatThrownBy(() ->
                        client.getItem(b -> b.tableName("missing-table").key(Map.of("pk", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found");
        assertThatThrownBy(() -> client.updateTimeToLive(b -> b.tableName("missing-table")
                        .timeToLiveSpecification(t -> t.attributeName("x").enabled(true))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: Table: missing-table not found");
    }

    @Test
    void listTablesPages() {
        try (DynamoDbServer server = DynamoDbServer.builder().port(0).start();
                DynamoDbClient own = Sdk.client(server.endpoint())) {
            List<String> names = List.of("t-a", "t-b", "t-c", "t-d", "t-e");
            for (String name : List.of("t-c", "t-a", "t-e", "t-b", "t-d")) {
                Sdk.table(own, name, false);
            }
            List<String> seen = new ArrayList<>();
            String start = null;
            int pages = 0;
            do {
                String from = start;
                var page = own.listTables(b -> b.limit(2).exclusiveStartTableName(from));
                seen.addAll(page.tableNames());
                start = page.lastEvaluatedTableName();
                pages++;
            } while (start != null);
            assertThat(seen).hasSize(5).isSorted();
            assertThat(seen).allMatch(n -> names.stream().anyMatch(n::startsWith));
            assertThat(pages).isEqualTo(3);
            assertThat(own.listTables().tableNames()).hasSize(5);
        }
    }

    @Test
    void deleteAnswersDeletingThenTheTableIsGone() {
        String name = Sdk.table(client, "del", false);
        TableDescription d = client.deleteTable(b -> b.tableName(name)).tableDescription();
        assertThat(d.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.deleteTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateTableEnablesAndDisablesTheStreamAndAddsAndDropsIndexes() {
        String name = Sdk.table(client, "upd", true);
        for (int i = 0; i < 5; i++) {
            int v = i;
            client.putItem(b -> b.tableName(name)
                    .item(Map.of("pk", s("p" + v), "sk", s("s"), "g", s(v % 2 == 0 ? "even" : "odd"))));
        }
        TableDescription enabled = client.updateTable(b -> b.tableName(name)
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription();
        assertThat(enabled.latestStreamArn()).isNotNull();
        TableDescription disabled = client.updateTable(
                        b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(false)))
                .tableDescription();
        assertThat(disabled.streamSpecification()).isNull();
        assertThat(disabled.latestStreamArn()).isEqualTo(enabled.latestStreamArn());

        client.updateTable(b -> b.tableName(name)
                .attributeDefinitions(definition("g", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byG")
                        .keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))));
        var even = client.query(b -> b.tableName(name)
                .indexName("byG")
                .keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("even"))));
        assertThat(even.count()).isEqualTo(3);
        assertThat(client.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes())
                .singleElement()
                .satisfies(g -> assertThat(g.itemCount()).isEqualTo(5));

        client.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byG"))));
        TableDescription after = client.describeTable(b -> b.tableName(name)).table();
        assertThat(after.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(after.attributeDefinitions())
                .extracting(a -> a.attributeName())
                .containsExactly("pk", "sk");
    }

    @Test
    void timeToLiveIsStoredAndDescribed() {
        String name = Sdk.table(client, "ttl", false);
        assertThat(client.describeTimeToLive(b -> b.tableName(name))
                        .timeToLiveDescription()
                        .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        var answer = client.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
        assertThat(answer.timeToLiveSpecification().attributeName()).isEqualTo("expires");
        var description = client.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
        assertThat(description.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(description.attributeName()).isEqualTo("expires");
        assertThat(engine.engine().tableDefinition(name).timeToLive().attributeName())
                .isEqualTo("expires");
    }

    @Test
    void ttlDeletionGoesThroughTheWritePath() {
        String name = Sdk.table(client, "ttldel", false);
        client.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName("exp").enabled(true)));
        client.putItem(b -> b.tableName(name).item(Map.of("pk", s("old"), "exp", n(1000))));
        client.putItem(b -> b.tableName(name).item(Map.of("pk", s("new"), "exp", n(4_000_000_000L))));
        Instant now = Instant.ofEpochSecond(2000);
        assertThat(engine.engine()
                        .deleteExpiredItem(
                                name, Map.of("pk", new dev.antipop.dynamodb.engine.value.AttributeValue.S("old")), now))
                .isTrue();
        assertThat(engine.engine()
                        .deleteExpiredItem(
                                name, Map.of("pk", new dev.antipop.dynamodb.engine.value.AttributeValue.S("new")), now))
                .isFalse();
        assertThat(client.scan(b -> b.tableName(name)).items())
                .extracting(i -> i.get("pk").s())
                .containsExactly("new");
    }

    @Test
    void tagsCanBeAddedListedAndRemoved() {
        String name = Sdk.table(client, "tags", false);
        String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
        client.tagResource(b -> b.resourceArn(arn)
                .tags(
                        Tag.builder().key("a").value("1").build(),
                        Tag.builder().key("b").value("2").build()));
        client.untagResource(b -> b.resourceArn(arn).tagKeys("a"));
        assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("b").value("2").build());
        assertThatThrownBy(() -> client.listTagsOfResource(b -> b.resourceArn(arn + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aTableStaysCreatingForTheConfiguredDelay() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T06:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (DynamoDbServer server = DynamoDbServer.builder()
                        .port(0)
                        .clock(clock)
                        .tableCreationDelay(Duration.ofSeconds(5))
                        .start();
                DynamoDbClient own = Sdk.client(server.endpoint())) {
            String name = Sdk.table(own, "slow", false);
            assertThat(own.describeTable(b -> b.tableName(name)).table().tableStatus())
                    .isEqualTo(TableStatus.CREATING);
            assertThatThrownBy(() -> own.putItem(b -> b.tableName(name).item(Map.of("pk", s("a")))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> own.deleteTable(b -> b.tableName(name)))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageContaining("Table is being created: " + name);
            now.set(now.get().plusSeconds(5));
            assertThat(own.describeTable(b -> b.tableName(name)).table().tableStatus())
                    .isEqualTo(TableStatus.ACTIVE);
            own.putItem(b -> b.tableName(name).item(Map.of("pk", s("a"))));
        }
    }
}
