package dev.antipop.dynamodb.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The engine as a program: {@code java -jar antipop-dynamodb-engine-all.jar [--port 8000] [--host 127.0.0.1]
 * [--db-path DIR] [--region us-east-1]}. Serves DynamoDB and DynamoDB Streams on one port until the process is stopped
 * (Ctrl-C, SIGTERM), then flushes and releases the data directory. Exit status 2 for a usage mistake, 1 when the
 * server cannot start (the port in use, a data directory another process holds).
 */
public final class DynamoDbServerCommand {

    static final String USAGE = """
            Usage: java -jar antipop-dynamodb-engine-all.jar [options]

            Antipop's DynamoDB engine: the DynamoDB and DynamoDB Streams APIs on one port, for local runs and tests.

            Options:
              --port N        the port (default 8000; 0 = any free port)
              --host HOST     the interface to listen on (default 127.0.0.1)
              --db-path DIR   keep the data in DIR (default: in memory)
              --region NAME   the region of table and stream ARNs (default us-east-1)
              -h, --help      print this help
            """;

    private DynamoDbServerCommand() {}

    /** Runs the engine until the JVM shuts down. */
    public static void main(String[] args) {
        // slf4j-simple (the runnable jar's provider) would log Jetty's start-up at INFO; keep the console to problems.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // Jetty sizes its padding from the JVM's reference width; without this hint it asks the platform MBean server,
        // which initialises JMX (about 0.5 s of a fresh JVM's start, measured with -Xlog:class+load). 16 references
        // per 64-byte cache line is what it would find with compressed oops (heaps under 32 GB).
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
        int status = run(args, System.out, System.err, true);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the options and starts the server.
     *
     * @param block whether to serve until the JVM shuts down (false: start, print the endpoint, stop; for tests)
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean block) {
        DynamoDbServer.Builder builder = DynamoDbServer.builder().port(8000);
        String host = "127.0.0.1";
        Path dataDirectory = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--port" -> builder.port(port(value(args, ++i)));
                    case "--host" -> host = value(args, ++i);
                    case "--db-path" -> dataDirectory = Path.of(value(args, ++i));
                    case "--region" -> builder.region(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("dynamodb-engine: " + e.getMessage() + " (see --help)");
            return 2;
        }
        DynamoDbServer server;
        try {
            server = builder.host(host).dataDirectory(dataDirectory).start();
        } catch (RuntimeException e) {
            err.println("dynamodb-engine: " + e.getMessage());
            return 1;
        }
        out.printf(
                "Antipop DynamoDB engine on %s (%s)%n  aws dynamodb list-tables --endpoint-url %s%n",
                server.endpoint(), dataDirectory == null ? "in memory" : "data in " + dataDirectory, server.endpoint());
        out.flush();
        if (!block) {
            server.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "dynamodb-engine-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a number from 0 to 65535, not " + text);
        }
    }
}
