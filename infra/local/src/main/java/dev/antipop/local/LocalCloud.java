package dev.antipop.local;

import dev.antipop.local.console.Console;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.health.Health;
import dev.antipop.local.health.HealthReport;
import dev.antipop.local.http.HttpApiEmulator;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.streams.EventSourceMapping;
import dev.antipop.local.streams.OnFailureRecord;
import dev.antipop.local.streams.RetryBackoff;
import dev.antipop.local.template.DeploymentFacts;
import dev.antipop.local.template.FunctionDefinition;
import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.WebSocketApiDefinition;
import dev.antipop.local.websocket.WebSocketApiEmulator;
import dev.antipop.local.websocket.WebSocketLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud: everything a SAM {@code template.yaml} declares, running in this JVM. {@link #start(Options)} reads
 * the template, starts the DynamoDB engine and creates the tables, starts one HTTP API emulator per HTTP API and one
 * WebSocket API emulator per WebSocket API, creates the functions with the environment the template gives them, and
 * starts the DynamoDB Streams event source mappings. {@link #close()} stops everything in reverse order.
 *
 * <p><b>Function environment.</b> Each function gets {@code Globals.Function} and its own {@code Environment.Variables}
 * (resolved, endpoints of the template's APIs rewritten to the local ones), Lambda's reserved variables
 * ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code AWS_LAMBDA_FUNCTION_NAME},
 * {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, {@code AWS_LAMBDA_FUNCTION_VERSION}, {@code AWS_LAMBDA_LOG_GROUP_NAME},
 * {@code AWS_EXECUTION_ENV}) and {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}. Because
 * functions share this JVM, the AWS SDK v2 clients they build read the endpoints from JVM system properties, set once
 * here (and restored on close): {@code aws.endpointUrlDynamoDb} and {@code aws.endpointUrlDynamoDbStreams} (the names
 * the SDK's generated {@code DefaultDynamoDbBaseClientBuilder} / {@code DefaultDynamoDbStreamsBaseClientBuilder} read),
 * {@code aws.region}, dummy {@code aws.accessKeyId}/{@code aws.secretAccessKey} when unset, and
 * {@code org.springframework.boot.logging.LoggingSystem=none} so that each function's Spring context leaves this
 * process's logging alone. The global {@code AWS_ENDPOINT_URL} / {@code aws.endpointUrl} is deliberately not set: it
 * would send every other service's client (the WebSocket management API's, for one) to the DynamoDB engine.
 *
 * <p><b>Ports.</b> The first HTTP API listens on {@link Options#httpPort()}, the first WebSocket API on
 * {@link Options#webSocketPort()}; further APIs of the same kind on the next ports (or ephemeral ones when the port is
 * 0).
 *
 * <p><b>Start phases</b>, one object each: {@link DeploymentPlan} (template read and resolved), {@link StoragePhase}
 * (engine and tables), {@link ApiPhase} (emulators), {@link FunctionPhase} (functions bound to the routes) and
 * {@link MappingPhase} (stream mappings).
 */
public final class LocalCloud implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCloud.class);

    /** Where every HTTP API's port serves {@link #health()} as JSON (outside any stage; local only). */
    public static final String HEALTH_PATH = "/_local/health";

    /**
     * How to run the local cloud.
     *
     * @param template the SAM template
     * @param parameterOverrides template parameter values ({@code --parameter-overrides K=V})
     * @param bindHost the interface every server listens on ({@code 127.0.0.1})
     * @param dynamoDbPort the DynamoDB engine's port (8000; 0 = ephemeral)
     * @param httpPort the first HTTP API's port (3000; 0 = ephemeral)
     * @param webSocketPort the first WebSocket API's port (3001; 0 = ephemeral)
     * @param dbPath a directory for the DynamoDB engine's data, or {@code null} for in-memory
     * @param region {@code AWS::Region} and the functions' {@code AWS_REGION}
     * @param stackName {@code AWS::StackName}
     * @param webSocketLimits the WebSocket limits (API Gateway's by default; tests shorten them)
     * @param streamPollInterval the stream pollers' fallback interval (writes wake them earlier)
     * @param retryBackoff waits between retries of a failed stream batch
     * @param console whether the first HTTP API's port also serves the console at {@code /_local/} (local only; never
     *     part of the template)
     */
    public record Options(
            Path template,
            Map<String, String> parameterOverrides,
            String bindHost,
            int dynamoDbPort,
            int httpPort,
            int webSocketPort,
            Path dbPath,
            String region,
            String stackName,
            WebSocketLimits webSocketLimits,
            Duration streamPollInterval,
            RetryBackoff retryBackoff,
            boolean console) {

        public Options {
            Objects.requireNonNull(template, "template");
            parameterOverrides = Map.copyOf(parameterOverrides);
            Objects.requireNonNull(bindHost, "bindHost");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(stackName, "stackName");
            Objects.requireNonNull(webSocketLimits, "webSocketLimits");
            Objects.requireNonNull(streamPollInterval, "streamPollInterval");
            Objects.requireNonNull(retryBackoff, "retryBackoff");
        }

        /**
         * The defaults: 127.0.0.1, ports 8000 / 3000 / 3001, in-memory, us-east-1, stack {@code antipop-local}, the
         * console on.
         */
        public static Options defaults(Path template) {
            return new Options(
                    template,
                    Map.of(),
                    "127.0.0.1",
                    8000,
                    3000,
                    3001,
                    null,
                    "us-east-1",
                    "antipop-local",
                    WebSocketLimits.apiGatewayDefaults(),
                    Duration.ofMillis(500),
                    RetryBackoff.localDefault(),
                    true);
        }

        /** A builder starting from the defaults. */
        public static LocalCloudOptionsBuilder builder(Path template) {
            return defaults(template).toBuilder();
        }

        /** A builder starting from these options. */
        public LocalCloudOptionsBuilder toBuilder() {
            return new LocalCloudOptionsBuilder(this);
        }

        /** A copy with every port ephemeral (for tests and benchmarks). */
        public Options withEphemeralPorts() {
            return toBuilder().ephemeralPorts().build();
        }

        /** A copy with other ports. */
        public Options withPorts(int dynamoDb, int http, int webSocket) {
            return toBuilder()
                    .dynamoDbPort(dynamoDb)
                    .httpPort(http)
                    .webSocketPort(webSocket)
                    .build();
        }

        /** A copy with other parameter overrides. */
        public Options withParameterOverrides(Map<String, String> overrides) {
            return toBuilder().parameterOverrides(overrides).build();
        }

        /** A copy with other WebSocket limits. */
        public Options withWebSocketLimits(WebSocketLimits limits) {
            return toBuilder().webSocketLimits(limits).build();
        }

        /** A copy with another host, database path and region. */
        public Options with(String host, Path databasePath, String awsRegion) {
            return toBuilder()
                    .bindHost(host)
                    .dbPath(databasePath)
                    .region(awsRegion)
                    .build();
        }
    }

    /**
     * A started HTTP API.
     *
     * @param definition what the template declares
     * @param endpoint {@code http://<host>:<port>} (plus {@code /<stage>} for a named stage)
     */
    public record HttpApi(HttpApiDefinition definition, URI endpoint) {}

    /**
     * A started WebSocket API.
     *
     * @param definition what the template declares
     * @param endpoint {@code ws://<host>:<port>/<stage>}: where clients connect
     * @param managementEndpoint {@code http://<host>:<port>/<stage>}: the {@code @connections} API's endpoint
     */
    public record WebSocketApi(WebSocketApiDefinition definition, URI endpoint, URI managementEndpoint) {}

    private final Options options;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final SystemProperties systemProperties = new SystemProperties();
    private final List<OnFailureRecord> onFailureRecords = new CopyOnWriteArrayList<>();
    private Stack stack;
    private List<TableDefinition> tables = List.of();
    private StoragePhase storage;
    private ApiPhase apis;
    private Map<String, LocalFunction> functions = Map.of();
    private List<EventSourceMapping> mappings = List.of();
    private Duration startDuration;
    private Console console;
    private Instant readyAt;

    private LocalCloud(Options options) {
        this.options = options;
    }

    /**
     * Starts everything the template declares.
     *
     * @throws dev.antipop.local.template.TemplateException for a template mistake (one line naming resource and field)
     * @throws LocalCloudException for a port in use, a handler or start class that is not on the classpath, or
     *     anything else that stops the start; whatever had started is stopped again
     */
    public static LocalCloud start(Options options) {
        LocalCloud cloud = new LocalCloud(options);
        try {
            cloud.startAll();
            return cloud;
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        DeploymentPlan plan = DeploymentPlan.read(options);
        stack = plan.stack();
        tables = plan.tables();
        systemProperties.beforeStart(options.region());
        storage = StoragePhase.start(options, systemProperties, tables, started);
        DeploymentFacts facts = DeploymentFacts.none();
        for (Map.Entry<String, String> arn : storage.streamArns().entrySet()) {
            facts = facts.withStreamArn(arn.getKey(), arn.getValue());
        }
        apis = ApiPhase.start(options, plan, facts, started);
        stack = plan.stack().deployed(apis.facts());
        List<FunctionDefinition> definitions = stack.functions();
        functions = FunctionPhase.start(options, storage.dynamoDb().endpoint(), definitions, apis.invokers(), started);
        mappings =
                MappingPhase.start(options, storage.dynamoDb(), definitions, functions, onFailureRecords::add, started);
        for (HttpApiEmulator emulator : apis.httpEmulators()) {
            emulator.localRoute(HEALTH_PATH, () -> HealthReport.json(health()));
        }
        if (options.console() && !apis.httpEmulators().isEmpty()) {
            console = Console.mount(this, apis.httpEmulators().get(0));
        }
        readyAt = Instant.now();
        startDuration = Duration.ofNanos(System.nanoTime() - begin);
        log.info("local cloud started in {} ms", startDuration.toMillis());
    }

    /** The options this local cloud runs with. */
    public Options options() {
        return options;
    }

    /** The deployed template (resolved values, definitions). */
    public Stack stack() {
        return stack;
    }

    /** The tables as created. */
    public List<TableDefinition> tables() {
        return tables;
    }

    /** Stream ARNs by table logical id. */
    public Map<String, String> streamArns() {
        return storage.streamArns();
    }

    /** The DynamoDB engine's endpoint, {@code http://<host>:<port>}. */
    public URI dynamoDbEndpoint() {
        return storage.dynamoDb().endpoint();
    }

    /** The DynamoDB engine (for its shared SDK clients and write signal). */
    public EmbeddedDynamoDb dynamoDb() {
        return storage.dynamoDb();
    }

    /**
     * The first HTTP API's endpoint.
     *
     * @throws IllegalStateException when the template has no HTTP API
     */
    public URI httpEndpoint() {
        if (apis.httpApis().isEmpty()) {
            throw new IllegalStateException("the template declares no HTTP API");
        }
        return apis.httpApis().get(0).endpoint();
    }

    /**
     * The first WebSocket API's endpoint ({@code ws://<host>:<port>/<stage>}).
     *
     * @throws IllegalStateException when the template has no WebSocket API
     */
    public URI webSocketEndpoint() {
        return firstWebSocketApi().endpoint();
    }

    /**
     * The first WebSocket API's management ({@code @connections}) endpoint, for {@code ApiGatewayManagementApiClient}'s
     * {@code endpointOverride}.
     *
     * @throws IllegalStateException when the template has no WebSocket API
     */
    public URI webSocketManagementEndpoint() {
        return firstWebSocketApi().managementEndpoint();
    }

    private WebSocketApi firstWebSocketApi() {
        if (apis.webSocketApis().isEmpty()) {
            throw new IllegalStateException("the template declares no WebSocket API");
        }
        return apis.webSocketApis().get(0);
    }

    /** Every HTTP API, in template order. */
    public List<HttpApi> httpApis() {
        return apis.httpApis();
    }

    /** Every WebSocket API, in template order. */
    public List<WebSocketApi> webSocketApis() {
        return apis.webSocketApis();
    }

    /** The WebSocket API emulators, in the order of {@link #webSocketApis()} (connection registry, counts). */
    public List<WebSocketApiEmulator> webSocketEmulators() {
        return apis.webSocketEmulators();
    }

    /** The HTTP API emulators, in the order of {@link #httpApis()}. */
    public List<HttpApiEmulator> httpEmulators() {
        return apis.httpEmulators();
    }

    /**
     * The whole process's health, measured now: every endpoint (with open WebSocket connections), every event source
     * mapping's lag (records behind, age of the oldest; read through the Streams API) and delivery counters, and the
     * chaos settings ({@code null}: off). {@code GET /_local/health} on every HTTP API's port serves it as JSON
     * ({@link HealthReport}).
     */
    public Health health() {
        return HealthSampler.sample(apis, storage, mappings, readyAt);
    }

    /** The functions by logical id. */
    public Map<String, LocalFunction> functions() {
        return functions;
    }

    /** The running event source mappings. */
    public List<EventSourceMapping> eventSourceMappings() {
        return mappings;
    }

    /** Every batch the event source mappings skipped so far (also logged as it happens). */
    public List<OnFailureRecord> onFailureRecords() {
        return Collections.unmodifiableList(onFailureRecords);
    }

    /** The console's URL ({@code http://<host>:<port>/_local/}), or empty when it is off or there is no HTTP API. */
    public java.util.Optional<URI> consoleUrl() {
        return java.util.Optional.ofNullable(console).map(Console::url);
    }

    /** How long {@link #start(Options)} took until every endpoint was ready. */
    public Duration startDuration() {
        return startDuration;
    }

    /** Stops mappings, emulators, functions and the DynamoDB engine (in reverse start order) and restores properties. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the local cloud failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        systemProperties.restore();
        if (failure != null) {
            throw failure;
        }
    }
}
