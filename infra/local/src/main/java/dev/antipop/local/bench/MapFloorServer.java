package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor under {@code bench-dynamodb}: the same wire protocol on the same Jetty set-up as the engine (AWS JSON 1.0,
 * Jackson tree in and out, CRC32 header), but each operation is a plain map operation with no validation, expressions,
 * indexes, locks or streams. The SDK cannot tell them apart for PutItem, TransactWriteItems and Query, so the gap
 * between this and the engine is the engine's own cost.
 *
 * <p>Items live in one map per partition key value ({@code pk} attribute, as the benchmark's tables use), sorted by
 * the raw sort key text. Not a DynamoDB: for measuring only.
 */
final class MapFloorServer implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, ConcurrentSkipListMap<String, JsonNode>> partitions = new ConcurrentHashMap<>();
    private final Server jetty;
    private final ServerConnector connector;
    private volatile Runnable listener = () -> {};

    MapFloorServer(String host) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("map-floor");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        threads.setDaemon(true);
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String target = request.getHeaders().get("X-Amz-Target");
                JsonNode body = mapper.readTree(
                        Content.Source.asByteArrayAsync(request, 16 << 20).get());
                byte[] answer = mapper.writeValueAsBytes(answer(target.substring(target.indexOf('.') + 1), body));
                CRC32 crc = new CRC32();
                crc.update(answer);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
                response.getHeaders().put("x-amz-crc32", Long.toString(crc.getValue()));
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        });
        jetty.start();
    }

    /** {@code http://host:port}. */
    URI endpoint() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    /** Called after every stored write (the counterpart of the engine's stream listener). */
    void onWrite(Runnable value) {
        listener = value;
    }

    /** How many items are stored. */
    long size() {
        return partitions.values().stream().mapToLong(Map::size).sum();
    }

    private JsonNode answer(String operation, JsonNode body) {
        ObjectNode out = mapper.createObjectNode();
        switch (operation) {
            case "PutItem" -> put(body.get("Item"));
            case "BatchWriteItem" ->
                body.get("RequestItems")
                        .forEach(requests ->
                                requests.forEach(r -> put(r.get("PutRequest").get("Item"))));
            case "TransactWriteItems" ->
                body.get("TransactItems").forEach(item -> put(item.get("Put").get("Item")));
            case "Query" -> {
                String pk = body.get("ExpressionAttributeValues")
                        .get(":pk")
                        .get("S")
                        .asText();
                ConcurrentSkipListMap<String, JsonNode> partition =
                        partitions.getOrDefault(pk, new ConcurrentSkipListMap<>());
                ArrayNode items = out.putArray("Items");
                List<JsonNode> values = List.copyOf(partition.values());
                values.forEach(items::add);
                out.put("Count", values.size());
                out.put("ScannedCount", values.size());
            }
            default -> {
                // CreateTable and the like: nothing to keep.
            }
        }
        return out;
    }

    private void put(JsonNode item) {
        String pk = item.get("pk").get("S").asText();
        JsonNode sk = item.get("sk");
        partitions
                .computeIfAbsent(pk, ignored -> new ConcurrentSkipListMap<>())
                .put(sk == null ? "" : sk.toString(), item);
        listener.run();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
