package dev.antipop.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.bench.CatalogBenchmark;
import dev.antipop.local.bench.ChatBenchmark;
import dev.antipop.local.bench.CommerceBenchmark;
import dev.antipop.local.bench.DynamoDbBenchmark;
import dev.antipop.local.bench.FanOutBenchmark;
import dev.antipop.local.bench.FeedsBenchmark;
import dev.antipop.local.bench.LocalCloudBenchmark;
import dev.antipop.local.bench.NotebooksBenchmark;
import dev.antipop.local.bench.PipelineBenchmark;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.demo.Demo;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.streams.EventSourceMapping;
import dev.antipop.local.streams.EventSourceMappingSettings;
import dev.antipop.local.template.DynamoDbEventSource;
import dev.antipop.local.template.FunctionDefinition;
import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.TemplateException;
import dev.antipop.local.template.WebSocketApiDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local cloud's command line ({@code ./run-local}). Commands: {@code run} (default), {@code replay <fixture.json>…},
 * {@code bench}, {@code demo}, {@code check}, {@code soak}, {@code rebuild-projections}, {@code --help}. A mistake the user can fix
 * (a malformed template, a port in use, a handler class that is not on the classpath, a bad option) is one line on
 * standard error and exit code 2 (usage, template) or 1 (start or run failure), never a stack trace.
 */
public final class Main {

    /** Exit code of a failure while starting or running. */
    static final int EXIT_FAILURE = 1;

    /** Exit code of a usage or template mistake. */
    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            Usage: ./run-local [command] [options]

            Runs template.yaml on this machine: Antipop's DynamoDB engine, the HTTP API and WebSocket API emulators, the
            functions and their DynamoDB Streams event source mappings, in one JVM.

