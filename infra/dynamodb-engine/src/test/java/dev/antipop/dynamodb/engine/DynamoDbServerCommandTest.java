package dev.antipop.dynamodb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DynamoDbServerCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DynamoDbServerCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
    }

    @Test
    void startsOnTheGivenPortAndPrintsTheEndpoint() {
        assertThat(run("--port", "0", "--host", "127.0.0.1", "--region", "eu-west-1"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Antipop DynamoDB engine on http://127.0.0.1:")
                .contains("(in memory)")
                .contains("aws dynamodb list-tables --endpoint-url http://127.0.0.1:");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(DynamoDbServerCommand.USAGE);
    }

    @Test
    void usageMistakesExitWithTwoAndOneLine() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(run("--port", "70000")).isEqualTo(2);
        assertThat(run("--port")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "dynamodb-engine: unknown option --bogus (see --help)",
                        "dynamodb-engine: --port takes a number from 0 to 65535, not 70000 (see --help)",
                        "dynamodb-engine: --port needs a value (see --help)");
    }

    @Test
    void aPortInUseExitsWithOne() {
        try (DynamoDbServer taken = DynamoDbServer.builder().port(0).start()) {
            assertThat(run("--port", Integer.toString(taken.port()))).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("dynamodb-engine: ")
                    .contains(Integer.toString(taken.port()));
        }
    }
}
