package dev.antipop.local.soak;

import dev.antipop.local.LocalCloud;
import dev.antipop.local.chaos.Fault;
import dev.antipop.local.check.CheckReport;
import dev.antipop.local.check.ConsistencyChecker;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.runtime.context.Contexts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A soak on a started local cloud: the {@link SoakLoad}, then a wait until every processor has caught up with its
 * streams (the checker's position lags reach none, at most {@code settleTimeout}), then the {@link ConsistencyChecker}
 * with {@code requireSettled}.
 *
 * @param figures what the load did
 * @param report what the checker found
 * @param settleMillis how long the processors took to catch up after the load
 * @param injected the faults the chaos switch injected, by fault
 */
public record SoakRun(SoakLoad.Figures figures, CheckReport report, long settleMillis, Map<String, Long> injected) {

    /**
     * Runs a soak.
     *
     * @param cloud the local cloud (chaos on or off)
     * @param clients concurrent clients
     * @param duration how long they send
     * @param seed the clients' seed
     * @param settleTimeout the longest wait for the processors after the load
     */
    public static SoakRun run(LocalCloud cloud, int clients, Duration duration, long seed, Duration settleTimeout)
            throws InterruptedException {
        Contexts contexts = Contexts.onClasspath();
        AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        SoakLoad.Figures figures = SoakLoad.run(client, new CommandGenerator(contexts), clients, duration, seed);
        ConsistencyChecker checker = new ConsistencyChecker(
                cloud.dynamoDb().client(), contexts, cloud.stack().stackName());
        long settleStart = System.nanoTime();
        long deadline = settleStart + settleTimeout.toNanos();
        while (System.nanoTime() < deadline && !checker.check(false).settled()) {
            // The processors catch up through the stream pollers of this process; polling the tables is the check.
            Thread.sleep(200);
        }
        long settleMillis = (System.nanoTime() - settleStart) / 1_000_000;
        CheckReport report = checker.check(true);
        Map<String, Long> injected = new TreeMap<>();
        for (Fault fault : Fault.values()) {
            injected.put(fault.key(), cloud.chaos().injected(fault));
        }
        return new SoakRun(figures, report, settleMillis, injected);
    }

    /** Prints the figures, the faults injected and the checker's report. */
    public void print(PrintStream out) {
        figures.print(out);
        out.printf("  faults injected: %s%n", injected);
        out.printf("  processors caught up %d ms after the load%n", settleMillis);
        report.print(out);
    }
}