            Commands:
              run                      start the local cloud, print its endpoints, then the invocation log (default)
              replay <fixture.json>... invoke the function(s) each fixture belongs to (HTTP API event by routeKey,
                                       WebSocket event by routeKey, DynamoDB Streams event by the table in
                                       eventSourceARN) on a fresh local cloud and print each response
              dynamodb                 run Antipop's DynamoDB engine alone (DynamoDB + DynamoDB Streams APIs) on
                                       --port (default 8000), in memory or in --db-path DIR, until Ctrl-C
              bench                    measure the local cloud on ephemeral ports and print the figures
              bench-dynamodb           measure the DynamoDB engine through the AWS SDK over HTTP, beside an
                                       in-memory map served the same way (the floor)
              bench-pipeline           run the template's command pipeline under load: command -> event on the
                                       sender's WebSocket (16 senders), login, raw TransactWriteItems
              bench-fanout             WebSocket connects per second (Node ws client in its own process), one
                                       event to 1,000 subscribed WebSocket connections (literal topic and 100
                                       patterns), and REMOVE_USER_ROLE -> cap_update
              bench-catalog            the catalog's cold starts, and UPDATE_BRAND -> its event on the owner's
                                       WebSocket (one sender, p50/p99)
              bench-feeds              the long poll's wake-up: an article update -> GET /events answers
                                       (p50/p99)
              bench-chat               chat: POST_MESSAGE -> the other members' sockets in a channel of 100
                                       members, one sender, then 16 senders at once
              bench-commerce           CHECKOUT -> order_confirmed on the buyer's WebSocket (one buyer, then 16
                                       concurrent buyers; p50/p99)
              bench-notebooks          notebook loads of 1,000 and 10,000 events with and without snapshots,
                                       and search over 1,000 notebooks (the engine through the SDK)
              bench-rebuild            rebuild-projections of the articles view from 20,000 events written
                                       straight into the engine (1 and 4 Scan segments), events/s
              demo                     start a fresh local cloud on free ports and run the README's first
                                       session against it (register, connect, command, events), with timings
              check                    check the tables of a running local cloud (--endpoint URL, default the
                                       DynamoDB port) or of a stopped one (--db-path DIR): events exactly once,
                                       gap-free versions, positions and views against their streams, one effect
                                       per clientMutationId and per policy source event; exit 1 on a violation
                                       (--settled: a processor behind its stream is one too)
              soak                     8 clients send commands across every context for --minutes N (default 1)
                                       on a fresh local cloud (--chaos SEED recommended), then the checker; prints
                                       the figures; exit 1 on a violation
              rebuild-projections      rebuild views from the events tables of a running local cloud (--endpoint
                                       URL, default the DynamoDB port) or a stopped one (--db-path DIR): a
                                       parallel Scan (--segments N, default 4) into fresh <table>-rebuild tables,
                                       then a swap into the live tables; --context C and --view V narrow it;
                                       progress on stderr; a killed run resumes where it stopped (--restart
                                       drops it); policies are never replayed

            Options:
              --template PATH                    the SAM template (default: template.yaml)
              --parameter-overrides K=V [K=V...] template parameter values
              --db-path DIR                      keep the DynamoDB engine's data in DIR (default: in memory)
              --port-http N                      first HTTP API's port (default 3000; 0 = any free port)
              --port-ws N                        first WebSocket API's port (default 3001; 0 = any free port)
              --port-dynamodb N, --port N        the DynamoDB engine's port (default 8000; 0 = any free port)
              --host HOST                        interface to listen on (default 127.0.0.1)
              --snap-start                       prime each function at init, as SnapStart's snapshot is primed
                                                 (init includes the priming work; first invocations show what it saves)
              --chaos SEED[,key=value...]        seeded, reproducible faults: stream batches delivered twice, failed,
                                                 timed out, delayed, with a poison record; PostToConnection 429 and
                                                 410 (keys duplicate, fail, poison, timeout, delay, throttle, gone:
                                                 rates 0..1; delay-ms); each fault is logged with the seed
              --endpoint URL                     check, rebuild-projections: the DynamoDB endpoint to use
              --context C, --view V              rebuild-projections: one context's views / one view (name or table
                                                 variable, e.g. brands or BRANDS_TABLE)
              --segments N, --restart            rebuild-projections: Scan segments; start over instead of resuming
              --settled                          check: a processor behind its stream is a violation
              --minutes N                        soak: how long the clients send (default 1)
              --region REGION                    AWS::Region and the functions' AWS_REGION (default us-east-1)
              --stack-name NAME                  AWS::StackName (default antipop-local)
              --no-console                       do not serve the console (http://<host>:<port-http>/_local/)
              -h, --help                         print this help
            """;

    private Main() {}

    /** Runs the CLI and exits with its status (0, 1 or 2). */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0 || !isRun(args)) {
            // Commands other than `run` and `dynamodb` end the JVM explicitly (a function's non-daemon thread must not
            // keep it alive). After those two the JVM is already shutting down (Ctrl-C ran the shutdown hook);
            // System.exit would wait on itself.
            System.exit(status);
        }
    }

    private static boolean isRun(String[] args) {
        try {
            CommandLine line = CommandLine.parse(args);
            return !line.help && (line.command.equals("run") || line.command.equals("dynamodb"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Runs one command.
     *
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("run-local: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        if (line.help) {
            out.print(USAGE);
            return 0;
        }
        try {
            switch (line.command) {
                case "run":
                    return runCloud(line, out);
                case "replay":
                    return replay(line, out, err);
                case "dynamodb":
                    return runDynamoDb(line, out);
                case "bench":
                    return LocalCloudBenchmark.run(line.options(true), out);
                case "bench-dynamodb":
                    return DynamoDbBenchmark.run(line.host, out);
                case "bench-pipeline":
                    return PipelineBenchmark.run(line.options(true), out);
                case "bench-fanout":
                    return FanOutBenchmark.run(line.options(true), out);
                case "bench-catalog":
                    return CatalogBenchmark.run(line.options(true), out);
                case "bench-feeds":
                    return FeedsBenchmark.run(line.options(true), out);
                case "bench-chat":
                    return ChatBenchmark.run(line.options(true), out);
                case "bench-commerce":
                    return CommerceBenchmark.run(line.options(true), out);
                case "bench-notebooks":
                    return NotebooksBenchmark.run(line.host, out);
                case "demo":
                    return demo(line, out, err);
                case "check":
                    return CheckCommand.run(line, out, err);
                case "soak":
                    return SoakCommand.run(line, out, err);
                case "rebuild-projections":
                    return RebuildCommand.run(line, out, err);
                case "bench-rebuild":
                    return RebuildCommand.benchmark(line, out);
                default:
                    err.println("run-local: unknown command " + line.command + " (see --help)");
                    return EXIT_USAGE;
            }
        } catch (TemplateException e) {
            String message = e.getMessage();
            // Template.read names the file itself; resolution errors name the resource and field only.
            err.println("run-local: "
                    + (message.startsWith(line.template.toString()) ? message : line.template + ": " + message));
            return EXIT_USAGE;
        } catch (LocalCloudException e) {
            err.println("run-local: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** Starts a fresh local cloud on free ports, runs the README's first session against it, prints it. */
    private static int demo(CommandLine line, PrintStream out, PrintStream err) {
        try (LocalCloud cloud = LocalCloud.start(line.options(true))) {
            out.printf(
                    "local cloud ready in %d ms: HTTP %s, WebSocket %s%n",
                    cloud.startDuration().toMillis(), cloud.httpEndpoint(), cloud.webSocketEndpoint());
            new Demo(new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint()), out).run();
            return 0;
        } catch (AssertionError e) {
            err.println("run-local: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** {@code dynamodb}: the engine alone, until Ctrl-C. */
    private static int runDynamoDb(CommandLine line, PrintStream out) {
        EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(
                line.host, line.dynamoDbPort == null ? 8000 : line.dynamoDbPort, line.dbPath, line.region, false);
        return serveUntilShutdown(
                dynamoDb::close,
                "dynamodb-shutdown",
                out,
                () -> out.printf(
                        "Antipop DynamoDB engine on %s (%s, region %s)%n  aws dynamodb list-tables --endpoint-url %s%n"
                                + "Ctrl-C stops it.%n",
                        dynamoDb.endpoint(),
                        line.dbPath == null ? "in memory" : "data in " + line.dbPath,
                        line.region,
                        dynamoDb.endpoint()));
    }

    private static int runCloud(CommandLine line, PrintStream out) {
        LocalCloud cloud = LocalCloud.start(line.options(false));
        return serveUntilShutdown(cloud::close, "local-cloud-shutdown", out, () -> {
            printEndpoints(cloud, out);
            out.println("Ctrl-C stops the local cloud. Invocations follow.");
        });
    }

    /**
     * Registers {@code close} to run when the JVM shuts down (Ctrl-C, SIGTERM), runs {@code announce} (which prints to
     * {@code out}), and returns 0 once {@code close} has run.
     */
    private static int serveUntilShutdown(Runnable close, String threadName, PrintStream out, Runnable announce) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                close.run();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        threadName));
        announce.run();
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Prints every endpoint: HTTP routes, WebSocket URL and management API, DynamoDB, each stream mapping. */
    static void printEndpoints(LocalCloud cloud, PrintStream out) {
        out.printf(
                "Antipop local cloud: %s (stack %s, %s) ready in %d ms%n",
                cloud.options().template(),
                cloud.stack().stackName(),
                cloud.stack().region(),
                cloud.startDuration().toMillis());
        cloud.consoleUrl().ifPresent(url -> out.printf("  Console  %s  (--no-console: off)%n", url));
        for (LocalCloud.HttpApi api : cloud.httpApis()) {
            out.printf("  HTTP API %s  %s%n", api.definition().logicalId(), api.endpoint());
            for (HttpApiDefinition.Route route : api.definition().routes()) {
                String key = route.method() == null ? "$default" : route.method() + " " + route.path();
                out.printf("    %-40s -> %s%n", key, functionName(cloud, route.functionLogicalId()));
            }
        }
        for (LocalCloud.WebSocketApi api : cloud.webSocketApis()) {
            out.printf("  WebSocket API %s  %s%n", api.definition().logicalId(), api.endpoint());
            out.printf("    management API  %s/@connections/{connectionId}%n", api.managementEndpoint());
            for (WebSocketApiDefinition.Route route : api.definition().routes()) {
                out.printf(
                        "    %-20s -> %s%s%n",
                        route.routeKey(),
                        functionName(cloud, route.functionLogicalId()),
                        route.returnsResponse() ? " (two-way)" : "");
            }
        }
        out.printf(
                "  DynamoDB  %s  (aws dynamodb list-tables --endpoint-url %s)%n",
                cloud.dynamoDbEndpoint(), cloud.dynamoDbEndpoint());
        for (TableDefinition table : cloud.tables()) {
            out.printf(
                    "    %s%s%s%n",
                    table.tableName(),
                    table.streamViewType() == null ? "" : "  stream " + table.streamViewType(),
                    table.timeToLiveAttribute() == null ? "" : "  TTL " + table.timeToLiveAttribute());
        }
        if (!cloud.eventSourceMappings().isEmpty()) {
            out.println("  Stream event source mappings");
            for (EventSourceMapping mapping : cloud.eventSourceMappings()) {
                EventSourceMappingSettings s = mapping.settings();
                out.printf(
                        "    %s -> %s  (%s, batch %d, retries %s%s%s%s)%n",
                        tableOf(s.streamArn()),
                        s.functionName(),
                        s.startingPosition(),
                        s.batchSize(),
                        s.maximumRetryAttempts() < 0 ? "infinite" : Integer.toString(s.maximumRetryAttempts()),
                        s.bisectBatchOnFunctionError() ? ", bisect" : "",
                        s.reportBatchItemFailures() ? ", ReportBatchItemFailures" : "",
                        s.onFailureDestination() == null ? "" : ", on-failure logged");
            }
        }
    }

    private static String functionName(LocalCloud cloud, String logicalId) {
        LocalFunction function = cloud.functions().get(logicalId);
        return function == null ? logicalId : function.functionName();
    }

    /** The table name inside a stream ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>}). */
    static String tableOf(String streamArn) {
        int start = streamArn.indexOf(":table/");
        if (start < 0) {
            return streamArn;
        }
        int end = streamArn.indexOf("/stream/", start);
        return streamArn.substring(start + ":table/".length(), end < 0 ? streamArn.length() : end);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // replay

    private static int replay(CommandLine line, PrintStream out, PrintStream err) {
        if (line.arguments.isEmpty()) {
            err.println("run-local: replay needs at least one fixture file (see --help)");
            return EXIT_USAGE;
        }
        ObjectMapper mapper = new ObjectMapper();
        Map<Path, JsonNode> fixtures = new LinkedHashMap<>();
        for (String argument : line.arguments) {
            Path file = Path.of(argument);
            try {
                fixtures.put(file, mapper.readTree(Files.readAllBytes(file)));
            } catch (IOException e) {
                err.println("run-local: " + file + ": not a readable JSON fixture: " + firstLine(e.getMessage()));
                return EXIT_USAGE;
            }
        }
        int status = 0;
        try (LocalCloud cloud = LocalCloud.start(line.options(true))) {
            for (Map.Entry<Path, JsonNode> fixture : fixtures.entrySet()) {
                List<String> targets;
                try {
                    targets = replayTargets(cloud, fixture.getValue());
                } catch (IllegalArgumentException e) {
                    err.println("run-local: " + fixture.getKey() + ": " + e.getMessage());
                    status = EXIT_USAGE;
                    continue;
                }
                byte[] event;
                try {
                    event = Files.readAllBytes(fixture.getKey());
                } catch (IOException e) {
                    throw new LocalCloudException(fixture.getKey() + ": " + e.getMessage(), e);
                }
                for (String logicalId : targets) {
                    LocalFunction function = cloud.functions().get(logicalId);
                    long started = System.nanoTime();
                    try {
                        byte[] response = function.invoke(event);
                        out.printf(
                                "== %s -> %s (%d ms)%n%s%n",
                                fixture.getKey(),
                                function.functionName(),
                                (System.nanoTime() - started) / 1_000_000,
                                new String(response, StandardCharsets.UTF_8));
                    } catch (FunctionErrorException e) {
                        out.printf(
                                "== %s -> %s: function error %s: %s%n",
                                fixture.getKey(), function.functionName(), e.errorType(), firstLine(e.getMessage()));
                        status = EXIT_FAILURE;
                    }
                }
            }
        }
        return status;
    }

    /**
     * The logical ids of the functions a fixture belongs to, decided by its shape.
     *
     * @throws IllegalArgumentException when the fixture is no event the template routes anywhere
     */
    public static List<String> replayTargets(LocalCloud cloud, JsonNode event) {
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty()) {
            JsonNode first = records.get(0);
            if (!"aws:dynamodb".equals(first.path("eventSource").asText())) {
                throw new IllegalArgumentException("a Records event from "
                        + first.path("eventSource").asText("?") + " (only aws:dynamodb streams are mapped locally)");
            }
            String table = tableOf(first.path("eventSourceARN").asText());
            List<String> targets = new ArrayList<>();
            String tableLogicalId = null;
            for (TableDefinition definition : cloud.tables()) {
                if (definition.tableName().equals(table)) {
                    tableLogicalId = definition.logicalId();
                }
            }
            String streamArn =
                    tableLogicalId == null ? null : cloud.streamArns().get(tableLogicalId);
            for (FunctionDefinition function : cloud.stack().functions()) {
                for (DynamoDbEventSource source : function.dynamoDbEvents()) {
                    if (source.streamArn().equals(streamArn) && !targets.contains(function.logicalId())) {
                        targets.add(function.logicalId());
                    }
                }
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no function is mapped to the stream of table " + table);
            }
            return targets;
        }
        JsonNode context = event.path("requestContext");
        String routeKey = context.path("routeKey").asText(event.path("routeKey").asText(null));
        if (context.has("connectionId") || context.has("eventType")) {
            for (LocalCloud.WebSocketApi api : cloud.webSocketApis()) {
                WebSocketApiDefinition.Route fallback = null;
                for (WebSocketApiDefinition.Route route : api.definition().routes()) {
                    if (route.routeKey().equals(routeKey)) {
                        return List.of(route.functionLogicalId());
                    }
                    if (route.routeKey().equals("$default")) {
                        fallback = route;
                    }
                }
                if (fallback != null && !routeKey.startsWith("$")) {
                    return List.of(fallback.functionLogicalId());
                }
            }
            throw new IllegalArgumentException("no WebSocket route " + routeKey);
        }
        if ("2.0".equals(event.path("version").asText()) && routeKey != null) {
            for (LocalCloud.HttpApi api : cloud.httpApis()) {
                for (HttpApiDefinition.Route route : api.definition().routes()) {
                    String key = route.method() == null ? "$default" : route.method() + " " + route.path();
                    String anyKey =
                            "ANY " + (routeKey.contains(" ") ? routeKey.substring(routeKey.indexOf(' ') + 1) : "");
                    if (key.equals(routeKey) || key.equals(anyKey)) {
                        return List.of(route.functionLogicalId());
                    }
                }
            }
            throw new IllegalArgumentException("no HTTP API route " + routeKey);
        }
        throw new IllegalArgumentException(
                "not an event the local cloud routes (expected an HTTP API 2.0 event, a WebSocket event or a DynamoDB"
                        + " Streams event)");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
