package dev.antipop.local.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.streams.DeliveryCounters;
import dev.antipop.local.streams.MappingLag;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Health health() {
        return new Health(
                Instant.parse("2026-11-30T08:00:00Z"),
                1234,
                List.of(
                        new Health.Endpoint(Health.Kind.HTTP_API, "HttpApi", "http://127.0.0.1:3000", null),
                        new Health.Endpoint(Health.Kind.WEBSOCKET_API, "WebSocketApi", "ws://127.0.0.1:3001/dev", 2),
                        new Health.Endpoint(
                                Health.Kind.WEBSOCKET_MANAGEMENT,
                                "WebSocketApi",
                                "http://127.0.0.1:3001/dev/@connections",
                                null),
                        new Health.Endpoint(Health.Kind.DYNAMODB, "DynamoDB", "http://127.0.0.1:8000", null)),
                List.of(
                        new Health.Mapping(
                                "FanOut.Events",
                                "FanOut",
                                "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x",
                                "LATEST",
                                100,
                                new MappingLag(7, false, 2500),
                                new DeliveryCounters.Snapshot(9, 8, 40, 2, 1, 3)),
                        new Health.Mapping(
                                "Views.Events",
                                "Views",
                                "arn:s",
                                "TRIM_HORIZON",
                                10,
                                null,
                                new DeliveryCounters.Snapshot(0, 0, 0, 0, 0, 0))),
                null);
    }

    @Test
    void theReportCarriesEveryEndpointMappingLagCountersAndANullChaos() throws Exception {
        JsonNode root = JSON.readTree(HealthReport.json(health()));

        assertThat(root.get("generatedAt").asText()).isEqualTo("2026-11-30T08:00:00Z");
        assertThat(root.get("uptimeMs").asLong()).isEqualTo(1234);
        assertThat(root.get("endpoints").findValuesAsText("kind"))
                .containsExactly("http-api", "websocket-api", "websocket-management", "dynamodb");
        assertThat(root.at("/endpoints/1/connections").asInt()).isEqualTo(2);
        assertThat(root.at("/endpoints/0").has("connections")).isFalse();
        assertThat(root.at("/endpoints/3/url").asText()).isEqualTo("http://127.0.0.1:8000");

        JsonNode fanOut = root.at("/mappings/0");
        assertThat(fanOut.get("name").asText()).isEqualTo("FanOut.Events");
        assertThat(fanOut.get("startingPosition").asText()).isEqualTo("LATEST");
        assertThat(fanOut.get("batchSize").asInt()).isEqualTo(100);
        assertThat(fanOut.at("/lag/recordsBehind").asLong()).isEqualTo(7);
        assertThat(fanOut.at("/lag/recordsBehindCapped").asBoolean()).isFalse();
        assertThat(fanOut.at("/lag/oldestRecordAgeMs").asLong()).isEqualTo(2500);
        assertThat(fanOut.at("/counters/invocations").asLong()).isEqualTo(9);
        assertThat(fanOut.at("/counters/batchesDelivered").asLong()).isEqualTo(8);
        assertThat(fanOut.at("/counters/recordsDelivered").asLong()).isEqualTo(40);
        assertThat(fanOut.at("/counters/failures").asLong()).isEqualTo(2);
        assertThat(fanOut.at("/counters/retries").asLong()).isEqualTo(1);
        assertThat(fanOut.at("/counters/skippedRecords").asLong()).isEqualTo(3);
        assertThat(root.at("/mappings/1/lag").isNull()).as("lag unknown").isTrue();
        assertThat(root.has("chaos")).isTrue();
        assertThat(root.get("chaos").isNull()).isTrue();
    }

    @Test
    void chaosSettingsAreWrittenAsGiven() throws Exception {
        Health base = health();
        Health withChaos = new Health(
                base.generatedAt(),
                base.uptimeMillis(),
                base.endpoints(),
                base.mappings(),
                java.util.Map.of("seed", 42));

        assertThat(JSON.readTree(HealthReport.json(withChaos)).at("/chaos/seed").asInt())
                .isEqualTo(42);
    }
}
