package dev.antipop.dynamodb.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.Engine;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS's JSON 1.0 wire protocol for DynamoDB and DynamoDB Streams (as every AWS SDK speaks it): a POST on any path whose
 * {@code X-Amz-Target} header is {@code DynamoDB_20120810.<Operation>} or {@code DynamoDBStreams_20120810.<Operation>},
 * a JSON body, a JSON answer with an {@code x-amz-crc32} header (CRC32 of the body bytes) and an
 * {@code x-amzn-RequestId}. Errors are {@code {"__type":"com.amazonaws.dynamodb.v20120810#<Type>","message":"…"}} with
 * the status of the error. Signatures are accepted without verification.
 */
public final class DynamoDbHandler extends Handler.Abstract {

    /** The largest request body accepted (DynamoDB's own request limit is 16 MB). */
    public static final int MAX_BODY = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbHandler.class);
    private static final String DYNAMODB = "DynamoDB_20120810.";
    private static final String STREAMS = "DynamoDBStreams_20120810.";
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final String STREAMS_ERROR_PREFIX = "com.amazonaws.streams.dynamodb.v20120810#";

    private final Engine engine;
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * The handler is {@code BLOCKING} (Handler.Abstract's default), so Jetty runs each request on a virtual thread: a
     * request may wait for an item lock or a durable commit, and measured here, 16 SDK clients got twice the
     * transactions per second this way than with requests run on the I/O thread.
     *
     * @param engine the engine to serve
     */
    public DynamoDbHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = request.getHeaders().get("X-Amz-Target");
        boolean streams = target != null && target.startsWith(STREAMS);
        if (!HttpMethod.POST.is(request.getMethod())) {
            fail(
                    response,
                    callback,
                    DynamoDbException.unknownOperation("DynamoDB answers POST requests only"),
                    streams);
            return true;
        }
        if (request.getLength() > MAX_BODY) {
            fail(response, callback, tooLarge(), streams);
            return true;
        }
        // Completes at once when the body is already read (the common case), else when the rest arrives.
        Content.Source.asByteArrayAsync(request, MAX_BODY).whenComplete((bytes, failure) -> {
            try {
                if (failure != null) {
                    Throwable cause =
                            failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                    boolean large = cause instanceof IllegalArgumentException || cause instanceof IllegalStateException;
                    fail(
                            response,
                            callback,
                            large ? tooLarge() : DynamoDbException.serialization("Could not read the request body"),
                            streams);
                } else {
                    answer(response, callback, target, streams, bytes);
                }
            } catch (RuntimeException e) {
                LOG.error("Internal error answering {}", target, e);
                callback.failed(e);
            }
        });
        return true;
    }

    private void answer(Response response, Callback callback, String target, boolean streams, byte[] bytes) {
        int status = 200;
        byte[] body;
        try {
            if (target == null || !(target.startsWith(DYNAMODB) || streams)) {
                throw DynamoDbException.unknownOperation(
                        target == null ? "Missing X-Amz-Target header" : "Unknown operation: " + target);
            }
            JsonNode parsed = parse(bytes);
            String operation = target.substring(streams ? STREAMS.length() : DYNAMODB.length());
            JsonNode result =
                    streams ? engine.handleStreams(operation, (ObjectNode) parsed) : engine.handle(operation, parsed);
            body = mapper.writeValueAsBytes(result);
        } catch (DynamoDbException e) {
            status = e.status();
            body = error(e, streams);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.error("Internal error answering {}", target, e);
            status = 500;
            body = error(new DynamoDbException("InternalServerError", "Internal server error", 500, Map.of()), streams);
        }
        send(response, callback, status, body);
    }

    private void fail(Response response, Callback callback, DynamoDbException e, boolean streams) {
        send(response, callback, e.status(), error(e, streams));
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        response.setStatus(status);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
        headers.put("x-amz-crc32", Long.toString(crc.getValue()));
        headers.put("x-amzn-RequestId", requestId());
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * A request id in the shape DynamoDB uses (52 upper-case letters and digits). Not cryptographic: it only tells
     * requests apart in logs, so it avoids {@code SecureRandom} on the hot path.
     */
    static String requestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        char[] id = new char[52];
        for (int i = 0; i < id.length; i++) {
            int v = random.nextInt(36);
            id[i] = (char) (v < 10 ? '0' + v : 'A' + v - 10);
        }
        return new String(id);
    }

    private static DynamoDbException tooLarge() {
        return new DynamoDbException(
                "ValidationException", "Request size exceeded " + MAX_BODY + " bytes", 413, Map.of());
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw DynamoDbException.serialization("Start of structure or map found where not expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw DynamoDbException.serialization(
                    "Could not parse the request body as JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw DynamoDbException.serialization("Could not read the request body");
        }
    }

    private byte[] error(DynamoDbException e, boolean streams) {
        ObjectNode node = mapper.createObjectNode();
        node.put("__type", (streams ? STREAMS_ERROR_PREFIX : ERROR_PREFIX) + e.type());
        node.put("message", e.getMessage());
        e.extraFields().forEach((name, value) -> node.set(name, mapper.valueToTree(value)));
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException impossible) {
            return ("{\"__type\":\"" + ERROR_PREFIX + "InternalServerError\"}").getBytes();
        }
    }
}
