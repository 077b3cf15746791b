package dev.antipop.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.LocalCloud;
import dev.antipop.local.chaos.ChaosSettings;
import dev.antipop.local.chaos.Fault;
import dev.antipop.local.streams.RetryBackoff;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.Contexts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak of issue 13 in {@code ./mvnw verify}: 8 clients send commands of every context (drawn from the descriptors)
 * for 30 s on the root template with chaos on, then the consistency checker must find zero violations once the
 * processors have caught up. Figures are printed, not asserted.
 */
class ChaosSoakIT {

    private static final long SEED = 13;

    @Test
    void eightClientsUnderChaosLeaveNoViolation() throws Exception {
        // Poison records are retried MaximumRetryAttempts times: a short backoff keeps that within the test's time.
        // Rates above the defaults: on a loaded 2-core machine the run sees few batches, and each fault must occur.
        ChaosSettings chaos = ChaosSettings.defaults(SEED)
                .with(Fault.POISON_RECORD, 0.05)
                .with(Fault.DUPLICATE_BATCH, 0.2)
                .with(Fault.FAILED_BATCH, 0.2)
                .with(Fault.TIMEOUT, 0.1)
                .with(Fault.THROTTLED_POST, 0.1);
        LocalCloud.Options options = LocalCloud.Options.builder(Path.of("../../template.yaml"))
                .ephemeralPorts()
                .chaos(chaos)
                .retryBackoff(new RetryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)))
                .build();
        try (LocalCloud cloud = LocalCloud.start(options)) {
            SoakRun run = SoakRun.run(cloud, 8, Duration.ofSeconds(30), SEED, Duration.ofSeconds(30));
            run.print(System.out);

            assertThat(run.report().violations()).isEmpty();
            assertThat(run.report().positionLags()).isEmpty();
            assertThat(run.figures().serverErrors()).isZero();
            // Every context with HTTP commands was sent some, and the faults did happen.
            // Every context is sent commands (one of each first); some need state of other contexts (an order needs
            // a published product) and may all be refused in a short run on a loaded machine: at least half of the
            // contexts with HTTP commands must have had commands accepted.
            long withCommands = Contexts.onClasspath().all().stream()
                    .filter(c -> c.commands().stream().anyMatch(s -> s.access() != CommandSpec.Access.INTERNAL))
                    .count();
            assertThat(run.figures().acceptedByContext()).hasSize((int) withCommands);
            assertThat(run.figures().acceptedByContext().values().stream().filter(n -> n > 0))
                    .hasSizeGreaterThanOrEqualTo((int) (withCommands + 1) / 2);
            assertThat(run.figures().acceptedByContext()).containsKey("identity");
            assertThat(run.figures().acceptedByContext().get("identity")).isPositive();
            assertThat(run.report().events()).isPositive();
            assertThat(cloud.chaos().injected(Fault.FAILED_BATCH)
                            + cloud.chaos().injected(Fault.DUPLICATE_BATCH))
                    .isPositive();
            assertThat(cloud.health().chaos()).isNotNull();
        }
    }
}
