package dev.antipop.runtime.rebuild;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A rebuild's progress on standard error: events done of the total, events per second since this run started, and
 * the time left at that rate. On a terminal one bar redrawn in place ({@code \r}) five times a second; otherwise (a
 * pipe, a log, the Lambda function) a plain line every {@value #PLAIN_EVERY_SECONDS} s. Thread-safe: workers call
 * {@link #add}.
 */
public final class Progress implements AutoCloseable {

    static final int PLAIN_EVERY_SECONDS = 5;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final AtomicLong done = new AtomicLong();
    private final long startedNanos;
    private final long before;
    private volatile long total;
    private ScheduledExecutorService ticker;

    /**
     * @param out where to draw; null draws nothing
     * @param terminal whether {@code out} is a terminal (redraw in place)
     * @param total events expected in all (DescribeTable {@code ItemCount}: on AWS refreshed about every six hours,
     *     so the bar may end before or after 100 %)
     * @param before events applied by an earlier, interrupted run of this rebuild (not counted in the rate)
     */
    public Progress(PrintStream out, boolean terminal, long total, long before, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.before = before;
        this.nanoTime = nanoTime;
        this.startedNanos = nanoTime.getAsLong();
        this.done.set(before);
    }

    /** Starts redrawing on a daemon thread. */
    Progress start() {
        if (out != null) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "rebuild-progress");
                thread.setDaemon(true);
                return thread;
            });
            long period = terminal ? 200 : PLAIN_EVERY_SECONDS * 1000L;
            ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Counts {@code events} more. */
    void add(long events) {
        done.addAndGet(events);
    }

    /** Events applied so far, an interrupted earlier run's included. */
    public long done() {
        return done.get();
    }

    /** Events per second applied by this run. */
    public double rate() {
        double seconds = (nanoTime.getAsLong() - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : (done.get() - before) / seconds;
    }

    /** The bar's text: {@code [#####.....]  1,200/5,000 events  850 events/s  ETA 0:00:04}. */
    public String line() {
        long now = done.get();
        long all = Math.max(total, now);
        int filled = all == 0 ? BAR : (int) (BAR * now / all);
        double rate = rate();
        String eta = rate <= 0 ? "--:--:--" : clock(Duration.ofSeconds((long) Math.ceil((all - now) / rate)));
        return String.format(
                Locale.ROOT,
                "[%s%s] %,d/%,d events  %,.0f events/s  ETA %s",
                "#".repeat(filled),
                ".".repeat(BAR - filled),
                now,
                all,
                rate,
                eta);
    }

    private static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    private synchronized void draw() {
        if (terminal) {
            out.print("\r" + line());
        } else {
            out.println("rebuild-projections " + line());
        }
        out.flush();
    }

    /** Stops redrawing and draws the last line. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (out != null) {
            if (terminal) {
                out.println("\r" + line());
            } else {
                out.println("rebuild-projections " + line());
            }
            out.flush();
        }
    }
}
