package dev.antipop.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code run-local bench}'s peer: <a href="https://github.com/dherault/serverless-offline">serverless-offline</a> on the
 * Serverless Framework v3 (v4 needs a login), serving {@code bench/peer/serverless.yml}, the same no-op shapes as the
 * bench template ({@code GET /noop} → 200 {@code {}}; WebSocket {@code $connect}, a two-way {@code $default} that
 * answers the caller's connection id, {@code $disconnect}), so that issue 13's figures (a) and (b) can be quoted beside
 * it "measured the same way, in the same run".
 *
 * <p>Both packages are npm-installed at pinned versions into {@code infra/local/target/bench-peer} on the first run
 * ({@link NodeLoad#install}). The child runs {@code serverless offline start} on free loopback ports with {@value
 * #MODE}: the handlers run on serverless-offline's own event loop, already loaded after the first call, which is its
 * fastest warm mode (the default runs each handler in a worker thread and retires it after 60 idle seconds).
 * {@link #close} ends the child's whole process tree.
 *
 * @param process the {@code serverless offline} child
 * @param httpPort its HTTP API's port
 * @param webSocketPort its WebSocket API's port, which also serves the management API
 */
record ServerlessOfflinePeer(Process process, int httpPort, int webSocketPort) implements AutoCloseable {

    /** The pinned versions ({@code npm view serverless-offline@13 version}, {@code serverless@3}; 2026-11-30). */
    static final String SERVERLESS_OFFLINE = "13.9.0";

    static final String SERVERLESS = "3.40.0";

    /** serverless-offline's handler mode in this peer. */
    static final String MODE = "--useInProcess";

    /** serverless-offline's last start-up line, printed once its HTTP, WebSocket and Lambda servers listen. */
    private static final String READY = "Server ready:";

    private static final long START_TIMEOUT_SECONDS = 120;
    private static final int KEPT_LINES = 20;

    /**
     * Installs the packages if needed, starts serverless-offline and waits until it says it is ready.
     *
     * @param out where a skipped peer says why, in one line starting with {@code (peer) skipped:}
     * @return the running peer, or empty when node or npm is missing, the install fails or the child does not start
     */
    static Optional<ServerlessOfflinePeer> start(PrintStream out) throws InterruptedException {
        Optional<Path> dir = NodeLoad.install(
                out,
                "peer",
                "bench-peer",
                "",
                Map.of("serverless", SERVERLESS, "serverless-offline", SERVERLESS_OFFLINE),
                List.of("peer/serverless.yml", "peer/handler.js"));
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            int[] ports = freePorts(3);
            ProcessBuilder builder = new ProcessBuilder(
                            "node",
                            "node_modules/serverless/bin/serverless.js",
                            "offline",
                            "start",
                            "--host",
                            "127.0.0.1",
                            "--httpPort",
                            Integer.toString(ports[0]),
                            "--websocketPort",
                            Integer.toString(ports[1]),
                            "--lambdaPort",
                            Integer.toString(ports[2]),
                            "--noPrependStageInUrl",
                            "--noTimeout",
                            MODE)
                    .directory(dir.get().toFile())
                    .redirectErrorStream(true);
            // No telemetry or update notices: the bench talks to loopback only.
            builder.environment().put("SLS_TELEMETRY_DISABLED", "1");
            builder.environment().put("SLS_NOTIFICATIONS_MODE", "off");
            return Optional.of(new ServerlessOfflinePeer(launch(builder), ports[0], ports[1]));
        } catch (IOException e) {
            out.println("(peer) skipped: serverless-offline did not start: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Starts the child and returns once it prints {@link #READY}; a virtual thread keeps draining its output
     * afterwards, so the child never blocks on a full pipe.
     *
     * @throws IOException when it cannot start, exits first (with its last lines) or is not ready within 120 s; the
     *     child's process tree is ended then
     */
    static Process launch(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofVirtual().name("serverless-offline-output").start(() -> drain(process, ready));
        try {
            ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return process;
        } catch (ExecutionException e) {
            stop(process);
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            stop(process);
            throw new IOException("no \"" + READY + "\" within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
    }

    /** The name, versions and mode, for the figures' lines. */
    String label() {
        return "serverless-offline " + SERVERLESS_OFFLINE + " (serverless " + SERVERLESS + ", " + MODE + ")";
    }

    /** The no-op HTTP route, {@code http://127.0.0.1:<httpPort>/noop}. */
    URI noopUrl() {
        return URI.create("http://127.0.0.1:" + httpPort + "/noop");
    }

    /** The WebSocket API, {@code ws://127.0.0.1:<websocketPort>}. */
    URI webSocket() {
        return URI.create("ws://127.0.0.1:" + webSocketPort);
    }

    /** The management API's endpoint: the SDK client appends {@code /@connections/{id}}. */
    URI managementEndpoint() {
        return URI.create("http://127.0.0.1:" + webSocketPort);
    }

    /** Ends serverless-offline and every process it started. */
    @Override
    public void close() {
        stop(process);
    }

    /** Reads the child's output to its end, completing {@code ready} at {@link #READY} or failing it at the end. */
    private static void drain(Process process, CompletableFuture<Void> ready) {
        Deque<String> last = new ArrayDeque<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.contains(READY)) {
                    ready.complete(null);
                }
                if (!ready.isDone()) {
                    last.addLast(line);
                    if (last.size() > KEPT_LINES) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The pipe closes when the child is killed: nothing more to read.
        }
        ready.completeExceptionally(
                new IOException("it exited before \"" + READY + "\"; its last lines: " + String.join(" | ", last)));
    }

    /** Ends {@code process} and its descendants: SIGTERM, then SIGKILL for any still alive 10 s later. */
    static void stop(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // Held open together so that the three differ; another process could take one before the child binds it.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
