package dev.antipop.realtime;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import dev.antipop.dynamodb.TopicLog;
import dev.antipop.runtime.stream.EventStreamProcessor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one event to every WebSocket connection entitled to see it (DESIGN.md section 5): the fan-out function's
 * handler, run by an {@link EventStreamProcessor} over the DynamoDB Streams records of every events table.
 *
 * <ol>
 *   <li>A role change ({@link Revocation#isRoleChange}) first updates the user's live connections: stored roles,
 *       revoked subscriptions, {@code cap_update}.
 *   <li>Redacts the event's sensitive fields ({@link SensitiveFields}) and builds the frame {@code
 *       {"v":1,"op":"event","target":<topic>,"data":<envelope>}}. A frame over {@value #MAX_MESSAGE_BYTES} bytes (API
 *       Gateway's 128 KB message quota; PostToConnection would answer 413) is logged and skipped: retrying cannot make
 *       it fit.
 *   <li>{@link Delivery#publish publishes} it: the connections of {@code meta.userId} and the connections whose
 *       subscriptions match the topic and whose current capabilities allow it, each once, in parallel. Rooms left by
 *       connections found gone are announced ({@link Presence#announceLeft}).
 *   <li>Any failure other than 410 Gone or a dropped connection makes {@link #handle} throw after every post of the
 *       event has finished, so the processor reports the record as a batch item failure and Lambda redelivers it.
 *       Recipients that already got the frame get it again; clients dedupe by {@code (stream, version)}.
 * </ol>
 *
 * One log line per event gives type, stream, version, recipients, denied, gone, dropped, failed, the Query requests on
 * the subscriptions table ({@code subscriptionQueries}: tokens of the topic + 1, however many subscriptions exist),
 * the BatchGetItem requests on the connections table ({@code connectionReads}) and milliseconds (never data).
 */
public final class FanOut implements EventStreamProcessor.EventHandler {

    /** API Gateway's WebSocket message payload quota: 128 KB. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final Delivery delivery;
    private final Revocation revocation;
    private final MembershipChanges memberships;
    private final Presence presence;
    private final SensitiveFields sensitiveFields;
    private volatile SecondaryTopics secondaryTopics = SecondaryTopics.none();
    private volatile TopicLog topicLog;

    /**
     * @param delivery finds recipients and posts
     * @param revocation applies role changes
     * @param memberships applies membership changes (the descriptors' membership rules)
     * @param presence announces rooms left by gone connections
     * @param sensitiveFields removed from every pushed envelope
     */
    public FanOut(
            Delivery delivery,
            Revocation revocation,
            MembershipChanges memberships,
            Presence presence,
            SensitiveFields sensitiveFields) {
        this.delivery = delivery;
        this.revocation = revocation;
        this.memberships = memberships;
        this.presence = presence;
        this.sensitiveFields = sensitiveFields;
    }

    /**
     * Also publishes events on their secondary topics ({@link SecondaryTopics}) and, with a topic log, first appends
     * each event to the log under its topic and secondary topics (the long poll and SSE read it).
     *
     * @param topicLog null for none
     * @return this
     */
    public FanOut withFeeds(SecondaryTopics secondaryTopics, TopicLog topicLog) {
        this.secondaryTopics = secondaryTopics;
        this.topicLog = topicLog;
        return this;
    }

    /**
     * Pushes one event to its recipients.
     *
     * @throws FanOutException if any post failed other than with 410 Gone or by dropping its connection (the cause is
     *     the first failure, the others are suppressed)
     * @throws InterruptedException if interrupted while waiting for the posts
     */
    @Override
    public void handle(EventEnvelope event) throws FanOutException, InterruptedException {
        deliver(event, BatchLookups.none());
    }

    /**
     * The handler for one DynamoDB Streams batch: its events share their subscription and connection reads
     * ({@link BatchLookups}).
     */
    public EventStreamProcessor.EventHandler forBatch() {
        BatchLookups lookups = BatchLookups.forBatch();
        return event -> deliver(event, lookups);
    }

    /**
     * Like {@link #handle}, returning what the delivery did (for tests and the benchmark); {@code null} when the
     * frame was skipped as too large.
     */
    public Delivery.Report deliver(EventEnvelope event) throws FanOutException, InterruptedException {
        return deliver(event, BatchLookups.none());
    }

    private Delivery.Report deliver(EventEnvelope event, BatchLookups lookups)
            throws FanOutException, InterruptedException {
        long started = System.nanoTime();
        if (Revocation.isRoleChange(event)) {
            revocation.apply(event);
            lookups.forget(); // and any read still in flight (BatchLookups' generation)
        }
        var rule = memberships.ruleOf(event);
        if (rule.isPresent()) {
            memberships.apply(event, rule.get());
            lookups.forget();
        }
        EventEnvelope redacted = sensitiveFields.redact(event);
        byte[] frame = EventFrames.frame(event.topic(), redacted);
        if (frame.length > MAX_MESSAGE_BYTES) {
            log.warn(
                    "Fan-out skipped {} {} {}: {} exceeds API Gateway's message limit of {} bytes",
                    kv("type", event.type()),
                    kv("stream", event.stream()),
                    kv("version", event.version()),
                    kv("frameBytes", frame.length),
                    MAX_MESSAGE_BYTES);
            return null;
        }

        Subject topic = topicOf(event);
        List<Subject> secondary = topic == null ? List.of() : secondaryTopics.of(event);
        TopicLog feedLog = topicLog;
        // KV changes are watched with kv_sub only: logging them would write every prefix of every key.
        if (feedLog != null && topic != null && !EventFrames.isKv(event)) {
            String json = EnvelopeJson.toJson(redacted);
            String key = event.stream() + "#" + event.version();
            feedLog.append(topic, key, json);
            for (Subject also : secondary) {
                feedLog.append(also, key, json);
            }
        }
        Delivery.Report report = delivery.publish(topic, frame, event.meta().userId(), lookups);
        presence.announceLeft(report.left());
        List<Throwable> failures = new ArrayList<>(report.failures());
        for (Subject also : secondary) {
            Delivery.Report more = delivery.publish(also, EventFrames.frame(also.value(), redacted), null, lookups);
            presence.announceLeft(more.left());
            failures.addAll(more.failures());
        }

        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info(
                "Fan-out {} {} {}: {} {} {} {} {} {} {} {}",
                kv("type", event.type()),
                kv("stream", event.stream()),
                kv("version", event.version()),
                kv("recipients", report.recipients()),
                kv("denied", report.denied()),
                kv("gone", report.gone()),
                kv("dropped", report.dropped()),
                kv("failed", report.failures().size()),
                kv("subscriptionQueries", report.subscriptionQueries()),
                kv("connectionReads", report.connectionReads()),
                kv("ms", millis));
        if (!failures.isEmpty()) {
            FanOutException failure = new FanOutException(
                    failures.size() + " of " + report.recipients() + " posts of " + event.stream() + "/"
                            + event.version() + " failed",
                    failures.get(0));
            failures.stream().skip(1).limit(9).forEach(failure::addSuppressed);
            throw failure;
        }
        return report;
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

    /** Some posts of an event failed; the record is to be redelivered. */
    public static final class FanOutException extends Exception {
        FanOutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
