package dev.antipop.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

/**
 * {@code run-local bench}'s figure (a) measured the way issue 13 asks: autocannon in its own process, 16 connections,
 * after a 5 s warm-up run of the same shape ({@link NodeLoad}). The in-JVM figure beside it shares the local cloud's
 * cores and threads with its client.
 */
final class ExternalHttpLoad {

    static final int CONNECTIONS = 16;
    static final int SECONDS = 10;

    private ExternalHttpLoad() {}

    /** Prints one line with the figures, or one line saying why there are none. */
    static void run(URI url, PrintStream out) throws InterruptedException {
        var load = NodeLoad.prepare(out);
        if (load.isEmpty()) {
            return;
        }
        try {
            load.get().autocannon(url, CONNECTIONS, 5);
            NodeLoad.HttpFigures figures = load.get().autocannon(url, CONNECTIONS, SECONDS);
            out.printf(
                    "(a) HTTP GET %s -> no-op function, autocannon %s in its own process, %d connections, %d s: %.0f"
                            + " req/s, p50 %.0f ms, p99 %.0f ms (%d requests, %d errors, %d non-2xx)%n",
                    url.getPath(),
                    NodeLoad.AUTOCANNON,
                    CONNECTIONS,
                    SECONDS,
                    figures.requestsPerSecond(),
                    figures.p50Millis(),
                    figures.p99Millis(),
                    figures.requests(),
                    figures.errors(),
                    figures.non2xx());
        } catch (IOException e) {
            out.println("(a) autocannon failed: " + e.getMessage());
        }
    }
}
