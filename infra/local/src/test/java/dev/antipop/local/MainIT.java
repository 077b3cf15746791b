package dev.antipop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CLI's contract: one clear line on standard error and exit code 1 or 2 for mistakes; replay prints responses. */
class MainIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws Exception {
        return Path.of(MainIT.class.getResource(name).toURI()).toString();
    }

    @Test
    void helpListsCommandsAndOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("replay <fixture.json>", "bench", "--parameter-overrides", "--port-dynamodb", "--db-path");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("run-local: unknown option --bogus (see --help)" + System.lineSeparator());
    }

    @Test
    void aMalformedTemplateIsOneLineAndExitCodeTwo() throws Exception {
        assertThat(run("--template", resource("/a/fixtures/malformed-template.yaml")))
                .isEqualTo(2);
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr())
                .contains("malformed YAML")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingStartClassIsOneLineAndExitCodeOne() throws Exception {
        assertThat(run(
                        "replay",
                        "--template",
                        resource("/a/fixtures/missing-class-template.yaml"),
                        resource("/a/fixtures/http-echo.json")))
                .isEqualTo(1);
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr())
                .contains("function Broken")
                .contains("dev.antipop.nowhere.MissingFunctions")
                .doesNotContain("\tat ");
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(run("--template", resource("/a/template.yaml"), "--port-dynamodb", Integer.toString(port)))
                    .isEqualTo(1);
            assertThat(stderr())
                    .isEqualTo("run-local: DynamoDB engine: port " + port + " on 127.0.0.1 is in use (choose another"
                            + " with --port-dynamodb)" + System.lineSeparator());
        }
    }

    @Test
    void theDynamoDbCommandOnAPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(run("dynamodb", "--port", Integer.toString(port))).isEqualTo(1);
            assertThat(stderr())
                    .isEqualTo("run-local: DynamoDB engine: port " + port + " on 127.0.0.1 is in use (choose another"
                            + " with --port-dynamodb)" + System.lineSeparator());
        }
    }

    @Test
    void replayInvokesTheFunctionTheFixtureBelongsTo() throws Exception {
        int status = run(
                "replay",
                "--template",
                resource("/a/template.yaml"),
                "--parameter-overrides",
                "Greeting=replayed",
                resource("/a/fixtures/http-echo.json"));

        assertThat(status).as(stderr()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("-> HttpEchoFunction")
                .contains("\\\"greeting\\\":\\\"replayed\\\"");
    }

    @Test
    void replayRoutesWebSocketAndStreamFixturesByTheirShape() throws Exception {
        int status = run(
                "replay",
                "--template",
                resource("/a/template.yaml"),
                resource("/a/fixtures/ws-default.json"),
                resource("/a/fixtures/stream-items-insert.json"));

        assertThat(status).as(stderr()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("ws-default.json -> WsDefaultFunction")
                .contains("fixtureConnId=")
                .contains("stream-items-insert.json -> StreamRecorderFunction")
                .contains("\"batchItemFailures\":[]");
    }

    @Test
    void aFixtureOfNoKnownShapeIsNamed() throws Exception {
        Path fixture = java.nio.file.Files.createTempFile("fixture", ".json");
        java.nio.file.Files.writeString(fixture, "{\"hello\":1}");
        try {
            assertThat(run("replay", "--template", resource("/a/template.yaml"), fixture.toString()))
                    .isEqualTo(2);
            assertThat(stderr()).contains("not an event the local cloud routes");
        } finally {
            java.nio.file.Files.delete(fixture);
        }
    }
}
