package dev.antipop.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code EventSource} client: Node's {@code eventsource} package running {@code src/test/sse/sse-client.mjs}
 * in a process. Each line it prints is one happening, read as JSON: {@code {"open":n}} per (re)connection, {@code
 * {"event":<data>,"id":<lastEventId>}} per message, {@code {"done":true}}, {@code {"error":…}}, {@code
 * {"timeout":true}}; a line that is not JSON comes as a text node.
 */
final class NodeEventSource implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

    private NodeEventSource(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException notJson) {
                        lines.add(JSON.getNodeFactory().textNode(line));
                    }
                }
            } catch (IOException e) {
                lines.add(JSON.getNodeFactory().textNode("read failed: " + e));
            }
        });
    }

    /**
     * Connects to {@code url} until {@code wanted} messages arrived or {@code timeout} passed. Installs the client
     * under {@code target/} first, or skips the test visibly where Node or the npm registry is not available.
     */
    static NodeEventSource open(String url, int wanted, Duration timeout) throws IOException {
        Path dir = install();
        return new NodeEventSource(new ProcessBuilder(
                        "node", "sse-client.mjs", url, Integer.toString(wanted), Long.toString(timeout.toMillis()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start());
    }

    /** The next line, or null when none came within {@code wait}. */
    JsonNode next(Duration wait) throws InterruptedException {
        return lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The client's exit code once it ended within {@code wait}, else -1. */
    int exitCode(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static Path install() throws IOException {
        Assumptions.assumeTrue(runs(Path.of("."), "node", "--version"), "SKIPPED: node is not installed");
        Path dir = Path.of("target/sse-client");
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "sse-client.mjs")) {
            Files.copy(Path.of("src/test/sse", file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/eventsource"))) {
            Assumptions.assumeTrue(
                    runs(dir, "npm", "install", "--no-audit", "--no-fund"),
                    "SKIPPED: npm install of the eventsource package failed (no registry?)");
        }
        return dir;
    }

    private static boolean runs(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(180, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
