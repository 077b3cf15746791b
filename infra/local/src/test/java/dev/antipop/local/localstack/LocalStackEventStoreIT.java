package dev.antipop.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.store.AppendRequest;
import dev.antipop.core.store.IdempotencyKey;
import dev.antipop.core.store.WrongExpectedVersionException;
import dev.antipop.dynamodb.DynamoDbEventStore;
import dev.antipop.local.dynamodb.TableProvisioner;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.Template;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The other local target: the root template's tables on LocalStack (Testcontainers), and the event store's append
 * semantics against its DynamoDB. Skipped, and reported as skipped, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEventStoreIT {

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4"));

    @Test
    void theTemplateTablesAndTheEventStoreWorkOnLocalStack() {
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            List<TableDefinition> tables = Stack.of(
                            Template.read(Path.of("../../template.yaml")),
                            new Stack.Options(LOCALSTACK.getRegion(), "antipop-localstack", Map.of()))
                    .tables();
            new TableProvisioner(dynamoDb).provision(tables);
            String events = name(tables, "IdentityEventsTable");
            DynamoDbEventStore store = new DynamoDbEventStore(
                    dynamoDb,
                    events,
                    name(tables, "IdempotencyTable"),
                    name(tables, "UniquesTable"),
                    Duration.ofHours(24),
                    Clock.systemUTC());

            EventEnvelope first = envelope(1);
            store.append(new AppendRequest(
                    "cmd-1", "user-1", 0, List.of(first), IdempotencyKey.of("u", "cm-1"), List.of("email#a@b.c")));
            assertThat(store.read("user-1", 1))
                    .extracting(EventEnvelope::version)
                    .containsExactly(1L);
            assertThatThrownBy(() -> store.append(
                            new AppendRequest("cmd-2", "user-1", 0, List.of(envelope(1)), null, List.of())))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(store.findIdempotent(IdempotencyKey.of("u", "cm-1"))).isPresent();
        }
    }

    private static String name(List<TableDefinition> tables, String logicalId) {
        return tables.stream()
                .filter(t -> t.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow()
                .tableName();
    }

    private static EventEnvelope envelope(long version) {
        return new EventEnvelope(
                String.valueOf(1000 + version),
                "identity.user_profile_updated",
                "user-1",
                version,
                "user.1.events",
                Instant.parse("2026-11-22T19:00:00.123Z"),
                JsonNodeFactory.instance.objectNode().put("displayName", "V" + version),
                new EventMeta("1", "corr", "cmd", null));
    }
}
