package dev.antipop.local.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Serves the console under {@code /_local/}: the page and its files ({@link StaticAssets}) and the JSON endpoints
 * ({@link ConsoleApi}); declines every other {@code /_local} path, so that other local routes still answer.
 *
 * <p>Local only, and guarded as a local admin page must be (OWASP "Cross-Site Request Forgery Prevention Cheat Sheet",
 * verifying origin with standard headers; DNS rebinding):
 *
 * <ul>
 *   <li>when bound to a loopback address, a request whose {@code Host} is not a loopback name ({@code 127.0.0.1},
 *       {@code localhost}, {@code [::1]}) is refused 403 {@code forbidden}: a page of another site that rebinds its
 *       name to 127.0.0.1 cannot read the console;
 *   <li>a {@code POST} whose {@code Origin} is present and not this page's own is refused 403 {@code forbidden}, and
 *       its body must be {@code application/json} (else 415 {@code unsupported_media_type}), which a cross-site form
 *       cannot send without a CORS preflight this server never grants;
 *   <li>pages carry a {@code Content-Security-Policy} (scripts and styles from this origin only, no framing),
 *       {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}.
 * </ul>
 *
 * <p>Request bodies are at most {@value #MAX_BODY_BYTES} bytes (Lambda's synchronous invocation payload quota, 6 MB):
 * more is 413 {@code payload_too_large}.
 */
final class ConsoleHandler extends Handler.Abstract {

    /** Lambda's quota for a synchronous invocation's payload (the replayed event): 6 MB. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final String BASE = "/_local/";

    private final ConsoleApi api;
    private final StaticAssets assets;
    private final boolean loopbackOnly;
    private final String contentSecurityPolicy;

    /**
     * @param api the JSON endpoints
     * @param assets the page's files
     * @param bindHost the address the local cloud listens on
     * @param webSocketOrigins the WebSocket APIs' origins ({@code ws://127.0.0.1:3001}), which the page may connect to
     */
    ConsoleHandler(ConsoleApi api, StaticAssets assets, String bindHost, List<String> webSocketOrigins) {
        this.api = api;
        this.assets = assets;
        this.loopbackOnly = isLoopback(bindHost);
        this.contentSecurityPolicy = "default-src 'self'; connect-src 'self' " + String.join(" ", webSocketOrigins)
                + "; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    static boolean isLoopback(String host) {
        return host.startsWith("127.") || LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        boolean isApi = path.startsWith(ConsoleApi.PREFIX);
        StaticAssets.Asset asset = null;
        if (!isApi && !path.equals("/_local")) {
            String file = path.equals(BASE) ? "index.html" : path.substring(BASE.length());
            asset = file.equals("index.html") && !path.equals(BASE) ? null : assets.get(file);
            if (asset == null) {
                return false;
            }
        }
        if (loopbackOnly && !loopbackHost(Request.getServerName(request))) {
            sendJson(response, callback, ApiAnswer.error(403, "forbidden", "the console answers loopback names only"));
            return true;
        }
        if (path.equals("/_local")) {
            response.setStatus(301);
            response.getHeaders().put(HttpHeader.LOCATION, BASE);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        if (!isApi) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                sendJson(response, callback, ApiAnswer.error(405, "method_not_allowed", "pages answer GET only"));
                return true;
            }
            sendAsset(request, response, callback, asset, method.equals("HEAD"));
            return true;
        }
        byte[] body = new byte[0];
        if (!method.equals("GET") && !method.equals("HEAD")) {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (origin != null && !origin.equals(ownOrigin(request))) {
                sendJson(response, callback, ApiAnswer.error(403, "forbidden", "cross-origin requests are refused"));
                return true;
            }
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                sendJson(
                        response,
                        callback,
                        ApiAnswer.error(415, "unsupported_media_type", "send the body as application/json"));
                return true;
            }
            if (request.getLength() > MAX_BODY_BYTES) {
                sendJson(response, callback, tooLarge());
                return true;
            }
            try {
                body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
            } catch (ExecutionException e) {
                sendJson(response, callback, tooLarge());
                return true;
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = request.getHttpURI().getQuery();
        if (rawQuery != null) {
            Fields fields = new Fields();
            try {
                org.eclipse.jetty.util.UrlEncoded.decodeUtf8To(rawQuery, fields);
            } catch (IllegalArgumentException e) {
                sendJson(response, callback, ApiAnswer.invalid("the query string is not valid UTF-8 form encoding"));
                return true;
            }
            fields.forEach(f -> query.putIfAbsent(f.getName(), f.getValue()));
        }
        String rawPath = request.getHttpURI().getCanonicalPath();
        sendJson(response, callback, api.answer(method, rawPath.substring(ConsoleApi.PREFIX.length()), query, body));
        return true;
    }

    private static ApiAnswer tooLarge() {
        return ApiAnswer.error(413, "payload_too_large", "bodies are at most " + MAX_BODY_BYTES + " bytes");
    }

    private static boolean loopbackHost(String serverName) {
        return serverName != null && LOOPBACK_NAMES.contains(serverName.toLowerCase(Locale.ROOT))
                || serverName != null && serverName.startsWith("127.");
    }

    private static String ownOrigin(Request request) {
        return request.getHttpURI().getScheme() + "://" + request.getHeaders().get(HttpHeader.HOST);
    }

    private void sendAsset(
            Request request, Response response, Callback callback, StaticAssets.Asset asset, boolean head) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        // Revalidate every time (the files change with the build); the ETag makes that a 304.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.VARY, "Accept-Encoding");
        securityHeaders(response);
        if (asset.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        byte[] bytes = asset.bytes();
        if (asset.gzipped() != null
                && accept != null
                && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
            bytes = asset.gzipped();
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }

    private void securityHeaders(Response response) {
        response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
    }

    private static void sendJson(Response response, Callback callback, ApiAnswer answer) {
        byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (answer.status() == 405) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST");
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
