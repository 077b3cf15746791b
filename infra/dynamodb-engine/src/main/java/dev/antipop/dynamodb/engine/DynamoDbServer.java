package dev.antipop.dynamodb.engine;

import dev.antipop.dynamodb.engine.http.DynamoDbHandler;
import dev.antipop.dynamodb.engine.store.DurabilityFactory;
import dev.antipop.dynamodb.engine.stream.StreamSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running DynamoDB-compatible server: an {@link Engine} served over HTTP (AWS JSON 1.0, DynamoDB and DynamoDB Streams
 * on one port) by Jetty, with request handling on virtual threads.
 *
 * <pre>{@code
 * try (DynamoDbServer server = DynamoDbServer.builder().port(0).start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(server.endpoint())…build();
 * }
 * }</pre>
 */
public final class DynamoDbServer implements AutoCloseable {

    private final Server jetty;
    private final Engine engine;
    private final URI endpoint;
    private final int port;

    private DynamoDbServer(Server jetty, Engine engine, String host, int port) {
        this.jetty = jetty;
        this.engine = engine;
        this.port = port;
        this.endpoint = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /** A builder with the defaults: 127.0.0.1, port 8000, us-east-1, account 000000000000, in memory. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint to give SDK clients ({@code http://127.0.0.1:<port>}). */
    public URI endpoint() {
        return endpoint;
    }

    /** The port bound (the real one when 0 was asked). */
    public int port() {
        return port;
    }

    /** The engine, for in-process access (streams listeners, TTL). */
    public Engine engine() {
        return engine;
    }

    /** Stops serving and closes the engine's store. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the DynamoDB server on port " + port, e);
        } finally {
            engine.close();
        }
    }

    /** Configures and starts a {@link DynamoDbServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8000;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private Path dataDirectory;
        private Duration tableCreationDelay = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private DurabilityFactory durabilityFactory;
        private StreamSettings streamSettings;
        private Duration timeToLiveSweepInterval = dev.antipop.dynamodb.engine.ttl.TtlSweeper.DEFAULT_INTERVAL;

        private Builder() {}

        /**
         * How often the TTL sweeper deletes expired items (default 1 s; positive). DynamoDB itself deletes within
         * days; locally a short interval makes TTL observable.
         */
        public Builder timeToLiveSweepInterval(Duration value) {
            this.timeToLiveSweepInterval = value;
            return this;
        }

        /** The address to bind (default 127.0.0.1). */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** The port (0 picks a free one; default 8000). */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The region in ARNs and stream records (default us-east-1). */
        public Builder region(String value) {
            this.region = value;
            return this;
        }

        /** The account id in ARNs (default 000000000000). */
        public Builder accountId(String value) {
            this.accountId = value;
            return this;
        }

        /**
         * A directory to keep state in across restarts, or null for memory only (default). With one, every
         * acknowledged write (tables, items, TTL and stream settings, stream records, transaction tokens) survives
         * {@code kill -9}: writes are group-committed and fsynced before they are acknowledged
         * ({@link dev.antipop.dynamodb.engine.store.MvStoreDurability}). {@link #start} fails with "data directory X is
         * in use by another process" when another process or server holds the directory.
         */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        /** The durable store to open on the data directory (default {@link DurabilityFactory#DEFAULT}). */
        public Builder durabilityFactory(DurabilityFactory value) {
            this.durabilityFactory = value;
            return this;
        }

        /** The streams' settings (default: {@link StreamSettings#defaults} for the region, on the clock). */
        public Builder streamSettings(StreamSettings value) {
            this.streamSettings = value;
            return this;
        }

        /** How long new tables stay CREATING (default zero: ACTIVE at once). */
        public Builder tableCreationDelay(Duration value) {
            this.tableCreationDelay = value;
            return this;
        }

        /** The clock (default the system UTC clock). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws UncheckedIOException when the port is in use (the message names host:port)
         */
        public DynamoDbServer start() {
            Engine engine = new Engine(
                    region, accountId, clock, tableCreationDelay, dataDirectory, durabilityFactory, streamSettings);
            QueuedThreadPool threads = new QueuedThreadPool(16, 2);
            threads.setName("dynamodb-engine");
            threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            threads.setDaemon(true);
            Server jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendDateHeader(false);
            // Jetty's per-connection header cache ignores case by default, so a header differing from the previous
            // request's only in case would be read as that previous value; header values are case-sensitive.
            http.setHeaderCacheCaseSensitive(true);
            ServerConnector connector = new ServerConnector(jetty, -1, -1, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            jetty.addConnector(connector);
            jetty.setHandler(new DynamoDbHandler(engine));
            try {
                jetty.start();
            } catch (IOException e) {
                stopQuietly(jetty, engine);
                throw new UncheckedIOException(
                        "Could not start the DynamoDB server on " + host + ":" + port + ": " + e.getMessage(), e);
            } catch (Exception e) {
                stopQuietly(jetty, engine);
                throw new IllegalStateException(
                        "Could not start the DynamoDB server on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            engine.startTimeToLive(timeToLiveSweepInterval);
            return new DynamoDbServer(jetty, engine, host, connector.getLocalPort());
        }

        private static void stopQuietly(Server jetty, Engine engine) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing; the start error is what matters
            }
            engine.close();
        }
    }
}
