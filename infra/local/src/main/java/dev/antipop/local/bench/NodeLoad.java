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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
        return install(
                        out,
                        "node load",
                        "bench-node",
                        "\"type\":\"module\",",
                        Map.of("autocannon", AUTOCANNON, "ws", WS),
                        List.of("connects.mjs"))
                .map(NodeLoad::new);
    }

    /**
     * Installs npm packages at exact versions into {@code infra/local/target/<dirName>} (a temporary directory when
     * run outside the repository's root), once: a later run finds them under {@code node_modules} and asks no registry.
     *
     * @param out where a skipped install says why, in one line starting with {@code (label) skipped:}
     * @param packageFields extra top-level {@code package.json} fields, each followed by a comma (or empty)
     * @param dependencies package name to exact version
     * @param resources files under {@code bench/} on the classpath, copied by their file name into the directory on
     *     every run
     * @return the directory, or empty when node is missing or {@code npm install} fails
     */
    static Optional<Path> install(
            PrintStream out,
            String label,
            String dirName,
            String packageFields,
            Map<String, String> dependencies,
            List<String> resources) {
        try {
            if (run(Path.of("."), 30, "node", "--version") != 0) {
                out.println("(" + label + ") skipped: node is not installed");
                return Optional.empty();
            }
            Path dir = Files.isDirectory(Path.of("infra/local/target"))
                    ? Path.of("infra/local/target", dirName)
                    : Files.createTempDirectory("antipop-" + dirName);
            Files.createDirectories(dir);
            for (String resource : resources) {
                try (InputStream in = NodeLoad.class.getResourceAsStream("/bench/" + resource)) {
                    if (in == null) {
                        throw new IOException(
                                "bench/" + resource + " is missing from the classpath (rebuild infra/local)");
                    }
                    Files.write(dir.resolve(Path.of(resource).getFileName()), in.readAllBytes());
                }
            }
            if (!dependencies.keySet().stream()
                    .allMatch(name ->
                            Files.isDirectory(dir.resolve("node_modules").resolve(name)))) {
                String deps = new TreeMap<>(dependencies)
                        .entrySet().stream()
                                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                                .collect(Collectors.joining(","));
                Files.writeString(
                        dir.resolve("package.json"),
                        "{\"private\":true," + packageFields + "\"dependencies\":{" + deps + "}}\n");
                if (run(dir, INSTALL_TIMEOUT_SECONDS, "npm", "install", "--no-audit", "--no-fund", "--silent") != 0) {
                    out.println("(" + label + ") skipped: npm install of "
                            + String.join(" and ", new TreeMap<>(dependencies).keySet()) + " failed (no registry?)");
                    return Optional.empty();
                }
            }
            return Optional.of(dir);
        } catch (IOException e) {
            out.println("(" + label + ") skipped: " + e.getMessage());
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
