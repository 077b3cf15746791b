package dev.antipop.realtime;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import dev.antipop.runtime.stream.EventStreamProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Pushes one event to every WebSocket connection entitled to see it (DESIGN.md section 5): the fan-out function's
 * handler, run by an {@link EventStreamProcessor} over the DynamoDB Streams records of every events table.
 *
 * <ol>
 *   <li>Redacts the event's sensitive fields ({@link SensitiveFields}) and builds the frame {@code
 *       {"v":1,"op":"event","target":<topic>,"data":<envelope>}}. A frame over {@value #MAX_MESSAGE_BYTES} bytes (API
 *       Gateway's 128 KB message quota; PostToConnection would answer 413) is logged and skipped: retrying cannot make
 *       it fit.
 *   <li>Finds the recipients ({@link ConnectionRegistry#recipients}): the live connections of {@code meta.userId} and
 *       the connections whose subscriptions match the topic, each once.
 *   <li>Posts the frame to all of them in parallel, at most {@code concurrency} at a time, with the API Gateway
 *       Management API ({@code POST /@connections/{id}}). 410 Gone (the client left without a {@code $disconnect}
 *       reaching us) deletes that connection and its subscriptions and is not a failure.
 *   <li>Any other failure makes {@link #handle} throw after every post of the event has finished, so the processor
 *       reports the record as a batch item failure and Lambda redelivers it. Recipients that already got the frame get
 *       it again; clients dedupe by {@code (stream, version)}.
 * </ol>
 *
 * One log line per event gives type, stream, version, recipients, gone, failed and milliseconds (never data).
 */
public final class FanOut implements EventStreamProcessor.EventHandler, AutoCloseable {

    /** API Gateway's WebSocket message payload quota: 128 KB. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;

    /** Default number of posts in flight per event. */
    public static final int DEFAULT_CONCURRENCY = 32;

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final ConnectionRegistry registry;
    private final ApiGatewayManagementApiClient managementApi;
    private final SensitiveFields sensitiveFields;
    private final ExecutorService posts;

    /**
     * @param registry connections and subscriptions
     * @param managementApi the API Gateway Management API client, built once for the WebSocket API's stage endpoint
     * @param sensitiveFields removed from every pushed envelope
     * @param concurrency posts in flight at most (1–256); the threads are daemon threads owned by this instance
     */
    public FanOut(
            ConnectionRegistry registry,
            ApiGatewayManagementApiClient managementApi,
            SensitiveFields sensitiveFields,
            int concurrency) {
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("Fan-out concurrency must be 1–256, got " + concurrency);
        }
        this.registry = registry;
        this.managementApi = managementApi;
        this.sensitiveFields = sensitiveFields;
        this.posts = Executors.newFixedThreadPool(concurrency, daemonThreads());
    }

    /** What happened to one post. */
    private enum Outcome {
        DELIVERED,
        GONE
    }

    /**
     * Pushes one event to its recipients.
     *
     * @throws FanOutException if any post failed other than with 410 Gone (the cause is the first failure, the others
     *     are suppressed)
     * @throws InterruptedException if interrupted while waiting for the posts
     */
    @Override
    public void handle(EventEnvelope event) throws FanOutException, InterruptedException {
        long started = System.nanoTime();
        byte[] frame = Frames.event(event.topic(), EnvelopeJson.toNode(sensitiveFields.redact(event)));
        if (frame.length > MAX_MESSAGE_BYTES) {
            log.warn(
                    "Fan-out skipped {} {} {}: {} exceeds API Gateway's message limit of {} bytes",
                    kv("type", event.type()),
                    kv("stream", event.stream()),
                    kv("version", event.version()),
                    kv("frameBytes", frame.length),
                    MAX_MESSAGE_BYTES);
            return;
        }

        Set<String> recipients = registry.recipients(event.meta().userId(), topicOf(event));
        List<Future<Outcome>> pending = new ArrayList<>(recipients.size());
        for (String connectionId : recipients) {
            pending.add(posts.submit(() -> post(connectionId, frame)));
        }
        int gone = 0;
        List<Throwable> failures = new ArrayList<>();
        try {
            for (Future<Outcome> post : pending) {
                try {
                    if (post.get() == Outcome.GONE) {
                        gone++;
                    }
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            pending.forEach(post -> post.cancel(true));
            throw e;
        }

        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info(
                "Fan-out {} {} {}: {} {} {} {}",
                kv("type", event.type()),
                kv("stream", event.stream()),
                kv("version", event.version()),
                kv("recipients", recipients.size()),
                kv("gone", gone),
                kv("failed", failures.size()),
                kv("ms", millis));
        if (!failures.isEmpty()) {
            FanOutException failure = new FanOutException(
                    failures.size() + " of " + recipients.size() + " posts of " + event.stream() + "/" + event.version()
                            + " failed",
                    failures.get(0));
            failures.stream().skip(1).limit(9).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private Outcome post(String connectionId, byte[] frame) {
        try {
            managementApi.postToConnection(
                    request -> request.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(frame)));
            return Outcome.DELIVERED;
        } catch (GoneException e) {
            registry.remove(connectionId);
            return Outcome.GONE;
        }
    }

    private static Subject topicOf(EventEnvelope event) {
        try {
            return Subject.parse(event.topic());
        } catch (InvalidSubjectException e) {
            // A bad topic is a bug of the event's codec; redelivery cannot fix it, so push to the user's connections.
            log.warn(
                    "Event {} {} has an invalid topic ({}); pushing to its user's connections only",
                    kv("stream", event.stream()),
                    kv("version", event.version()),
                    e.getMessage());
            return null;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fan-out-post-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops the post threads (the Spring context closes it). */
    @Override
    public void close() {
        posts.shutdownNow();
    }

    /** Some posts of an event failed; the record is to be redelivered. */
    public static final class FanOutException extends Exception {
        FanOutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
