package dev.antipop.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed command line of {@code run-local} (see {@link Main#USAGE}). */
final class CommandLine {
    /** A CloudFormation parameter name (alphanumeric) followed by {@code =}. */
    private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile("[A-Za-z0-9]+=");

    String command = "run";
    final List<String> arguments = new ArrayList<>();
    boolean help;
    Path template = Path.of("template.yaml");
    final Map<String, String> parameterOverrides = new LinkedHashMap<>();
    Path dbPath;
    Integer httpPort;
    Integer webSocketPort;
    Integer dynamoDbPort;
    String host = "127.0.0.1";
    String region = "us-east-1";
    String stackName = "antipop-local";
    dev.antipop.local.chaos.ChaosSettings chaos;
    String endpoint;
    boolean settled;
    Double minutes;
    boolean console = true;
    String context;
    String view;
    Integer segments;
    boolean restart;

    /**
     * @throws IllegalArgumentException naming the bad option
     */
    static CommandLine parse(String[] args) {
        CommandLine line = new CommandLine();
        boolean commandSeen = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help", "help" -> line.help = true;
                case "--template" -> line.template = Path.of(value(args, ++i, arg));
                case "--db-path" -> line.dbPath = Path.of(value(args, ++i, arg));
                case "--port-http" -> line.httpPort = port(value(args, ++i, arg), arg);
                case "--port-ws" -> line.webSocketPort = port(value(args, ++i, arg), arg);
                case "--port-dynamodb", "--port" -> line.dynamoDbPort = port(value(args, ++i, arg), arg);
                case "--host" -> line.host = value(args, ++i, arg);
                case "--snap-start" -> System.setProperty(FunctionPhase.SNAP_START_PROPERTY, "true");
                case "--region" -> line.region = value(args, ++i, arg);
                case "--stack-name" -> line.stackName = value(args, ++i, arg);
                case "--endpoint" -> line.endpoint = value(args, ++i, arg);
                case "--settled" -> line.settled = true;
                case "--minutes" -> line.minutes = minutes(value(args, ++i, arg));
                case "--chaos" -> line.chaos = dev.antipop.local.chaos.ChaosSettings.parse(value(args, ++i, arg));
                case "--no-console" -> line.console = false;
                case "--context" -> line.context = value(args, ++i, arg);
                case "--view" -> line.view = value(args, ++i, arg);
                case "--segments" -> line.segments = segments(value(args, ++i, arg));
                case "--restart" -> line.restart = true;
                case "--parameter-overrides" -> {
                    // Greedy like sam's option, but only over Key=Value tokens: a fixture path ends the list.
                    int before = line.parameterOverrides.size();
                    while (i + 1 < args.length && PARAMETER.matcher(args[i + 1]).lookingAt()) {
                        for (String pair : args[++i].trim().split("\\s+")) {
                            int eq = pair.indexOf('=');
                            if (eq < 1) {
                                throw new IllegalArgumentException(
                                        "--parameter-overrides: " + pair + " is not Key=Value");
                            }
                            line.parameterOverrides.put(pair.substring(0, eq), pair.substring(eq + 1));
                        }
                    }
                    if (line.parameterOverrides.size() == before) {
                        throw new IllegalArgumentException("--parameter-overrides needs Key=Value pairs");
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (!commandSeen) {
                        line.command = arg;
                        commandSeen = true;
                    } else {
                        line.arguments.add(arg);
                    }
                }
            }
        }
        return line;
    }

    /**
     * The local cloud options.
     *
     * @param ephemeralByDefault whether ports not given on the command line are ephemeral (replay, bench) rather
     *     than 8000 / 3000 / 3001
     */
    LocalCloud.Options options(boolean ephemeralByDefault) {
        LocalCloud.Options defaults = LocalCloud.Options.defaults(template);
        int fallbackDynamoDb = ephemeralByDefault ? 0 : defaults.dynamoDbPort();
        int fallbackHttp = ephemeralByDefault ? 0 : defaults.httpPort();
        int fallbackWs = ephemeralByDefault ? 0 : defaults.webSocketPort();
        return defaults.toBuilder()
                .parameterOverrides(parameterOverrides)
                .bindHost(host)
                .dynamoDbPort(dynamoDbPort == null ? fallbackDynamoDb : dynamoDbPort)
                .httpPort(httpPort == null ? fallbackHttp : httpPort)
                .webSocketPort(webSocketPort == null ? fallbackWs : webSocketPort)
                .dbPath(dbPath)
                .region(region)
                .stackName(stackName)
                .chaos(chaos)
                .console(console)
                .build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double minutes(String value) {
        try {
            double minutes = Double.parseDouble(value);
            if (!(minutes > 0 && minutes <= 24 * 60)) {
                throw new NumberFormatException();
            }
            return minutes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--minutes: " + value + " is not a duration in minutes (0 < N <= 1440)");
        }
    }

    private static int segments(String value) {
        try {
            int segments = Integer.parseInt(value);
            if (segments < 1 || segments > 1_000_000) {
                throw new NumberFormatException();
            }
            return segments;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--segments: " + value + " is not a segment count (1..1000000)");
        }
    }

    private static int port(String value, String option) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + value + " is not a port (0..65535)");
        }
    }
}
