package dev.antipop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.EventStreamReader;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import dev.antipop.realtime.ClientMessage.KvSub;
import dev.antipop.realtime.ClientMessage.KvUnsub;
import dev.antipop.realtime.Frames.ErrorCode;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * KV watches over the WebSocket (seed 002's {@code kv_sub}): a watch of key pattern {@code p} in bucket {@code b} is
 * a subscription to the subject {@code kv.<b>.<p>} (a bucket's keys are subjects under {@code kv.<bucket>.}, as NATS
 * keeps them under {@code $KV.<bucket>.}), so the capability check, fan-out and revocation are the subscriptions'.
 *
 * <pre>{@code
 * → {"v":1,"op":"kv_sub","id":"k1","target":"todos","data":{"pattern":"user.42.*","start_revision":0}}
 * ← {"v":1,"op":"kv_msg","target":"todos","data":{"key":"user.42.a","revision":3,"op":"put","value":{…}}}  (each)
 * ← {"v":1,"op":"ack","id":"k1","data":{"revision":7}}
 * ← live kv_msg frames: puts and deletes, in revision order per key
 * → {"v":1,"op":"kv_unsub","id":"k2","target":"todos","data":{"pattern":"user.42.*"}}
 * }</pre>
 *
 * <p><b>Initial values</b> ({@code start_revision} 0 or absent): the current value of every matching key, as {@code
 * kv_msg} puts, then the {@code ack} with {@code revision} = the bucket's head H they reflect. They are the KV view's
 * items (one Query on the pattern's literal prefix, consistent) overlaid with the bucket's events the KV processor
 * has not projected yet (after its recorded position, up to H). <b>Resume</b> ({@code start_revision} n ≥ 1): every
 * change with revision ≥ n (puts and deletes), read from the bucket's stream, at most {@value #MAX_REPLAY} (beyond:
 * {@code position_unavailable}). Either way the subscription is stored before H is read, so every change after H is
 * pushed live; a change at or below H may also come live (duplicates, never gaps): clients keep each key's highest
 * revision and ignore older frames.
 *
 * <p>Errors: {@code invalid_target} (bucket name), {@code invalid_message} (pattern, start_revision), {@code
 * forbidden} (pattern outside the bucket grants), {@code limit_exceeded}, {@code position_unavailable}.
 */
public final class KvWatches {

    /** Most initial values or replayed changes one kv_sub pushes (the $default route answers within 29 s). */
    public static final int MAX_REPLAY = 1000;

    /** The KV processor's reader name in the positions table. */
    public static final String KV_PROCESSOR = "kvProcessor";

    private final ConnectionRegistry registry;
    private final Capabilities capabilities;
    private final DynamoDbClient dynamoDb;
    private final String kvTable;
    private final String kvEventsTable;
    private final EventStreamReader reader;
    private final ProjectionPositions positions;
    private final Delivery delivery;
    private final int maxSubscriptions;
    private final Clock clock;

    public KvWatches(
            ConnectionRegistry registry,
            Capabilities capabilities,
            DynamoDbClient dynamoDb,
            String kvTable,
            String kvEventsTable,
            ProjectionPositions positions,
            Delivery delivery,
            int maxSubscriptions,
            Clock clock) {
        this.registry = registry;
        this.capabilities = capabilities;
        this.dynamoDb = dynamoDb;
        this.kvTable = kvTable;
        this.kvEventsTable = kvEventsTable;
        this.reader = new EventStreamReader(dynamoDb);
        this.positions = positions;
        this.delivery = delivery;
        this.maxSubscriptions = maxSubscriptions;
        this.clock = clock;
    }

    /** The subject pattern of a watch. */
    static SubjectPattern subjectOf(String bucket, SubjectPattern keys) {
        return SubjectPattern.parse("kv." + bucket + "." + keys.value());
    }

    /** Answers a {@code kv_sub}. */
    public String subscribe(Connection connection, KvSub sub) {
        SubjectPattern subject = subjectOf(sub.bucket(), sub.pattern());
        Capabilities.Effective effective = capabilities.of(connection.userId(), connection.roles());
        if (!effective.allowsSubscription(subject)) {
            return Frames.error(
                    sub.id(),
                    ErrorCode.FORBIDDEN,
                    "Keys '" + ClientMessage.abbreviate(sub.pattern().value()) + "' of bucket " + sub.bucket()
                            + " are outside your bucket grants");
        }
        List<Subscription> existing = registry.subscriptions().findByConnection(connection.connectionId());
        if (existing.stream().noneMatch(s -> s.pattern().equals(subject)) && existing.size() >= maxSubscriptions) {
            return Frames.error(
                    sub.id(),
                    ErrorCode.LIMIT_EXCEEDED,
                    "A connection holds at most " + maxSubscriptions + " subscriptions and watches");
        }
        String stream = "bucket-" + sub.bucket();
        long resumeFrom = sub.startRevision();
        if (resumeFrom > 0) {
            long head = reader.head(kvEventsTable, stream);
            if (resumeFrom > head + 1 || head - resumeFrom + 1 > MAX_REPLAY) {
                return Frames.error(
                        sub.id(),
                        ErrorCode.POSITION_UNAVAILABLE,
                        "start_revision must be between " + Math.max(1, head + 2 - MAX_REPLAY) + " and " + (head + 1)
                                + " (the bucket's head is " + head + "); use 0 for the current values");
            }
        }
        // The subscription first, the head after: every change after the head is then pushed live.
        registry.subscriptions()
                .put(new Subscription(connection.connectionId(), connection.userId(), subject, clock.instant()));
        long head = reader.head(kvEventsTable, stream);
        Map<String, byte[]> frames = new LinkedHashMap<>();
        if (resumeFrom > 0) {
            for (EventEnvelope event : reader.read(kvEventsTable, stream, resumeFrom, MAX_REPLAY)) {
                if (event.version() <= head && subject.matches(event.topic())) {
                    frames.put(event.stream() + "#" + event.version(), EventFrames.kvMessage(event));
                }
            }
        } else {
            Map<String, Current> current = snapshot(sub.bucket(), sub.pattern(), subject, stream, head);
            if (current.size() > MAX_REPLAY) {
                return Frames.error(
                        sub.id(),
                        ErrorCode.LIMIT_EXCEEDED,
                        "More than " + MAX_REPLAY + " keys match; watch a narrower pattern");
            }
            current.forEach((key, value) -> {
                if (value.value() != null) {
                    frames.put(key, EventFrames.kvMessage(sub.bucket(), key, value.revision(), value.value()));
                }
            });
        }
        for (byte[] frame : frames.values()) {
            Delivery.Report report = delivery.send(connection, frame);
            if (report.delivered() != 1) {
                return Frames.error(
                        sub.id(),
                        ErrorCode.INTERNAL_ERROR,
                        "Watching, but the initial values could not be pushed; kv_sub again to retry");
            }
        }
        ObjectNode ack = EnvelopeJson.mapper().createObjectNode();
        ack.put("v", Frames.VERSION);
        ack.put("op", "ack");
        if (sub.id() != null) {
            ack.put("id", sub.id());
        }
        ack.putObject("data").put("revision", head).put("sent", frames.size());
        return ack.toString();
    }

    /** Answers a {@code kv_unsub}. */
    public String unsubscribe(Connection connection, KvUnsub unsub) {
        registry.subscriptions().delete(connection.connectionId(), subjectOf(unsub.bucket(), unsub.pattern()));
        return Frames.ack(unsub.id());
    }

    private record Current(long revision, JsonNode value) {}

    /** The current values of the matching keys as of {@code head}; a deleted key has a null value. */
    private Map<String, Current> snapshot(
            String bucket, SubjectPattern keys, SubjectPattern subject, String stream, long head) {
        Map<String, Current> current = new java.util.TreeMap<>();
        String prefix = keys.literalPrefix();
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":b", AttributeValue.fromS(bucket));
        String condition = "#b = :b";
        if (!prefix.isEmpty()) {
            condition += " AND begins_with(#k, :p)";
            values.put(":p", AttributeValue.fromS(prefix));
        }
        QueryRequest query = QueryRequest.builder()
                .tableName(kvTable)
                .keyConditionExpression(condition)
                .expressionAttributeNames(
                        prefix.isEmpty() ? Map.of("#b", "bucket") : Map.of("#b", "bucket", "#k", "key"))
                .expressionAttributeValues(values)
                .consistentRead(true)
                .build();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query).items()) {
            String key = item.get("key").s();
            if (!keys.matches(key)) {
                continue;
            }
            long revision = Long.parseLong(item.get("version").n());
            JsonNode value = null;
            if (!item.containsKey("deleted") && item.get("value") != null) {
                try {
                    value = EnvelopeJson.mapper().readTree(item.get("value").s());
                } catch (IOException e) {
                    throw new IllegalStateException("KV view item " + bucket + "/" + key + " holds no JSON", e);
                }
            }
            current.put(key, new Current(revision, value));
        }
        long projected = positions == null ? 0 : positions.version(KV_PROCESSOR, stream);
        if (projected < head) {
            for (EventEnvelope event : reader.read(kvEventsTable, stream, projected + 1, Integer.MAX_VALUE)) {
                if (event.version() > head) {
                    break;
                }
                String key = event.data().path("key").asText();
                Current known = current.get(key);
                if (subject.matches(event.topic()) && (known == null || known.revision() < event.version())) {
                    current.put(
                            key,
                            new Current(
                                    event.version(),
                                    EventFrames.KV_PUT.equals(event.type())
                                            ? event.data().get("value")
                                            : null));
                }
            }
        }
        return current;
    }
}
