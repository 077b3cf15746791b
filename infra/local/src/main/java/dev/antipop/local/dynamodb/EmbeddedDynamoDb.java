package dev.antipop.local.dynamodb;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import dev.antipop.local.LocalCloudException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Antipop's DynamoDB engine ({@code infra/dynamodb-engine}) running in this JVM for the local cloud: DynamoDB and
 * DynamoDB Streams on one port, in memory or persisted under {@code --db-path}, with the region of the stack.
 *
 * <p>Write notification: the engine's stream listener signals {@link #writes()} after every stream record is visible
 * (item writes and TTL deletions alike), and {@link #writes(String)} for the record's own stream, so a stream's
 * pollers wake at once and read through the real Streams API, and only when their stream has something new: an idle
 * mapping does not answer every write of every other table with an empty GetRecords.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDbServer server;
    private final WriteSignal writes;
    private final Map<String, WriteSignal> streamWrites;
    private final SdkHttpClient httpClient;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streamsClient;

    private EmbeddedDynamoDb(
            DynamoDbServer server, WriteSignal writes, Map<String, WriteSignal> streamWrites, String region) {
        this.server = server;
        this.writes = writes;
        this.streamWrites = streamWrites;
        this.httpClient = UrlConnectionHttpClient.builder().build();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .build();
        this.streamsClient = DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .build();
    }

    /**
     * Starts the engine.
     *
     * @param bindHost the interface to listen on ({@code 127.0.0.1})
     * @param port the port (8000 by default, as DynamoDB's local tools use; 0 picks a free one)
     * @param dbPath a directory for the data, or {@code null} for in-memory
     * @param region the region of table and stream ARNs and of the SDK clients this object hands out
     * @throws LocalCloudException when the port is in use or the data directory cannot be used
     */
    public static EmbeddedDynamoDb start(String bindHost, int port, Path dbPath, String region) {
        return start(bindHost, port, dbPath, region, true);
    }

    /**
     * Starts the engine, with or without write notification (without: only to measure what notification costs).
     *
     * @throws LocalCloudException as {@link #start(String, int, Path, String)}
     */
    public static EmbeddedDynamoDb start(String bindHost, int port, Path dbPath, String region, boolean notifyWrites) {
        DynamoDbServer server;
        try {
            server = DynamoDbServer.builder()
                    .host(bindHost)
                    .port(port)
                    .region(region)
                    .dataDirectory(dbPath)
                    .start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException) {
                    throw new LocalCloudException(
                            "DynamoDB engine: port " + port + " on " + bindHost
                                    + " is in use (choose another with --port-dynamodb)",
                            e);
                }
            }
            throw new LocalCloudException("DynamoDB engine cannot start: " + e.getMessage(), e);
        }
        WriteSignal writes = new WriteSignal();
        Map<String, WriteSignal> streamWrites = new ConcurrentHashMap<>();
        if (notifyWrites) {
            server.engine().streams().addListener((streamArn, shardId, sequenceNumber) -> {
                streamWrites
                        .computeIfAbsent(streamArn, arn -> new WriteSignal())
                        .signal();
                writes.signal();
            });
        }
        return new EmbeddedDynamoDb(server, writes, streamWrites, region);
    }

    /** The port the engine listens on. */
    public int port() {
        return server.port();
    }

    /** {@code http://<host>:<port>}: the endpoint for {@code --endpoint-url} and {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Signalled after every stream record the engine appends, to any stream. */
    public WriteSignal writes() {
        return writes;
    }

    /**
     * Signalled after every stream record the engine appends to one stream (what its event source mappings wait on).
     *
     * @param streamArn the stream's ARN, as {@code DescribeTable} gives it ({@code LatestStreamArn})
     * @return the stream's signal, created on first use (a stream written before any poller asked has one already)
     */
    public WriteSignal writes(String streamArn) {
        return streamWrites.computeIfAbsent(streamArn, arn -> new WriteSignal());
    }

    /** The engine server (in-process access for the CLI and benchmarks). */
    public DynamoDbServer server() {
        return server;
    }

    /** A DynamoDB client for this instance (built once, shared; do not close it). */
    public DynamoDbClient client() {
        return client;
    }

    /** A DynamoDB Streams client for this instance (built once, shared; do not close it). */
    public DynamoDbStreamsClient streamsClient() {
        return streamsClient;
    }

    /** Closes the clients and stops the engine (a persisted engine flushes and releases its data directory). */
    @Override
    public void close() {
        client.close();
        streamsClient.close();
        httpClient.close();
        server.close();
    }
}
