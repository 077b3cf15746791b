package dev.antipop.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the event an API Gateway HTTP API sends to a Lambda proxy integration with payload format version 2.0
 * ("Create AWS Lambda proxy integrations for HTTP APIs", section "Payload format version"; the shape of
 * {@code APIGatewayV2HTTPEvent}):
 *
 * <pre>{@code
 * {"version":"2.0","routeKey":"POST /commands/{name}","rawPath":"/commands/create-user","rawQueryString":"a=1&a=2",
 *  "cookies":["c1=v1","c2=v2"],"headers":{"content-type":"application/json","x-a":"1,2",...},
 *  "queryStringParameters":{"a":"1,2"},"pathParameters":{"name":"create-user"},
 *  "requestContext":{"accountId":"000000000000","apiId":"local","domainName":"localhost:3000","domainPrefix":"localhost",
 *    "http":{"method":"POST","path":"/commands/create-user","protocol":"HTTP/1.1","sourceIp":"127.0.0.1",
 *            "userAgent":"curl/8.5.0"},
 *    "requestId":"JKJaXmPLvHcESHA=","routeKey":"POST /commands/{name}","stage":"$default",
 *    "time":"22/Nov/2026:19:00:00 +0000","timeEpoch":1795374000000},
 *  "body":"{...}","isBase64Encoded":false}
 * }</pre>
 *
 * <ul>
 *   <li>Header names are lower-cased; repeated headers are joined with {@code ,}. {@code Cookie} headers are not in
 *       {@code headers}: their cookies are split on {@code ;} into {@code cookies}. API Gateway adds
 *       {@code x-forwarded-for}, {@code x-forwarded-port}, {@code x-forwarded-proto} and {@code x-amzn-trace-id}.
 *   <li>HTTP APIs decode the path ({@code rawPath}, {@code requestContext.http.path}, {@code pathParameters}) and the
 *       query string parameters; {@code rawQueryString} stays as sent. Repeated parameters are joined with {@code ,}.
 *   <li>The body is base64-encoded ({@code isBase64Encoded: true}) unless its content type is text: {@code text/*},
 *       {@code application/json}, {@code application/xml}, {@code application/javascript},
 *       {@code application/x-www-form-urlencoded} or a {@code +json}/{@code +xml} suffix, and the bytes are valid
 *       UTF-8: a "text" body that is not is passed base64-encoded too, so the function sees the bytes sent (and a
 *       strict JSON reader refuses them, RFC 8259 §8.1) instead of U+FFFD put in their place. Absent fields
 *       ({@code cookies}, {@code queryStringParameters}, {@code pathParameters}, {@code body}) are left out, as are
 *       {@code stageVariables}.
 *   <li>{@code domainName} is the {@code Host} header as sent (with the port the local cloud listens on).
 * </ul>
 */
final class HttpApiEvent {

    /** API Gateway's {@code requestContext.time} format ({@code 22/Nov/2026:19:00:00 +0000}). */
    static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The account id in local events; no real account is involved. */
    static final String ACCOUNT_ID = "000000000000";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpApiEvent() {}

    /**
     * @param request the client request
     * @param match the selected route and its path parameters
     * @param apiId the API's id ({@code requestContext.apiId})
     * @param stage the stage name ({@code $default} or a named stage)
     * @param requestId the request id (also sent back as {@code apigw-requestid})
     * @param localPort the port the client connected to ({@code x-forwarded-port})
     * @param timeEpochMillis when the request arrived, ms since the epoch
     * @return the event JSON, UTF-8
     */
    static byte[] toJson(
            HttpApiRequest request,
            HttpRouteMatch match,
            String apiId,
            String stage,
            String requestId,
            int localPort,
            long timeEpochMillis) {
        ObjectNode event = JSON.createObjectNode();
        String routeKey = match.route().routeKey();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.path());
        event.put("rawQueryString", request.rawQueryString());

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        String host = "";
        String userAgent = "";
        String contentType = null;
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = header.getValue();
            if (name.equals("cookie")) {
                for (String cookie : value.split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
                continue;
            }
            headers.merge(name, value, (first, next) -> first + "," + next);
        }
        host = headers.getOrDefault("host", "");
        userAgent = headers.getOrDefault("user-agent", "");
        contentType = headers.get("content-type");
        headers.merge("x-forwarded-for", request.sourceIp(), (sent, ip) -> sent + ", " + ip);
        headers.putIfAbsent("x-forwarded-port", String.valueOf(localPort));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", traceId(timeEpochMillis));

        if (!cookies.isEmpty()) {
            event.putArray("cookies")
                    .addAll(cookies.stream()
                            .map(JSON.getNodeFactory()::textNode)
                            .toList());
        }
        ObjectNode headersNode = event.putObject("headers");
        headers.forEach(headersNode::put);
        Map<String, String> query = queryStringParameters(request.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode pathNode = event.putObject("pathParameters");
            match.pathParameters().forEach(pathNode::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", ACCOUNT_ID);
        context.put("apiId", apiId);
        context.put("domainName", host);
        context.put("domainPrefix", domainPrefix(host));
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.path());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", userAgent);
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", stage);
        context.put("time", REQUEST_TIME.format(Instant.ofEpochMilli(timeEpochMillis)));
        context.put("timeEpoch", timeEpochMillis);

        boolean base64 = false;
        if (request.body().length > 0) {
            base64 = !isText(contentType) || !isUtf8(request.body());
            event.put(
                    "body",
                    base64
                            ? Base64.getEncoder().encodeToString(request.body())
                            : new String(request.body(), StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", base64);
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event tree always serialises", e);
        }
    }

    /**
     * Whether API Gateway passes a body of this content type as text (else base64).
     *
     * @param contentType the {@code Content-Type} header, parameters allowed; null when absent (then binary)
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/xml")
                || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded")
                || type.endsWith("+json")
                || type.endsWith("+xml");
    }

    /** Whether {@code bytes} are well-formed UTF-8 (no invalid, overlong or surrogate sequence). */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Decoded query parameters, repeated names joined with {@code ,} in arrival order. */
    static Map<String, String> queryStringParameters(String rawQueryString) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }

    /** Form-decodes ({@code +} is a space); a malformed escape is kept as sent rather than failing the request. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    private static String domainPrefix(String host) {
        int end = host.length();
        int dot = host.indexOf('.');
        int colon = host.indexOf(':');
        if (dot >= 0) {
            end = dot;
        } else if (colon >= 0) {
            end = colon;
        }
        return host.substring(0, end);
    }

    /** An X-Ray trace header value: {@code Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>}. */
    private static String traceId(long timeEpochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder trace = new StringBuilder(42).append("Root=1-");
        appendHex(trace, timeEpochMillis / 1000, 8);
        trace.append('-');
        appendHex(trace, random.nextLong(), 16);
        appendHex(trace, random.nextInt(), 8);
        return trace.toString();
    }

    private static void appendHex(StringBuilder target, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            target.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
        }
    }
}
