package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Load generators that run in their own process, so that the figures are not the benchmark's own JVM competing with
 * the local cloud for the same threads: <a href="https://github.com/mcollina/autocannon">autocannon</a> for HTTP and a
 * small script on the <a href="https://github.com/websockets/ws">ws</a> package for WebSocket connects (the script is
 * {@code bench/connects.mjs} on the classpath). Both are npm packages, installed once into {@code
 * target/bench-node} (or a temporary directory) at pinned versions. Where Node or the npm registry is missing, {@link
 * #prepare} says so in one line and the benchmarks that need it are skipped.
 */
final class NodeLoad {

    /** The pinned versions (npm registry, 2026-11-30). */
    static final String AUTOCANNON = "9.0.0";

    static final String WS = "8.23.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INSTALL_TIMEOUT_SECONDS = 300;

    private final Path dir;

    private NodeLoad(Path dir) {
        this.dir = dir;
    }

    /**
     * Installs the generators if needed.
     *
     * @return empty, after printing why on {@code out}, when Node or npm is missing or the install fails
     */
    static Optional<NodeLoad> prepare(PrintStream out) {
        try {
            if (run(Path.of("."), 30, "node", "--version") != 0) {
                out.println("(node load) skipped: node is not installed");
                return Optional.empty();
            }
            Path dir = Files.isDirectory(Path.of("infra/local/target"))
                    ? Path.of("infra/local/target/bench-node")
                    : Files.createTempDirectory("antipop-bench-node");
            Files.createDirectories(dir);
            try (InputStream script = NodeLoad.class.getResourceAsStream("/bench/connects.mjs")) {
                if (script == null) {
                    throw new IOException("bench/connects.mjs is missing from the classpath (rebuild infra/local)");
                }
                Files.write(dir.resolve("connects.mjs"), script.readAllBytes());
            }
            if (!Files.isDirectory(dir.resolve("node_modules/autocannon"))
                    || !Files.isDirectory(dir.resolve("node_modules/ws"))) {
                Files.writeString(
                        dir.resolve("package.json"),
                        "{\"private\":true,\"type\":\"module\",\"dependencies\":{\"autocannon\":\"" + AUTOCANNON
                                + "\",\"ws\":\"" + WS + "\"}}\n");
                if (run(dir, INSTALL_TIMEOUT_SECONDS, "npm", "install", "--no-audit", "--no-fund", "--silent") != 0) {
                    out.println("(node load) skipped: npm install of autocannon and ws failed (no registry?)");
                    return Optional.empty();
                }
            }
            return Optional.of(new NodeLoad(dir));
        } catch (IOException e) {
            out.println("(node load) skipped: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * autocannon's summary of a GET run.
     *
     * @param requestsPerSecond the mean of its per-second samples
     * @param p50Millis median latency
     * @param p99Millis 99th percentile latency
     * @param non2xx answers that were not 2xx
     */
    record HttpFigures(
            double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors, long non2xx) {}

    /** {@code autocannon -c connections -d seconds -j url}. */
    HttpFigures autocannon(URI url, int connections, int seconds) throws IOException, InterruptedException {
        JsonNode result = runJson(
                seconds + 60L,
                "node",
                "node_modules/autocannon/autocannon.js",
                "-c",
                Integer.toString(connections),
                "-d",
                Integer.toString(seconds),
                "-j",
                url.toString());
        return new HttpFigures(
                result.at("/requests/average").asDouble(),
                result.at("/latency/p50").asDouble(),
                result.at("/latency/p99").asDouble(),
                result.at("/requests/total").asLong(),
                result.at("/errors").asLong(),
                result.at("/non2xx").asLong());
    }

    /**
     * Opens WebSocket connections with {@code concurrency} openers for {@code seconds}, keeping them open, then closes
     * them: the script's JSON line ({@code opened, failed, perSecond, p50, p99, max, errors}).
     */
    JsonNode connects(URI webSocket, String token, int seconds, int concurrency)
            throws IOException, InterruptedException {
        return runJson(
                seconds + 90L,
                "node",
                "connects.mjs",
                webSocket.toString(),
                token,
                Integer.toString(seconds),
                Integer.toString(concurrency));
    }

    private JsonNode runJson(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("antipop-node-load", ".json");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(output, StandardCharsets.UTF_8));
            lines.removeIf(String::isBlank);
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue());
            }
            return JSON.readTree(lines.getLast());
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int run(Path dir, long timeoutSeconds, String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
