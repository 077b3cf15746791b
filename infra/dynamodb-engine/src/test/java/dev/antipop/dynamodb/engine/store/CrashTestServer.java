package dev.antipop.dynamodb.engine.store;

import dev.antipop.dynamodb.engine.DynamoDbServer;
import java.nio.file.Path;

/**
 * The child process of {@link CrashIT}: a server on the data directory given as the only argument, on a free port,
 * which it prints as {@code PORT <n>}; then it serves until killed.
 */
public final class CrashTestServer {

    private CrashTestServer() {}

    public static void main(String[] args) throws InterruptedException {
        DynamoDbServer server =
                DynamoDbServer.builder().port(0).dataDirectory(Path.of(args[0])).start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
