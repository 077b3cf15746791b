package dev.antipop.dynamodb.engine;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives tests a running engine on a free port.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared(); // or .fresh()
 * ...
 * DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint())...build();
 * }</pre>
 *
 * <p>{@link #shared()} starts one in-memory server per JVM, on first use, and stops it when the JVM exits: tests that
 * share it use distinct table names ({@link #uniqueTableName}). {@link #fresh()} starts one per test class and stops
 * it after the class. The engine does not depend on the AWS SDK; tests build their own clients from
 * {@link #endpoint()}.
 */
public final class DynamoDbEngineExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Object SHARED_LOCK = new Object();
    private static DynamoDbServer sharedServer;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final boolean shared;
    private volatile DynamoDbServer server;

    private DynamoDbEngineExtension(boolean shared) {
        this.shared = shared;
    }

    /** One server per JVM, started once. */
    public static DynamoDbEngineExtension shared() {
        return new DynamoDbEngineExtension(true);
    }

    /** One server per test class. */
    public static DynamoDbEngineExtension fresh() {
        return new DynamoDbEngineExtension(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!shared && server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server (started now if the extension was not registered as a static field). */
    public DynamoDbServer server() {
        DynamoDbServer current = server;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (server == null) {
                server = shared
                        ? sharedServer()
                        : DynamoDbServer.builder().port(0).start();
            }
            return server;
        }
    }

    /** The endpoint for SDK clients. */
    public URI endpoint() {
        return server().endpoint();
    }

    /** The engine, in process. */
    public Engine engine() {
        return server().engine();
    }

    /** A table name no other test of this JVM gets: {@code prefix-<n>}. */
    public static String uniqueTableName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private static DynamoDbServer sharedServer() {
        synchronized (SHARED_LOCK) {
            if (sharedServer == null) {
                DynamoDbServer started = DynamoDbServer.builder().port(0).start();
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(started::close));
                sharedServer = started;
            }
            return sharedServer;
        }
    }
}
