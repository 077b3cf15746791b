package dev.antipop.local.health;

import dev.antipop.local.streams.DeliveryCounters;
import dev.antipop.local.streams.MappingLag;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The whole local cloud's health at one moment: what {@code GET /_local/health} serves ({@link HealthReport} writes it
 * as JSON) and what the console reads. Build it with {@code LocalCloud.health()}.
 *
 * @param generatedAt when it was measured
 * @param uptimeMillis milliseconds since the local cloud finished starting
 * @param endpoints every endpoint of the process, in start order
 * @param mappings every running event source mapping, in template order
 * @param chaos the chaos switch's settings and counts ({@code dev.antipop.local.chaos.Chaos#report()}); {@code null}
 *     while chaos is off
 */
public record Health(
        Instant generatedAt, long uptimeMillis, List<Endpoint> endpoints, List<Mapping> mappings, Object chaos) {

    /** Checks and copies. */
    public Health {
        Objects.requireNonNull(generatedAt, "generatedAt");
        endpoints = List.copyOf(endpoints);
        mappings = List.copyOf(mappings);
    }

    /** What an endpoint serves. */
    public enum Kind {
        /** An API Gateway HTTP API stage. */
        HTTP_API,
        /** An API Gateway WebSocket API stage (clients connect here). */
        WEBSOCKET_API,
        /** The {@code @connections} management API of a WebSocket API. */
        WEBSOCKET_MANAGEMENT,
        /** The DynamoDB and DynamoDB Streams APIs of the engine. */
        DYNAMODB;

        /** The name in JSON: {@code http-api}, {@code websocket-api}, {@code websocket-management}, {@code dynamodb}. */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One endpoint.
     *
     * @param kind what it serves
     * @param name the template's logical id of the API, or {@code DynamoDB} for the engine
     * @param url where it listens
     * @param connections open WebSocket connections, for a WebSocket API; {@code null} otherwise
     */
    public record Endpoint(Kind kind, String name, String url, Integer connections) {
        /** Checks. */
        public Endpoint {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * One event source mapping.
     *
     * @param name {@code <function logical id>.<event name>}
     * @param function the function's name
     * @param streamArn the stream it reads
     * @param startingPosition {@code TRIM_HORIZON} or {@code LATEST}
     * @param batchSize {@code BatchSize}
     * @param lag how far it is behind, or {@code null} when the stream could not be read just now
     * @param counters what its deliveries have done so far
     */
    public record Mapping(
            String name,
            String function,
            String streamArn,
            String startingPosition,
            int batchSize,
            MappingLag lag,
            DeliveryCounters.Snapshot counters) {
        /** Checks. */
        public Mapping {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(counters, "counters");
        }
    }
}
