package dev.antipop.dynamodb;

import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The topic log (DESIGN.md section 5, "Clients without a WebSocket"): recent pushed events per topic partition, for
 * the long poll and SSE. Table {@code TOPIC_LOG_TABLE}: partition key {@code partition} S, sort key {@code seq} N;
 * attributes {@code frame} S (the redacted envelope JSON), {@code target} S (the topic it was published on),
 * {@code eventKey} S ({@code stream#version}), {@code expiresAt} N (TTL, {@link #RETENTION} after the write).
 *
 * <p><b>Partitions.</b> An event published on topic {@code a.b.c} is written to the partitions {@code a.b} and
 * {@code a.b.c}: every literal prefix of at least {@value #MIN_PARTITION_TOKENS} tokens. A reader of pattern {@code
 * a.b.>} reads partition {@code a.b} (its literal prefix) and keeps what the pattern matches. One-token prefixes are
 * not written: they would be hot partitions holding a whole context (a pattern like {@code articles.>} is refused;
 * {@code articles.all} exists for that).
 *
 * <p><b>No gaps.</b> Each partition has a dense sequence n, n + 1, n + 2…: a write puts {@code head + 1} with {@code
 * attribute_not_exists}, where {@code head} is the partition's last sequence number as this writer knows it: the one
 * it wrote last, or else one consistent Query (newest first, limit 1). Losing the race to another writer (the put's
 * condition fails: its cached head was stale) re-reads and retries. So {@code seq n + 1} is written only after {@code
 * n} is visible, and a reader holding cursor {@code n} that reads {@code seq > n} consistently can never skip one
 * later: a cursor is a complete position. An event on a topic of three tokens or more goes to its partitions in one
 * TransactWriteItems (all or none). The price is one conditional write per event while one writer
 * keeps a partition (a Query more after another writer took it, or after {@link #HEAD_CACHE_AGE} without writing
 * there), and serialised writers on a hot partition (articles.all): a few hundred writes a second per partition on
 * DynamoDB, enough for feeds meant for clients that cannot keep a WebSocket. The known heads are kept for at most
 * {@value #HEAD_CACHE_PARTITIONS} partitions, least recently written dropped first. A redelivered stream record is written again under a new sequence number;
 * clients dedupe by {@code (stream, version)}, as for every push. An empty partition (new, or idle for longer than
 * the TTL) starts at {@code epochMillis × 1000}, so a sequence never restarts below a number already handed out;
 * two writers racing on an empty partition could both start one (a sub-millisecond window after a day of silence),
 * the one known gap.
 *
 * <p>Thread-safe.
 */
public final class TopicLog {

    /** How long entries are kept: 24 hours, like the DynamoDB stream they come from. */
    public static final Duration RETENTION = Duration.ofHours(24);

    /** Shortest partition, in tokens. */
    public static final int MIN_PARTITION_TOKENS = 2;

    /** Partition key, S. */
    public static final String PARTITION = "partition";
    /** Sort key, N. */
    public static final String SEQ = "seq";
    /** The envelope JSON as pushed (sensitive fields removed), S. */
    public static final String FRAME = "frame";
    /** The topic the event was published on, S. */
    public static final String TARGET = "target";
    /** {@code stream#version}, S. */
    public static final String EVENT_KEY = "eventKey";
    /** TTL attribute, N (epoch seconds). */
    public static final String EXPIRES_AT = "expiresAt";

    /** Conditional puts tried per partition before giving up (the record is then redelivered). */
    static final int MAX_ATTEMPTS = 50;

    /** Partitions whose head this writer remembers. */
    static final int HEAD_CACHE_PARTITIONS = 10_000;

    /**
     * How long a remembered head is used without a Query: well under the {@link #RETENTION} TTL, so a partition that
     * other writers filled and that then expired entirely is never written below a sequence number they handed out.
     */
    static final Duration HEAD_CACHE_AGE = Duration.ofMinutes(10);

    /** A partition's last sequence number as written by this writer, and when. */
    private record KnownHead(long seq, long writtenAtMillis) {}

    /**
     * One logged event.
     *
     * @param partition the partition it was read from
     * @param seq its sequence number there
     * @param target the topic it was published on
     * @param envelopeJson the redacted envelope
     * @param eventKey {@code stream#version}
     */
    public record Entry(String partition, long seq, String target, String envelopeJson, String eventKey) {}

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Map<String, KnownHead> heads = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KnownHead> eldest) {
            return size() > HEAD_CACHE_PARTITIONS;
        }
    });

    /** @param table the topic log table */
    public TopicLog(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The partitions an event on {@code topic} is written to: its prefixes of at least two tokens. */
    public static List<String> partitionsOf(Subject topic) {
        List<String> partitions = new ArrayList<>();
        for (String prefix : topic.prefixes()) {
            if (!prefix.isEmpty() && prefix.split("\\.").length >= MIN_PARTITION_TOKENS) {
                partitions.add(prefix);
            }
        }
        return partitions;
    }

    /**
     * The partition a reader of {@code pattern} reads: its literal prefix.
     *
     * @return empty when the prefix is shorter than {@value #MIN_PARTITION_TOKENS} tokens (not logged)
     */
    public static Optional<String> partitionOf(SubjectPattern pattern) {
        String prefix = pattern.literalPrefix();
        return prefix.isEmpty() || prefix.split("\\.").length < MIN_PARTITION_TOKENS
                ? Optional.empty()
                : Optional.of(prefix);
    }

    /**
     * Appends one event to every partition of {@code topic}.
     *
     * @param envelopeJson the redacted envelope
     * @throws IllegalStateException when a partition stays contended for {@value #MAX_ATTEMPTS} attempts
     */
    public void append(Subject topic, String eventKey, String envelopeJson) {
        long expiresAt = clock.instant().plus(RETENTION).getEpochSecond();
        List<String> partitions = partitionsOf(topic);
        if (partitions.size() == 1) {
            appendTo(partitions.get(0), topic.value(), eventKey, envelopeJson, expiresAt);
        } else if (!partitions.isEmpty()) {
            appendToAll(partitions, topic.value(), eventKey, envelopeJson, expiresAt);
        }
    }

    /**
     * One event into several partitions with one TransactWriteItems of conditional puts (at most 100 items: a topic
     * has fewer tokens than that): every partition gets it or none does. A partition whose put failed its condition
     * is re-read, and the whole transaction retried.
     */
    private void appendToAll(List<String> partitions, String target, String eventKey, String json, long expiresAt) {
        Map<String, Long> known = new LinkedHashMap<>();
        for (String partition : partitions) {
            KnownHead head = heads.get(partition);
            if (head != null && clock.millis() - head.writtenAtMillis() < HEAD_CACHE_AGE.toMillis()) {
                known.put(partition, head.seq());
            }
        }
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> puts = new ArrayList<>(partitions.size());
            Map<String, Long> next = new LinkedHashMap<>();
            boolean allCached = true;
            for (String partition : partitions) {
                Long cached = known.get(partition);
                allCached &= cached != null;
                long head = cached != null ? cached : head(partition);
                long seq = head == 0 ? clock.millis() * 1000 : head + 1;
                next.put(partition, seq);
                puts.add(TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table)
                                .item(entryItem(partition, seq, target, eventKey, json, expiresAt))
                                .conditionExpression("attribute_not_exists(#s)")
                                .expressionAttributeNames(Map.of("#s", SEQ))
                                .build())
                        .build());
            }
            try {
                client.transactWriteItems(r -> r.transactItems(puts));
                next.forEach(this::remember);
                return;
            } catch (TransactionCanceledException lost) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(
                            "Topic log partitions " + partitions + " stayed contended for " + attempt + " attempts");
                }
                List<CancellationReason> reasons =
                        lost.hasCancellationReasons() ? lost.cancellationReasons() : List.of();
                known.clear(); // re-read every head that was not just read
                for (int i = 0; i < reasons.size() && i < partitions.size(); i++) {
                    if ("None".equals(reasons.get(i).code())) {
                        known.put(partitions.get(i), next.get(partitions.get(i)) - 1);
                    }
                }
                if (!allCached) {
                    pause(attempt); // heads read just now were taken: real contention
                }
            }
        }
    }

    private void remember(String partition, long seq) {
        heads.merge(
                partition,
                new KnownHead(seq, clock.millis()),
                (old, written) -> old.seq() > written.seq() ? old : written);
    }

    private static Map<String, AttributeValue> entryItem(
            String partition, long seq, String target, String eventKey, String json, long expiresAt) {
        return Map.of(
                PARTITION, AttributeValue.fromS(partition),
                SEQ, AttributeValue.fromN(Long.toString(seq)),
                TARGET, AttributeValue.fromS(target),
                EVENT_KEY, AttributeValue.fromS(eventKey),
                FRAME, AttributeValue.fromS(json),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
    }

    private void appendTo(String partition, String target, String eventKey, String json, long expiresAt) {
        KnownHead known = heads.get(partition);
        boolean cached = known != null && clock.millis() - known.writtenAtMillis() < HEAD_CACHE_AGE.toMillis();
        for (int attempt = 1; ; attempt++) {
            long head = cached ? known.seq() : head(partition);
            long next = head == 0 ? clock.millis() * 1000 : head + 1;
            try {
                client.putItem(r -> r.tableName(table)
                        .item(entryItem(partition, next, target, eventKey, json, expiresAt))
                        .conditionExpression("attribute_not_exists(#s)")
                        .expressionAttributeNames(Map.of("#s", SEQ)));
                remember(partition, next);
                return;
            } catch (ConditionalCheckFailedException lost) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(
                            "Topic log partition " + partition + " stayed contended for " + attempt + " attempts");
                }
                if (cached) {
                    cached = false; // another writer took the partition: read its head, at once
                } else {
                    pause(attempt);
                }
            }
        }
    }

    /** The partition's last sequence number; 0 when it holds nothing (consistent). */
    public long head(String partition) {
        QueryResponse newest = client.query(r -> r.tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", PARTITION, "#s", SEQ))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                .projectionExpression("#s")
                .scanIndexForward(false)
                .limit(1)
                .consistentRead(true));
        return newest.items().isEmpty()
                ? 0
                : Long.parseLong(newest.items().get(0).get(SEQ).n());
    }

    /** The partition's oldest kept sequence number; 0 when it holds nothing (consistent). */
    public long oldest(String partition) {
        QueryResponse oldest = client.query(r -> r.tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", PARTITION, "#s", SEQ))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                .projectionExpression("#s")
                .scanIndexForward(true)
                .limit(1)
                .consistentRead(true));
        return oldest.items().isEmpty()
                ? 0
                : Long.parseLong(oldest.items().get(0).get(SEQ).n());
    }

    /**
     * Entries of {@code partition} with {@code seq > after}, oldest first, at most {@code limit} (consistent).
     */
    public List<Entry> read(String partition, long after, int limit) {
        QueryResponse page = client.query(r -> r.tableName(table)
                .keyConditionExpression("#p = :p AND #s > :s")
                .expressionAttributeNames(Map.of("#p", PARTITION, "#s", SEQ))
                .expressionAttributeValues(
                        Map.of(":p", AttributeValue.fromS(partition), ":s", AttributeValue.fromN(Long.toString(after))))
                .scanIndexForward(true)
                .limit(limit)
                .consistentRead(true));
        List<Entry> entries = new ArrayList<>(page.items().size());
        for (Map<String, AttributeValue> item : page.items()) {
            entries.add(new Entry(
                    partition,
                    Long.parseLong(item.get(SEQ).n()),
                    item.get(TARGET).s(),
                    item.get(FRAME).s(),
                    item.get(EVENT_KEY).s()));
        }
        return entries;
    }

    private static void pause(int attempt) {
        // Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"), at most 20 ms.
        long ceiling = Math.min(20, 1L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while appending to the topic log", e);
        }
    }
}
