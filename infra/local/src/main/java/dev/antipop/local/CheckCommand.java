package dev.antipop.local;

import dev.antipop.local.check.CheckReport;
import dev.antipop.local.check.ConsistencyChecker;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.runtime.context.Contexts;
import java.io.PrintStream;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./run-local check}: the {@link ConsistencyChecker} against a running local cloud's DynamoDB endpoint
 * ({@code --endpoint URL}, default {@code http://<host>:<port-dynamodb>}, 8000) or a stopped one's data directory
 * ({@code --db-path DIR}, opened with the engine on a free port). Prints the figures, the violations with their ids
 * and the lags; exit 0 when there is no violation, 1 otherwise ({@code --settled}: a processor behind its stream is a
 * violation too).
 */
final class CheckCommand {

    private CheckCommand() {}

    static int run(CommandLine line, PrintStream out, PrintStream err) {
        Contexts contexts = Contexts.onClasspath();
        if (line.dbPath != null) {
            try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(line.host, 0, line.dbPath, line.region, false)) {
                out.printf("checking %s (stack %s)%n", line.dbPath, line.stackName);
                return report(new ConsistencyChecker(engine.client(), contexts, line.stackName), line, out);
            } catch (RuntimeException e) {
                err.println("run-local: check: cannot open " + line.dbPath + ": " + e.getMessage());
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
            out.printf("checking %s (stack %s)%n", endpoint, line.stackName);
            return report(new ConsistencyChecker(client, contexts, line.stackName), line, out);
        } catch (SdkException e) {
            err.println("run-local: check: cannot read " + endpoint + ": " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
    }

    private static int report(ConsistencyChecker checker, CommandLine line, PrintStream out) {
        CheckReport report = checker.check(line.settled);
        report.print(out);
        return report.ok() ? 0 : Main.EXIT_FAILURE;
    }
}
