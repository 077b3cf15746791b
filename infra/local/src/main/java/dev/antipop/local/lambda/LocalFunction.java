package dev.antipop.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * One Lambda function hosted in the local cloud's JVM: Spring Cloud Function's {@link FunctionInvoker} (the handler
 * every Antipop function declares) fed the event JSON bytes, exactly as the Lambda Java runtime feeds a
 * {@code RequestStreamHandler}.
 *
 * <p><b>Handler.</b> Only {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest} (or
 * without {@code ::handleRequest}) is supported; anything else is an {@link IllegalArgumentException} at construction.
 *
 * <p><b>Start class.</b> The environment variable {@code MAIN_CLASS} of the spec names the Spring start class (on AWS
 * the jar manifest's {@code Start-Class} would); {@code SPRING_CLOUD_FUNCTION_DEFINITION} names the function bean(s).
 * Both a {@code @SpringBootConfiguration} class and a functional
 * {@code ApplicationContextInitializer<GenericApplicationContext>} work.
 *
 * <p><b>Environment.</b> Many functions share one JVM, so the template's {@code Environment.Variables} cannot be process
 * environment variables. Each function's Spring context gets them as a {@link MapPropertySource} (a
 * {@link SystemEnvironmentPropertySource}, so relaxed names resolve as for real environment variables) named
 * {@value #ENVIRONMENT_PROPERTY_SOURCE}, first in its {@code Environment}, so code reading
 * {@code env.getRequiredProperty("EVENTS_TABLE")} sees its own values here and real environment variables on AWS. The
 * Lambda reserved variables {@code AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE},
 * {@code AWS_LAMBDA_FUNCTION_VERSION} and (unless the template sets it) {@code AWS_REGION} are added as Lambda does.
 * Code calling {@code System.getenv} directly does not see the template's values.
 *
 * <p><b>Cold start.</b> The Spring context starts on the first {@link #invoke} (measured: {@link #coldStart()}) or on
 * {@link #warm()}. Cold starts of all functions are serialised by one lock, because Spring Cloud Function reads
 * {@code MAIN_CLASS} from a JVM-wide system property. As on Lambda, initialisation does not count against
 * {@code Timeout}; a failed initialisation is retried on the next invocation.
 *
 * <p><b>Timeout.</b> The handler runs on a worker thread; when it overruns {@code Timeout} the caller gets a
 * {@link FunctionErrorException} with errorType {@code Sandbox.Timedout} and message
 * {@code Task timed out after N.NN seconds} (Lambda's wording). The worker is left to finish (a JVM cannot safely kill
 * a thread); this is logged.
 *
 * <p><b>Log.</b> One INFO line per invocation on {@value #INVOCATION_LOGGER}, with the fields of the
 * {@code platform.report} record Lambda writes when a function's {@code LoggingConfig.LogFormat} is {@code JSON}
 * ("Lambda system log format", Lambda developer guide): {@code type} ({@code platform.report}), {@code requestId},
 * {@code function}, {@code durationMs}, {@code status} ({@code success}, {@code error} or {@code timeout}),
 * {@code errorType} on an error and {@code initDurationMs} on a cold start; the console's encoder writes each as a
 * JSON field. While the handler runs, the MDC holds {@code requestId} and {@code function}, so the function's own log
 * lines carry them too (on AWS the runtime adds {@code requestId} to a JSON application log line).
 */
public final class LocalFunction implements LambdaInvoker, AutoCloseable {

    /** The only supported handler class: Spring Cloud Function's AWS adapter. */
    public static final String SUPPORTED_HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker";

    /** Name of the property source holding the function's environment in its Spring {@code Environment}. */
    public static final String ENVIRONMENT_PROPERTY_SOURCE = "lambdaEnvironment";

    /** Logger of the one-line-per-invocation log. */
    public static final String INVOCATION_LOGGER = "dev.antipop.local.invocations";

    private static final String MAIN_CLASS = "MAIN_CLASS";
    private static final String DEFINITION = "SPRING_CLOUD_FUNCTION_DEFINITION";
    private static final String DEFAULT_REGION = "us-east-1";

    /** Serialises cold starts JVM-wide: {@code MAIN_CLASS} is a system property while a context starts. */
    private static final Object COLD_START_LOCK = new Object();

    private static final Logger INVOCATIONS = LoggerFactory.getLogger(INVOCATION_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(LocalFunction.class);

    private final FunctionSpec spec;
    private final String startClass;
    private final String definition;
    private final String region;
    private final long timeoutNanos;
    private final Logger functionLog;
    private final ExecutorService workers;

    private volatile FunctionInvoker invoker;
    private volatile ConfigurableApplicationContext context;
    private volatile Duration coldStart;
    private volatile boolean closed;
    private final InvocationStats stats = new InvocationStats();

    /**
     * Checks the handler and the start class; starts nothing.
     *
     * @throws IllegalArgumentException one line naming the function: unsupported handler, {@code MAIN_CLASS} unset or
     *     not on the classpath
     * @throws IllegalStateException when the process environment itself sets {@code MAIN_CLASS}, which Spring Cloud
     *     Function would prefer over every function's own
     */
    public LocalFunction(FunctionSpec spec) {
        this.spec = spec;
        String name = spec.functionName();
        String handler = spec.handler().trim();
        if (!handler.equals(SUPPORTED_HANDLER) && !handler.equals(SUPPORTED_HANDLER + "::handleRequest")) {
            throw new IllegalArgumentException("function " + name + ": handler " + handler
                    + " is not supported; the local cloud runs only " + SUPPORTED_HANDLER + "::handleRequest");
        }
        this.startClass = spec.environment().get(MAIN_CLASS);
        if (startClass == null || startClass.isBlank()) {
            throw new IllegalArgumentException("function " + name
                    + ": environment variable MAIN_CLASS is not set (the Spring start class of the function's jar)");
        }
        try {
            Class.forName(startClass, false, LocalFunction.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    "function " + name + ": MAIN_CLASS " + startClass + " is not on the classpath", e);
        }
        String processMainClass = System.getenv(MAIN_CLASS);
        if (processMainClass != null) {
            throw new IllegalStateException("function " + name + ": the process environment sets MAIN_CLASS="
                    + processMainClass + ", which would override every function's own start class; unset it");
        }
        this.definition = spec.environment().get(DEFINITION);
        this.region = spec.environment().getOrDefault("AWS_REGION", DEFAULT_REGION);
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(spec.timeoutSeconds());
        this.functionLog = LoggerFactory.getLogger("dev.antipop.local.function." + name);
        // One virtual thread per invocation: an invocation blocks on I/O (DynamoDB, API Gateway) most of its time.
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("lambda-" + name + "-", 1).factory());
    }

    @Override
    public String functionName() {
        return spec.functionName();
    }

    /** The spec this function was created from. */
    public FunctionSpec spec() {
        return spec;
    }

    /** Invocation counts, durations and last errors (the console's functions view). */
    public InvocationStats stats() {
        return stats;
    }

    /** How long the Spring context took to start (Lambda's "Init Duration"); empty until it has started. */
    public Optional<Duration> coldStart() {
        return Optional.ofNullable(coldStart);
    }

    /**
     * Starts the Spring context now instead of on the first invocation (a no-op when it runs already).
     *
     * @throws IllegalStateException when the context fails to start, with the function's name and the cause
     */
    public void warm() {
        start();
    }

    /**
     * Invokes the function with one event.
     *
     * @param event the event JSON as Lambda delivers it
     * @return what the handler wrote (for Spring Cloud Function: the function's output as JSON)
     * @throws FunctionErrorException the handler threw (errorType = its class name), the context failed to start, or
     *     the handler overran {@code Timeout} (errorType {@code Sandbox.Timedout})
     */
    @Override
    public byte[] invoke(byte[] event) throws FunctionErrorException {
        String name = spec.functionName();
        Duration init = null;
        FunctionInvoker current = invoker;
        if (current == null) {
            try {
                init = start();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                INVOCATIONS.info(
                        "{} init failed: {}",
                        StructuredArguments.value("function", name),
                        cause.toString(),
                        StructuredArguments.keyValue("type", "platform.initReport"),
                        StructuredArguments.keyValue("status", "error"));
                throw new FunctionErrorException(name, cause.getClass().getName(), cause.getMessage(), e);
            }
            current = invoker;
        }
        long started = System.nanoTime();
        FunctionInvoker handler = current;
        LocalLambdaContext lambdaContext =
                new LocalLambdaContext(name, region, spec.memorySizeMb(), started + timeoutNanos, functionLog);
        String requestId = lambdaContext.getAwsRequestId();
        Future<byte[]> result = workers.submit(() -> {
            MDC.put("requestId", requestId);
            MDC.put("function", name);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256);
                handler.handleRequest(new ByteArrayInputStream(event), out, lambdaContext);
                return out.toByteArray();
            } finally {
                MDC.remove("requestId");
                MDC.remove("function");
            }
        });
        try {
            byte[] output = result.get(timeoutNanos, TimeUnit.NANOSECONDS);
            stats.succeeded(System.nanoTime() - started);
            logInvocation(name, requestId, started, "success", null, init);
            return output;
        } catch (TimeoutException e) {
            logInvocation(name, requestId, started, "timeout", "Sandbox.Timedout", init);
            String timedOut = String.format("Task timed out after %d.00 seconds", spec.timeoutSeconds());
            stats.failed(System.nanoTime() - started, lambdaContext.getAwsRequestId(), "Sandbox.Timedout", timedOut);
            LOG.warn(
                    "function {}: request {} overran its Timeout of {} s; its worker thread keeps running",
                    name,
                    lambdaContext.getAwsRequestId(),
                    spec.timeoutSeconds());
            throw new FunctionErrorException(name, "Sandbox.Timedout", timedOut, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            logInvocation(name, requestId, started, "error", cause.getClass().getName(), init);
            stats.failed(
                    System.nanoTime() - started,
                    lambdaContext.getAwsRequestId(),
                    cause.getClass().getName(),
                    cause.getMessage());
            functionLog.debug("request {} failed", lambdaContext.getAwsRequestId(), cause);
            throw new FunctionErrorException(name, cause.getClass().getName(), cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new FunctionErrorException(name, "Runtime.Interrupted", "the caller was interrupted", e);
        }
    }

    /** Closes the Spring context (when started) and stops the worker threads. */
    @Override
    public void close() {
        synchronized (COLD_START_LOCK) {
            closed = true;
            ConfigurableApplicationContext started = context;
            context = null;
            invoker = null;
            if (started != null) {
                started.close();
            }
        }
        workers.shutdown();
    }

    private static void logInvocation(
            String name, String requestId, long startedNanos, String status, String errorType, Duration init) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        List<Object> fields = new ArrayList<>(List.of(
                StructuredArguments.keyValue("type", "platform.report"),
                StructuredArguments.keyValue("requestId", requestId)));
        if (errorType != null) {
            fields.add(StructuredArguments.keyValue("errorType", errorType));
        }
        if (init != null) {
            fields.add(StructuredArguments.keyValue("initDurationMs", init.toMillis()));
        }
        // The message reads as before for a person; the structured arguments become JSON fields.
        Object[] arguments = new Object[3 + fields.size()];
        arguments[0] = StructuredArguments.value("function", name);
        arguments[1] = StructuredArguments.value("durationMs", ms);
        arguments[2] = StructuredArguments.value("status", errorType == null ? status : status + " " + errorType);
        for (int i = 0; i < fields.size(); i++) {
            arguments[3 + i] = fields.get(i);
        }
        INVOCATIONS.info("{} {} ms {}", arguments);
    }

    /** Starts the context when not yet started; returns the init duration, or null when it ran already. */
    private Duration start() {
        if (invoker != null) {
            return null;
        }
        synchronized (COLD_START_LOCK) {
            if (invoker != null) {
                return null;
            }
            if (closed) {
                throw new IllegalStateException("function " + spec.functionName() + " is closed");
            }
            long started = System.nanoTime();
            String previousMainClass = System.getProperty(MAIN_CLASS);
            System.setProperty(MAIN_CLASS, startClass);
            EnvironmentInjection injection = new EnvironmentInjection(lambdaEnvironment());
            try {
                FunctionInvoker created =
                        SpringApplication.withHook(application -> injection, () -> new FunctionInvoker(definition));
                this.context = injection.context;
                this.invoker = created;
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "function " + spec.functionName() + ": Spring context of " + startClass + " failed to start: "
                                + e.getMessage(),
                        e);
            } finally {
                if (previousMainClass == null) {
                    System.clearProperty(MAIN_CLASS);
                } else {
                    System.setProperty(MAIN_CLASS, previousMainClass);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            this.coldStart = took;
            return took;
        }
    }

    private Map<String, Object> lambdaEnvironment() {
        Map<String, Object> variables = new LinkedHashMap<>(spec.environment());
        // Reserved variables the Lambda runtime sets for every function (the template cannot override them).
        variables.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memorySizeMb()));
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.putIfAbsent("AWS_REGION", region);
        return variables;
    }

    /**
     * Gives the one Spring application started in this thread the function's environment, first among its property
     * sources, and banner off unless the function says otherwise; remembers the context so {@link #close()} can close
     * it ({@code FunctionInvoker} does not expose it).
     */
    private static final class EnvironmentInjection implements SpringApplicationRunListener {

        private final Map<String, Object> variables;
        private volatile ConfigurableApplicationContext context;

        EnvironmentInjection(Map<String, Object> variables) {
            this.variables = variables;
        }

        @Override
        public void environmentPrepared(
                ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
            // A SystemEnvironmentPropertySource (a MapPropertySource) resolves names as real environment variables
            // do on AWS: getProperty("events.table") finds EVENTS_TABLE.
            environment
                    .getPropertySources()
                    .addFirst(new SystemEnvironmentPropertySource(ENVIRONMENT_PROPERTY_SOURCE, variables));
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("localCloudDefaults", Map.of("spring.main.banner-mode", "off")));
        }

        @Override
        public void contextPrepared(ConfigurableApplicationContext prepared) {
            this.context = prepared;
        }
    }
}
