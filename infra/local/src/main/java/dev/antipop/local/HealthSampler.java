package dev.antipop.local;

import dev.antipop.local.health.Health;
import dev.antipop.local.streams.EventSourceMapping;
import dev.antipop.local.streams.MappingLag;
import dev.antipop.local.websocket.WebSocketApiEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/** Measures a started local cloud's {@link Health} (see {@link LocalCloud#health()}). */
final class HealthSampler {

    private static final Logger LOG = LoggerFactory.getLogger(HealthSampler.class);

    private HealthSampler() {}

    static Health sample(
            ApiPhase apis,
            StoragePhase storage,
            List<EventSourceMapping> mappings,
            Instant readyAt,
            java.util.Map<String, Object> chaos) {
        List<Health.Endpoint> endpoints = new ArrayList<>();
        for (LocalCloud.HttpApi api : apis.httpApis()) {
            endpoints.add(new Health.Endpoint(
                    Health.Kind.HTTP_API,
                    api.definition().logicalId(),
                    api.endpoint().toString(),
                    null));
        }
        for (int i = 0; i < apis.webSocketApis().size(); i++) {
            LocalCloud.WebSocketApi api = apis.webSocketApis().get(i);
            WebSocketApiEmulator emulator = apis.webSocketEmulators().get(i);
            String name = api.definition().logicalId();
            endpoints.add(new Health.Endpoint(
                    Health.Kind.WEBSOCKET_API, name, api.endpoint().toString(), emulator.connectionCount()));
            endpoints.add(new Health.Endpoint(
                    Health.Kind.WEBSOCKET_MANAGEMENT, name, api.managementEndpoint() + "/@connections", null));
        }
        endpoints.add(new Health.Endpoint(
                Health.Kind.DYNAMODB, "DynamoDB", storage.dynamoDb().endpoint().toString(), null));
        List<Health.Mapping> mappingHealth = new ArrayList<>();
        for (EventSourceMapping mapping : mappings) {
            MappingLag lag;
            try {
                lag = mapping.lag();
            } catch (SdkException e) {
                LOG.debug("lag of {} unknown: {}", mapping.settings().mappingName(), e.getMessage());
                lag = null;
            }
            mappingHealth.add(new Health.Mapping(
                    mapping.settings().mappingName(),
                    mapping.settings().functionName(),
                    mapping.settings().streamArn(),
                    mapping.settings().startingPosition().name(),
                    mapping.settings().batchSize(),
                    lag,
                    mapping.counters()));
        }
        Instant now = Instant.now();
        return new Health(now, Duration.between(readyAt, now).toMillis(), endpoints, mappingHealth, chaos);
    }
}
