package dev.antipop.local;

import dev.antipop.local.chaos.ChaosSettings;
import dev.antipop.local.soak.SoakRun;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code ./run-local soak [--minutes N] [--chaos SEED]}: 8 clients on a fresh local cloud (free ports, in memory unless
 * {@code --db-path}), then the checker; prints the figures; exit 1 when the checker finds a violation.
 */
final class SoakCommand {

    /** Clients of the soak (issue 13: "commands from 8 clients"). */
    static final int CLIENTS = 8;

    private SoakCommand() {}

    static int run(CommandLine line, PrintStream out, PrintStream err) {
        double minutes = line.minutes == null ? 1 : line.minutes;
        LocalCloud.Options options = line.options(true);
        try (LocalCloud cloud = LocalCloud.start(options)) {
            ChaosSettings chaos = options.chaos();
            out.printf(
                    "soak: %d clients for %.1f min, %s%n",
                    CLIENTS, minutes, chaos == null ? "chaos off" : "--chaos " + chaos.toOption());
            SoakRun run = SoakRun.run(
                    cloud,
                    CLIENTS,
                    Duration.ofMillis((long) (minutes * 60_000)),
                    chaos == null ? 1 : chaos.seed(),
                    Duration.ofSeconds(120));
            run.print(out);
            return run.report().ok() ? 0 : Main.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("run-local: soak interrupted");
            return Main.EXIT_FAILURE;
        }
    }
}
