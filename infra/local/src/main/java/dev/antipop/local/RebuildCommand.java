package dev.antipop.local;

import dev.antipop.local.bench.RebuildBenchmark;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.Template;
import dev.antipop.runtime.rebuild.ProjectionRebuild;
import dev.antipop.runtime.rebuild.RebuildPlan;
import dev.antipop.runtime.rebuild.RebuildRequest;
import dev.antipop.runtime.rebuild.RebuildResult;
import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./run-local rebuild-projections [--context C] [--view V] [--segments N] [--restart]}: {@link
 * ProjectionRebuild} against a running local cloud's DynamoDB endpoint ({@code --endpoint URL}, default {@code
 * http://<host>:<port-dynamodb>}, 8000) or a stopped one's data directory ({@code --db-path DIR}, opened with the
 * engine on a free port). The tables are those the template gives {@value #FUNCTION}, resolved for {@code
 * --stack-name} as the local cloud names them ({@code <stack>-<LogicalId>}): the same variables the function reads on
 * AWS. Progress on standard error; the result on standard output; exit 0 when rebuilt, 1 on a failure (a rerun
 * resumes), 2 for a selection naming no view.
 */
final class RebuildCommand {

    /** The template's rebuild function, whose environment names the tables. */
    static final String FUNCTION = "RebuildProjectionsFunction";

    private RebuildCommand() {}

    static int run(CommandLine line, PrintStream out, PrintStream err) {
        RebuildRequest request;
        RebuildPlan plan;
        String checkpoints;
        try {
            request = new RebuildRequest(
                    line.context,
                    line.view,
                    line.segments == null ? RebuildRequest.DEFAULT_SEGMENTS : line.segments,
                    RebuildRequest.DEFAULT_PAGE_SIZE,
                    line.restart);
            Map<String, String> variables = variables(line);
            plan = RebuildPlan.resolve(RebuildPlan.viewsOnClasspath(), request, variables::get);
            checkpoints = variables.get("REBUILD_TABLE");
        } catch (IllegalArgumentException e) {
            err.println("run-local: rebuild-projections: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal() && err == System.err;
        if (line.dbPath != null) {
            try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(line.host, 0, line.dbPath, line.region, false)) {
                out.printf("rebuilding %s in %s (stack %s)%n", plan.live().keySet(), line.dbPath, line.stackName);
                return rebuild(
                        new ProjectionRebuild(engine.client(), checkpoints, err, terminal), plan, request, out, err);
            } catch (RuntimeException e) {
                err.println("run-local: rebuild-projections: " + line.dbPath + ": " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
        }
        URI endpoint = line.endpoint != null
                ? URI.create(line.endpoint)
                : URI.create("http://" + line.host + ":" + (line.dynamoDbPort == null ? 8000 : line.dynamoDbPort));
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(line.region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            out.printf("rebuilding %s at %s (stack %s)%n", plan.live().keySet(), endpoint, line.stackName);
            return rebuild(new ProjectionRebuild(client, checkpoints, err, terminal), plan, request, out, err);
        } catch (SdkException e) {
            err.println("run-local: rebuild-projections: " + endpoint + ": " + e.getMessage());
            return Main.EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A projector or the order check failed: the checkpoints stay, a rerun resumes.
            err.println("run-local: rebuild-projections: failed (run it again to resume): " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
    }

    private static int rebuild(
            ProjectionRebuild rebuild, RebuildPlan plan, RebuildRequest request, PrintStream out, PrintStream err) {
        plan.sources()
                .forEach(source -> out.printf(
                        "  %s: %s from %s%n",
                        source.context(),
                        source.views().stream().map(v -> v.name()).toList(),
                        source.eventsTable()));
        RebuildResult result = rebuild.run(plan, request, () -> false);
        out.printf(
                Locale.ROOT,
                "rebuilt: %,d events in %.1f s (%,.0f events/s while scanning)%n",
                result.events(),
                result.seconds(),
                result.eventsPerSecond());
        result.swaps()
                .forEach((variable, swap) -> out.printf(
                        Locale.ROOT,
                        "  %s (%s): %d put, %d deleted, %d unchanged%n",
                        variable,
                        plan.live().get(variable),
                        swap.put(),
                        swap.deleted(),
                        swap.unchanged()));
        return result.done() ? 0 : Main.EXIT_FAILURE;
    }

    /** The rebuild function's environment in the template, resolved for the local cloud's table names. */
    static Map<String, String> variables(CommandLine line) {
        return variables(stack(line), line);
    }

    /** {@code bench-rebuild}: {@link RebuildBenchmark} on the template's tables. */
    static int benchmark(CommandLine line, PrintStream out) {
        Stack stack = stack(line);
        return RebuildBenchmark.run(line.host, stack.tables(), variables(stack, line), out);
    }

    private static Map<String, String> variables(Stack stack, CommandLine line) {
        return stack.functions().stream()
                .filter(function -> function.logicalId().equals(FUNCTION))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(line.template + " has no " + FUNCTION))
                .environment();
    }

    /** The template as the local cloud reads it for {@code --stack-name} and {@code --region}. */
    private static Stack stack(CommandLine line) {
        Stack stack = Stack.of(
                Template.read(line.template), new Stack.Options(line.region, line.stackName, line.parameterOverrides));
        for (TableDefinition table : stack.tables()) {
            // Functions' environments are resolved against stream ARNs; the rebuild function names none.
            if (table.streamViewType() != null) {
                stack.recordStreamArn(
                        table.logicalId(),
                        "arn:aws:dynamodb:" + line.region + ":" + Stack.ACCOUNT_ID + ":table/" + table.tableName()
                                + "/stream/rebuild");
            }
        }
        return stack;
    }
}
