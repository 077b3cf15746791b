package dev.antipop.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

/**
 * {@code run-local bench}'s figure (a) measured the way issue 13 asks: autocannon in its own process, 16 connections,
 * after a 5 s warm-up run of the same shape ({@link NodeLoad}). The in-JVM figure beside it shares the local cloud's
 * cores and threads with its client. The same run, against serverless-offline's no-op route, is figure (a').
 */
final class ExternalHttpLoad {

    static final int CONNECTIONS = 16;
    static final int SECONDS = 10;
    static final int WARM_UP_SECONDS = 5;

    private ExternalHttpLoad() {}

    /**
     * Warms up, measures and prints one line with the figures, or one line saying why there are none.
     *
     * @param target the line's start, naming the figure and what serves {@code url}
     */
    static void run(NodeLoad load, String target, URI url, PrintStream out) throws InterruptedException {
        try {
            load.autocannon(url, CONNECTIONS, WARM_UP_SECONDS);
            NodeLoad.HttpFigures figures = load.autocannon(url, CONNECTIONS, SECONDS);
            out.printf(
                    "%s, autocannon %s in its own process, %d connections, %d s: %.0f req/s, p50 %.0f ms, p99 %.0f ms"
                            + " (%d requests, %d errors, %d non-2xx)%n",
                    target,
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
            out.println(target + ": autocannon failed: " + e.getMessage());
        }
    }
}
