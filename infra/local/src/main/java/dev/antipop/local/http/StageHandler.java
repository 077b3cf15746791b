package dev.antipop.local.http;

import dev.antipop.local.lambda.FunctionErrorException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handling of one HTTP API stage (see {@link HttpApiEmulator} for the behaviour): local JSON routes, CORS
 * preflights ({@link CorsPolicy}), the stage prefix, body limits, route selection, the proxy integration and its
 * timeout, and the response with its CORS headers.
 */
final class StageHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiEmulator.class);

    /** Hop-by-hop and framing headers that Jetty computes itself; a function cannot set them. */
    private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    /** Where the local cloud's own JSON routes live ({@code /_local/health}); API Gateway has nothing there. */
    static final String LOCAL_PREFIX = "/_local/";

    private final String apiId;
    private final String stage;
    private final HttpRouteTable routes;
    private final Duration integrationTimeout;
    private final ScheduledExecutorService timeouts;
    private final CorsPolicy cors;
    private final Map<String, Supplier<byte[]>> localRoutes;

    StageHandler(
            String apiId,
            String stage,
            HttpRouteTable routes,
            Duration integrationTimeout,
            ScheduledExecutorService timeouts,
            CorsPolicy cors,
            Map<String, Supplier<byte[]>> localRoutes) {
        this.apiId = apiId;
        this.stage = stage;
        this.routes = routes;
        this.integrationTimeout = integrationTimeout;
        this.timeouts = timeouts;
        this.cors = cors;
        this.localRoutes = localRoutes;
    }

    /** The stage-less route path for a request path, or null when the path is outside the stage. */
    private String routePath(String path) {
        if (stage.equals(HttpRoute.DEFAULT_ROUTE)) {
            return path;
        }
        String prefix = "/" + stage;
        if (path.equals(prefix)) {
            return "/";
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : null;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long now = System.currentTimeMillis();
        String requestId = ApiGatewayId.next();
        HttpURI uri = request.getHttpURI();
        String path = uri.getDecodedPath();
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        Supplier<byte[]> local = path == null ? null : localRoutes.get(path);
        if (local != null && request.getMethod().equals("GET")) {
            send(response, callback, HttpApiResponse.json(200, local.get()), requestId, origin);
            return true;
        }
        String routePath = path == null ? null : routePath(path);
        if (routePath == null) {
            send(response, callback, HttpApiResponse.notFound(), requestId, origin);
            return true;
        }
        if (cors != null
                && CorsPolicy.isPreflight(
                        request.getMethod(),
                        origin,
                        request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD))) {
            // Answered by the gateway: no route needed, no function invoked.
            response.setStatus(204);
            cors.preflightHeaders(origin).forEach(h -> response.getHeaders().add(h.getKey(), h.getValue()));
            response.getHeaders().put("apigw-requestid", requestId);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        if (request.getLength() > HttpApiEmulator.MAX_PAYLOAD_BYTES) {
            send(response, callback, HttpApiResponse.requestEntityTooLarge(), requestId, origin);
            return true;
        }
        RequestBodies.Body read;
        try {
            read = RequestBodies.read(request, HttpApiEmulator.MAX_PAYLOAD_BYTES, integrationTimeout);
        } catch (RequestBodies.TooSlowException e) {
            LOG.debug("{} {}: {}; 408", request.getMethod(), path, e.getMessage());
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            send(response, callback, HttpApiResponse.message(408, "Request Timeout"), requestId, origin);
            return true;
        }
        if (read.tooLarge()) {
            send(response, callback, HttpApiResponse.requestEntityTooLarge(), requestId, origin);
            return true;
        }
        byte[] body = read.bytes();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Optional<HttpRouteMatch> match = routes.select(method, routePath);
        if (match.isEmpty()) {
            send(response, callback, HttpApiResponse.notFound(), requestId, origin);
            return true;
        }
        List<Map.Entry<String, String>> headers =
                new ArrayList<>(request.getHeaders().size());
        for (HttpField field : request.getHeaders()) {
            headers.add(Map.entry(field.getName(), field.getValue()));
        }
        HttpApiRequest apiRequest = new HttpApiRequest(
                method,
                path,
                uri.getQuery() == null ? "" : uri.getQuery(),
                headers,
                body,
                request.getConnectionMetaData().getProtocol(),
                Request.getRemoteAddr(request));
        byte[] event = HttpApiEvent.toJson(
                apiRequest, match.get(), apiId, stage, requestId, Request.getLocalPort(request), now);

        AtomicBoolean answered = new AtomicBoolean();
        ScheduledFuture<?> timeout = timeouts.schedule(
                () -> {
                    if (answered.compareAndSet(false, true)) {
                        LOG.warn(
                                "{} {}: integration {} gave no answer within {} ms; 503",
                                method,
                                path,
                                match.get().route().target().functionName(),
                                integrationTimeout.toMillis());
                        send(response, callback, HttpApiResponse.serviceUnavailable(), requestId, origin);
                    }
                },
                integrationTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        HttpApiResponse answer = invoke(match.get(), event);
        timeout.cancel(false);
        if (answered.compareAndSet(false, true)) {
            send(response, callback, answer, requestId, origin);
        }
        return true;
    }

    private HttpApiResponse invoke(HttpRouteMatch match, byte[] event) {
        try {
            return HttpApiResponse.fromLambdaOutput(match.route().target().invoke(event));
        } catch (FunctionErrorException e) {
            return HttpApiResponse.internalServerError();
        } catch (RuntimeException e) {
            LOG.error("invoking {} failed", match.route().target().functionName(), e);
            return HttpApiResponse.internalServerError();
        }
    }

    private void send(Response response, Callback callback, HttpApiResponse answer, String requestId, String origin) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        for (Map.Entry<String, String> header : answer.headers()) {
            if (!FRAMING_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))
                    && (cors == null || !CorsPolicy.isCorsHeader(header.getKey()))) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        if (cors != null) {
            cors.responseHeaders(origin).forEach(h -> headers.put(h.getKey(), h.getValue()));
        }
        headers.put("apigw-requestid", requestId);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
}
