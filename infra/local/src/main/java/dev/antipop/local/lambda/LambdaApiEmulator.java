package dev.antipop.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.local.http.JsonErrorHandler;
import dev.antipop.local.http.RequestBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulation of the Lambda {@code Invoke} API (API version 2015-03-31) for the local cloud's functions, so that code
 * invoking another function with the real {@code LambdaClient} ({@code AWS_ENDPOINT_URL_LAMBDA}) works unchanged: the
 * command router behind {@code POST /command} and policies issuing internal commands.
 *
 * <p>{@code POST /2015-03-31/functions/{FunctionName}/invocations}, where FunctionName is a name, a logical id or an
 * ARN ({@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]}). As the Lambda API reference
 * ("Invoke") documents:
 *
 * <ul>
 *   <li>{@code X-Amz-Invocation-Type}: {@code RequestResponse} (default) → 200 with the function's output; {@code
 *       Event} → 202 with an empty body, the function runs on its own virtual thread; {@code DryRun} → 204.
 *   <li>A function error → 200 with {@code X-Amz-Function-Error: Unhandled} and {@code {"errorMessage","errorType"}}.
 *   <li>An unknown function → 404 {@code ResourceNotFoundException}; a payload that is not JSON → 400 {@code
 *       InvalidRequestContentException}; over 6 MB (synchronous) or 1 MB (asynchronous; the quota since 2019, 256 KB
 *       before) → 413 {@code RequestTooLargeException}; another method or path → 404 {@code UnknownOperationException}.
 *   <li>Every answer carries {@code X-Amzn-RequestId}; successes carry {@code X-Amz-Executed-Version: $LATEST}.
 * </ul>
 *
 * <p>Not emulated: {@code Tail} logs, {@code ClientContext}, versions and aliases (a qualifier is accepted and ignored),
 * and request signing (any credentials are accepted).
 */
public final class LambdaApiEmulator implements AutoCloseable {

    /** Lambda quota: invocation payload, synchronous, 6 MB. */
    public static final int MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** Lambda quota: invocation payload, asynchronous, 1 MB. */
    public static final int MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LambdaApiEmulator.class);
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bindHost;
    private final int requestedPort;
    private final Function<String, Optional<LambdaInvoker>> functions;
    private final ExecutorService asynchronous = Executors.newVirtualThreadPerTaskExecutor();
    private Server server;
    private ServerConnector connector;

    /**
     * @param bindHost the address to listen on
     * @param port the port; 0 for an ephemeral one
     * @param functions finds a function by name or logical id (consulted per request, so functions created after
     *     the emulator started are found)
     */
    public LambdaApiEmulator(String bindHost, int port, Function<String, Optional<LambdaInvoker>> functions) {
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
        this.requestedPort = port;
        this.functions = Objects.requireNonNull(functions, "functions");
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("The Lambda API is already started");
        }
        VirtualThreadPool threads = new VirtualThreadPool(1_024);
        threads.setName("lambda-api");
        Server jetty = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        ServerConnector http = new ServerConnector(jetty, new HttpConnectionFactory(configuration));
        http.setHost(bindHost);
        http.setPort(requestedPort);
        jetty.addConnector(http);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setHandler(new InvokeHandler());
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new UncheckedIOException(new IOException(
                    "The Lambda API failed to start on " + bindHost + ":" + requestedPort + ": " + e.getMessage(), e));
        }
        server = jetty;
        connector = http;
        LOG.info("Lambda API listening on {}", endpoint());
    }

    /** {@code http://<host>:<port>}: the value of {@code AWS_ENDPOINT_URL_LAMBDA}. */
    public String endpoint() {
        if (connector == null) {
            throw new IllegalStateException("The Lambda API is not started");
        }
        return "http://" + bindHost + ":" + connector.getLocalPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("stopping the Lambda API failed", e);
            }
            server = null;
        }
        asynchronous.shutdownNow();
    }

    /** The function name inside a FunctionName path segment: a name, or the name part of an ARN. */
    static String functionName(String segment) {
        Matcher arn = ARN.matcher(segment);
        if (arn.matches()) {
            return arn.group(1);
        }
        int colon = segment.indexOf(':');
        return colon < 0 ? segment : segment.substring(0, colon); // name:qualifier
    }

    private final class InvokeHandler extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String requestId = UUID.randomUUID().toString();
            response.getHeaders().put("X-Amzn-RequestId", requestId);
            Matcher path = INVOKE.matcher(request.getHttpURI().getDecodedPath());
            if (!"POST".equals(request.getMethod()) || !path.matches()) {
                error(response, callback, 404, "UnknownOperationException", "Unknown operation");
                return true;
            }
            String type = Optional.ofNullable(request.getHeaders().get("X-Amz-Invocation-Type"))
                    .orElse("RequestResponse");
            if (!type.equals("RequestResponse") && !type.equals("Event") && !type.equals("DryRun")) {
                error(
                        response,
                        callback,
                        400,
                        "InvalidParameterValueException",
                        "Invalid InvocationType: " + type + " (RequestResponse, Event or DryRun)");
                return true;
            }
            String name = functionName(path.group(1));
            Optional<LambdaInvoker> function = functions.apply(name);
            if (function.isEmpty()) {
                error(
                        response,
                        callback,
                        404,
                        "ResourceNotFoundException",
                        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:" + name);
                return true;
            }
            int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
            RequestBodies.Body body;
            try {
                body = RequestBodies.read(request, limit, Duration.ofSeconds(30));
            } catch (RequestBodies.TooSlowException e) {
                error(response, callback, 408, "RequestTimeoutException", "The request body did not arrive in time");
                return true;
            }
            if (body.tooLarge()) {
                error(
                        response,
                        callback,
                        413,
                        "RequestTooLargeException",
                        "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
                return true;
            }
            byte[] payload = body.bytes().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body.bytes();
            try {
                JSON.readTree(payload);
            } catch (IOException e) {
                error(
                        response,
                        callback,
                        400,
                        "InvalidRequestContentException",
                        "Could not parse request body into json");
                return true;
            }
            switch (type) {
                case "DryRun" -> {
                    response.setStatus(204);
                    callback.succeeded();
                }
                case "Event" -> {
                    asynchronous.execute(() -> invokeQuietly(function.get(), payload));
                    response.setStatus(202);
                    callback.succeeded();
                }
                default -> invoke(function.get(), payload, response, callback);
            }
            return true;
        }

        private void invoke(LambdaInvoker function, byte[] payload, Response response, Callback callback) {
            response.getHeaders().put("X-Amz-Executed-Version", "$LATEST");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            byte[] output;
            try {
                output = function.invoke(payload);
            } catch (FunctionErrorException e) {
                ObjectNode error = JSON.createObjectNode();
                error.put("errorMessage", e.errorMessage());
                error.put("errorType", e.errorType());
                response.getHeaders().put("X-Amz-Function-Error", "Unhandled");
                output = error.toString().getBytes(StandardCharsets.UTF_8);
            }
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap(output), callback);
        }

        private void invokeQuietly(LambdaInvoker function, byte[] payload) {
            try {
                function.invoke(payload);
            } catch (FunctionErrorException e) {
                LOG.warn("Asynchronous invocation of {} failed: {}", function.functionName(), e.getMessage());
            }
        }

        private void error(Response response, Callback callback, int status, String type, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("Type", "User");
            body.put("message", message);
            response.setStatus(status);
            response.getHeaders().put("x-amzn-ErrorType", type);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
        }
    }
}
