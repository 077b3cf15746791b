package dev.antipop.local;

import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.dynamodb.TableProvisioner;
import dev.antipop.local.http.HttpApiEmulator;
import dev.antipop.local.http.HttpRoute;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.FunctionSpec;
import dev.antipop.local.lambda.LambdaInvoker;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.streams.DynamoDbStreamSource;
import dev.antipop.local.streams.EventSourceMapping;
import dev.antipop.local.streams.EventSourceMappingSettings;
import dev.antipop.local.streams.OnFailureRecord;
import dev.antipop.local.streams.RetryBackoff;
import dev.antipop.local.template.DynamoDbEventSource;
import dev.antipop.local.template.FunctionDefinition;
import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.Template;
import dev.antipop.local.template.TemplateResource;
import dev.antipop.local.template.WebSocketApiDefinition;
import dev.antipop.local.websocket.WebSocketApiEmulator;
import dev.antipop.local.websocket.WebSocketApiSpec;
import dev.antipop.local.websocket.WebSocketLimits;
import dev.antipop.local.websocket.WebSocketRoute;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
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
 */
public final class LocalCloud implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCloud.class);

    /** The JVM system properties the AWS SDK v2 reads for service-specific endpoints (SDK 2.54 builders). */
    static final String DYNAMODB_ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";

    static final String DYNAMODB_STREAMS_ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDbStreams";

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
            RetryBackoff retryBackoff) {

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

        /** The defaults: 127.0.0.1, ports 8000 / 3000 / 3001, in-memory, us-east-1, stack {@code antipop-local}. */
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
                    RetryBackoff.localDefault());
        }

        /** A copy with every port ephemeral (for tests and benchmarks). */
        public Options withEphemeralPorts() {
            return withPorts(0, 0, 0);
        }

        /** A copy with other ports. */
        public Options withPorts(int dynamoDb, int http, int webSocket) {
            return new Options(
                    template,
                    parameterOverrides,
                    bindHost,
                    dynamoDb,
                    http,
                    webSocket,
                    dbPath,
                    region,
                    stackName,
                    webSocketLimits,
                    streamPollInterval,
                    retryBackoff);
        }

        /** A copy with other parameter overrides. */
        public Options withParameterOverrides(Map<String, String> overrides) {
            return new Options(
                    template,
                    overrides,
                    bindHost,
                    dynamoDbPort,
                    httpPort,
                    webSocketPort,
                    dbPath,
                    region,
                    stackName,
                    webSocketLimits,
                    streamPollInterval,
                    retryBackoff);
        }

        /** A copy with other WebSocket limits. */
        public Options withWebSocketLimits(WebSocketLimits limits) {
            return new Options(
                    template,
                    parameterOverrides,
                    bindHost,
                    dynamoDbPort,
                    httpPort,
                    webSocketPort,
                    dbPath,
                    region,
                    stackName,
                    limits,
                    streamPollInterval,
                    retryBackoff);
        }

        /** A copy with another host, database path and region. */
        public Options with(String host, Path databasePath, String awsRegion) {
            return new Options(
                    template,
                    parameterOverrides,
                    host,
                    dynamoDbPort,
                    httpPort,
                    webSocketPort,
                    databasePath,
                    awsRegion,
                    stackName,
                    webSocketLimits,
                    streamPollInterval,
                    retryBackoff);
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
    private final Map<String, String> previousSystemProperties = new LinkedHashMap<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final List<HttpApi> httpApis = new ArrayList<>();
    private final List<WebSocketApi> webSocketApis = new ArrayList<>();
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private final List<OnFailureRecord> onFailureRecords = new CopyOnWriteArrayList<>();
    private final Map<String, String> streamArns = new LinkedHashMap<>();
    private Stack stack;
    private EmbeddedDynamoDb dynamoDb;
    private List<TableDefinition> tables = List.of();
    private Duration startDuration;

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
        Template template = Template.read(options.template());
        stack = Stack.of(
                template, new Stack.Options(options.region(), options.stackName(), options.parameterOverrides()));
        List<TemplateResource> notEmulated = stack.notEmulated();
        if (!notEmulated.isEmpty()) {
            StringBuilder list = new StringBuilder();
            notEmulated.forEach(r -> list.append(list.length() == 0 ? "" : ", ")
                    .append(r.logicalId())
                    .append(" (")
                    .append(r.type())
                    .append(')'));
            log.info("not emulated (ignored): {}", list);
        }
        tables = stack.tables();
        // Resolve everything that does not depend on runtime facts now, so template mistakes surface before servers
        // start (stream ARNs and endpoints are filled in below).
        List<HttpApiDefinition> httpDefinitions = stack.httpApis();
        List<WebSocketApiDefinition> webSocketDefinitions = stack.webSocketApis();

        setSystemPropertiesBeforeStart();
        long dynamoDbBegin = System.nanoTime();
        dynamoDb =
                EmbeddedDynamoDb.start(options.bindHost(), options.dynamoDbPort(), options.dbPath(), options.region());
        started.push(dynamoDb);
        setSystemProperty(DYNAMODB_ENDPOINT_PROPERTY, dynamoDb.endpoint().toString());
        setSystemProperty(
                DYNAMODB_STREAMS_ENDPOINT_PROPERTY, dynamoDb.endpoint().toString());
        long tablesBegin = System.nanoTime();
        streamArns.putAll(new TableProvisioner(dynamoDb.client()).provision(tables));
        streamArns.forEach(stack::recordStreamArn);
        log.info(
                "DynamoDB engine on {} in {} ms; {} tables ready in {} ms",
                dynamoDb.endpoint(),
                (tablesBegin - dynamoDbBegin) / 1_000_000,
                tables.size(),
                (System.nanoTime() - tablesBegin) / 1_000_000);

        // Emulators start before the functions exist (their ports go into the functions' environment), so their
        // routes point at invokers that are bound once the functions are created, before start() returns.
        Map<String, DeferredInvoker> invokers = new HashMap<>();
        int httpPort = options.httpPort();
        for (HttpApiDefinition api : httpDefinitions) {
            List<HttpRoute> routes = new ArrayList<>();
            for (HttpApiDefinition.Route route : api.routes()) {
                routes.add(new HttpRoute(
                        route.method(),
                        route.path(),
                        invokers.computeIfAbsent(route.functionLogicalId(), DeferredInvoker::new)));
            }
            HttpApiEmulator emulator =
                    new HttpApiEmulator(api.apiId(), api.stageName(), options.bindHost(), httpPort, routes);
            startServer("HTTP API " + api.logicalId(), httpPort, "--port-http", emulator::start);
            started.push(emulator);
            String base = "http://" + options.bindHost() + ":" + emulator.port();
            stack.recordApiEndpoint(api.logicalId(), base);
            String stagePath = api.stageName().equals("$default") ? "" : "/" + api.stageName();
            httpApis.add(new HttpApi(api, URI.create(base + stagePath)));
            httpPort = httpPort == 0 ? 0 : httpPort + 1;
        }
        int webSocketPort = options.webSocketPort();
        for (WebSocketApiDefinition api : webSocketDefinitions) {
            Map<String, WebSocketRoute> routes = new LinkedHashMap<>();
            for (WebSocketApiDefinition.Route route : api.routes()) {
                routes.put(
                        route.routeKey(),
                        new WebSocketRoute(
                                route.routeKey(),
                                invokers.computeIfAbsent(route.functionLogicalId(), DeferredInvoker::new),
                                route.returnsResponse()));
            }
            WebSocketApiEmulator emulator = new WebSocketApiEmulator(
                    new WebSocketApiSpec(
                            api.apiId(),
                            api.stageName(),
                            api.routeSelectionExpression(),
                            routes,
                            options.webSocketLimits()),
                    options.bindHost(),
                    webSocketPort);
            startServer("WebSocket API " + api.logicalId(), webSocketPort, "--port-ws", emulator::start);
            started.push(emulator);
            String authority = options.bindHost() + ":" + emulator.port();
            stack.recordApiEndpoint(api.logicalId(), "http://" + authority);
            webSocketApis.add(new WebSocketApi(
                    api,
                    URI.create("ws://" + authority + "/" + api.stageName()),
                    URI.create("http://" + authority + "/" + api.stageName())));
            webSocketPort = webSocketPort == 0 ? 0 : webSocketPort + 1;
        }

        List<FunctionDefinition> definitions = stack.functions();
        for (FunctionDefinition definition : definitions) {
            LocalFunction function;
            try {
                function = new LocalFunction(functionSpec(definition));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new LocalCloudException(firstLine(e.getMessage()), e);
            }
            started.push(function);
            functions.put(definition.logicalId(), function);
            DeferredInvoker deferred = invokers.get(definition.logicalId());
            if (deferred != null) {
                deferred.bind(function);
            }
        }

        for (FunctionDefinition definition : definitions) {
            for (DynamoDbEventSource event : definition.dynamoDbEvents()) {
                startMapping(definition, event);
            }
        }
        startDuration = Duration.ofNanos(System.nanoTime() - begin);
        log.info("local cloud started in {} ms", startDuration.toMillis());
    }

    private void startMapping(FunctionDefinition definition, DynamoDbEventSource event) {
        String name = definition.logicalId() + "." + event.eventName();
        if (!event.enabled()) {
            log.info("event source mapping {} is disabled (Enabled: false)", name);
            return;
        }
        if (event.hasFilterCriteria()) {
            log.warn("event source mapping {}: FilterCriteria is not emulated; every record is delivered", name);
        }
        EventSourceMappingSettings settings =
                EventSourceMappingSettings.from(event, definition.functionName(), options.region());
        if (settings.onFailureDestination() != null) {
            log.info(
                    "event source mapping {}: skipped batches are logged as on-failure records, not sent to {}",
                    name,
                    settings.onFailureDestination());
        }
        EventSourceMapping mapping = new EventSourceMapping(
                settings,
                new DynamoDbStreamSource(dynamoDb.streamsClient()),
                functions.get(definition.logicalId()),
                dynamoDb.writes(),
                options.streamPollInterval(),
                options.retryBackoff(),
                onFailureRecords::add);
        mapping.start();
        started.push(mapping);
        mappings.add(mapping);
    }

    private FunctionSpec functionSpec(FunctionDefinition definition) {
        Map<String, String> environment = new LinkedHashMap<>(definition.environment());
        environment.putIfAbsent("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString());
        environment.putIfAbsent(
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamoDb.endpoint().toString());
        // Lambda's reserved variables: the template cannot set these on AWS either.
        environment.put("AWS_REGION", options.region());
        environment.put("AWS_DEFAULT_REGION", options.region());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", definition.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(definition.memorySizeMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + definition.functionName());
        if (definition.runtime() != null) {
            environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + definition.runtime());
        }
        return new FunctionSpec(
                definition.logicalId(),
                definition.functionName(),
                definition.handler(),
                environment,
                definition.timeoutSeconds(),
                definition.memorySizeMb());
    }

    private static void startServer(String what, int port, String option, Runnable start) {
        try {
            start.run();
        } catch (UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new LocalCloudException(
                            what + ": port " + port + " is in use (choose another with " + option + ")", e);
                }
            }
            throw new LocalCloudException(what + " cannot start: " + e.getMessage(), e);
        }
    }

    private void setSystemPropertiesBeforeStart() {
        setSystemProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // One "Starting <class>..." block per function context would drown the invocation log.
        setSystemPropertyIfUnset("spring.main.log-startup-info", "false");
        setSystemPropertyIfUnset("spring.main.banner-mode", "off");
        setSystemProperty("aws.region", options.region());
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            // The engine accepts any credentials; the SDK only needs some to sign with.
            setSystemProperty("aws.accessKeyId", "local");
            setSystemProperty("aws.secretAccessKey", "local");
        }
    }

    private void setSystemPropertyIfUnset(String name, String value) {
        if (System.getProperty(name) == null) {
            setSystemProperty(name, value);
        }
    }

    private void setSystemProperty(String name, String value) {
        if (!previousSystemProperties.containsKey(name)) {
            previousSystemProperties.put(name, System.getProperty(name));
        }
        System.setProperty(name, value);
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
        return Collections.unmodifiableMap(streamArns);
    }

    /** The DynamoDB engine's endpoint, {@code http://<host>:<port>}. */
    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** The DynamoDB engine (for its shared SDK clients and write signal). */
    public EmbeddedDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /**
     * The first HTTP API's endpoint.
     *
     * @throws IllegalStateException when the template has no HTTP API
     */
    public URI httpEndpoint() {
        if (httpApis.isEmpty()) {
            throw new IllegalStateException("the template declares no HTTP API");
        }
        return httpApis.get(0).endpoint();
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
        if (webSocketApis.isEmpty()) {
            throw new IllegalStateException("the template declares no WebSocket API");
        }
        return webSocketApis.get(0);
    }

    /** Every HTTP API, in template order. */
    public List<HttpApi> httpApis() {
        return Collections.unmodifiableList(httpApis);
    }

    /** Every WebSocket API, in template order. */
    public List<WebSocketApi> webSocketApis() {
        return Collections.unmodifiableList(webSocketApis);
    }

    /** The functions by logical id. */
    public Map<String, LocalFunction> functions() {
        return Collections.unmodifiableMap(functions);
    }

    /** The running event source mappings. */
    public List<EventSourceMapping> eventSourceMappings() {
        return Collections.unmodifiableList(mappings);
    }

    /** Every batch the event source mappings skipped so far (also logged as it happens). */
    public List<OnFailureRecord> onFailureRecords() {
        return Collections.unmodifiableList(onFailureRecords);
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
        previousSystemProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        previousSystemProperties.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A route target whose function is created after the emulator starts (see {@link #startAll()}). */
    private static final class DeferredInvoker implements LambdaInvoker {
        private final String logicalId;
        private final AtomicReference<LambdaInvoker> target = new AtomicReference<>();

        DeferredInvoker(String logicalId) {
            this.logicalId = logicalId;
        }

        void bind(LambdaInvoker function) {
            target.set(function);
        }

        @Override
        public String functionName() {
            LambdaInvoker function = target.get();
            return function == null ? logicalId : function.functionName();
        }

        @Override
        public byte[] invoke(byte[] event) throws FunctionErrorException {
            LambdaInvoker function = target.get();
            if (function == null) {
                throw new FunctionErrorException(
                        logicalId, "Local.NotReady", "the local cloud is still starting this function", null);
            }
            return function.invoke(event);
        }
    }
}
