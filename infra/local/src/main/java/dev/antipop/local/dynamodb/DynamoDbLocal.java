package dev.antipop.local.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.antipop.local.LocalCloudException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Amazon DynamoDB Local running in this JVM ({@code ServerRunner.createServerFromCommandLineArgs} with
 * {@code -inMemory} or {@code -dbPath DIR}, {@code -sharedDb} so that every region and access key sees the same
 * tables, {@code -disableTelemetry}), listening on the given host and port.
 *
 * <p>Write notification: DynamoDB Local's Jetty handler is wrapped by one that signals {@link #writes()} after every
 * write operation, so stream pollers wake when a record is appended. DynamoDB Local keeps its Jetty {@code Server} in
 * a private field; if a later version changes that, the local cloud still runs, with pollers on their fallback
 * interval, and says so in the log.
 *
 * <p>DynamoDB Local itself expires items whose TTL attribute is in the past (its {@code TimeToLiveDeletionJob} runs
 * every second), appending {@code REMOVE} stream records; those deletes do not pass through the HTTP handler, so the
 * pollers see them at their fallback interval.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLocal.class);

    private final DynamoDBProxyServer server;
    private final int port;
    private final String host;
    private final WriteSignal writes;
    private final boolean notifiesWrites;
    private final SdkHttpClient httpClient;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streamsClient;

    private DynamoDbLocal(
            DynamoDBProxyServer server,
            int port,
            String host,
            WriteSignal writes,
            boolean notifiesWrites,
            String region) {
        this.server = server;
        this.writes = writes;
        this.host = host;
        this.notifiesWrites = notifiesWrites;
        this.port = port;
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
     * Starts DynamoDB Local.
     *
     * @param bindHost the interface to listen on ({@code 127.0.0.1}); DynamoDB Local alone would listen on all
     * @param port the port (8000 is DynamoDB Local's default; 0 picks a free one)
     * @param dbPath a directory for the database file, or {@code null} for in-memory
     * @param region the region of the SDK clients this object hands out
     * @throws LocalCloudException when the port is in use or DynamoDB Local cannot start
     */
    public static DynamoDbLocal start(String bindHost, int port, Path dbPath, String region) {
        return start(bindHost, port, dbPath, region, true);
    }

    /**
     * Starts DynamoDB Local, with or without write notification (without: only to measure what notification costs).
     *
     * @throws LocalCloudException as {@link #start(String, int, Path, String)}
     */
    public static DynamoDbLocal start(String bindHost, int port, Path dbPath, String region, boolean notifyWrites) {
        // DynamoDB Local's command line rejects port 0; the connector is given the requested port below.
        int cliPort = port == 0 ? freePort(bindHost) : port;
        List<String> args =
                new ArrayList<>(List.of("-port", Integer.toString(cliPort), "-sharedDb", "-disableTelemetry"));
        if (dbPath == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dbPath);
            } catch (java.io.IOException e) {
                throw new LocalCloudException("--db-path " + dbPath + ": cannot create the directory: " + e, e);
            }
            args.addAll(List.of("-dbPath", dbPath.toString()));
        }
        DynamoDBProxyServer server;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        } catch (Exception e) {
            throw new LocalCloudException("DynamoDB Local cannot start: " + e.getMessage(), e);
        }
        Server jetty = jettyServer(server);
        WriteSignal writes = new WriteSignal();
        if (jetty != null) {
            ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
            connector.setHost(bindHost);
            connector.setPort(port);
            if (notifyWrites) {
                jetty.setHandler(new WriteNotifyingHandler(jetty.getHandler(), writes));
            }
        } else {
            log.warn("DynamoDB Local's Jetty server is not reachable; stream pollers fall back to their poll interval");
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (hasCause(e, BindException.class)) {
                throw new LocalCloudException(
                        "DynamoDB Local: port " + port + " on " + bindHost
                                + " is in use (choose another with --port-dynamodb)",
                        e);
            }
            throw new LocalCloudException("DynamoDB Local cannot start: " + e.getMessage(), e);
        }
        int actualPort = jetty == null ? port : ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        return new DynamoDbLocal(server, actualPort, bindHost, writes, jetty != null && notifyWrites, region);
    }

    /** The port DynamoDB Local listens on. */
    public int port() {
        return port;
    }

    /** {@code http://<host>:<port>}: the endpoint for {@code --endpoint-url} and {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    /** Signalled after every write operation DynamoDB Local answers (see the class comment). */
    public WriteSignal writes() {
        return writes;
    }

    /** Whether writes are signalled ({@code false} when the Jetty server could not be wrapped). */
    public boolean notifiesWrites() {
        return notifiesWrites;
    }

    /** A DynamoDB client for this instance (built once, shared; do not close it). */
    public DynamoDbClient client() {
        return client;
    }

    /** A DynamoDB Streams client for this instance (built once, shared; do not close it). */
    public DynamoDbStreamsClient streamsClient() {
        return streamsClient;
    }

    /** Stops the server and its (non-daemon) Jetty threads, and closes the clients. */
    @Override
    public void close() {
        client.close();
        streamsClient.close();
        httpClient.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    private static Server jettyServer(DynamoDBProxyServer server) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            return (Server) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot reach DynamoDB Local's Jetty server ({}); no write notification", e.toString());
            return null;
        }
    }

    /** A free port, only for the case where the Jetty connector cannot be given port 0 itself. */
    private static int freePort(String bindHost) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(bindHost))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new LocalCloudException("DynamoDB Local: no free port on " + bindHost + ": " + e.getMessage(), e);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("stopping DynamoDB Local after a failed start", e);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
