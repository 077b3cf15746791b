package dev.antipop.realtime.feeds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.TopicLog;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the long poll ({@link LongPoll}) and SSE ({@link SseStream}) share: who is asking, which topic-log partitions
 * their topics read, whether they may, and the bounded wait for events after a position. The topics come from
 * {@code ?topics=} ({@link #requestedTopics()}) or from another {@link TopicChoice}: {@link MemberTopics} picks the
 * caller's notebooks for {@code GET /api/events/stream}.
 *
 * <p><b>Topics</b> ({@code ?topics=a.b,c.d.>}): 1–{@value #MAX_TOPICS} subject patterns, comma-separated; each
 * needs at least two literal tokens before a wildcard (the log's partitions, {@link TopicLog}). Each must be allowed
 * as a WebSocket {@code sub} would be: the caller's role grants, then their memberships (one Query) when only a
 * membership grant could cover it; otherwise {@code 403 forbidden} naming it.
 *
 * <p>{@code ?wait=<seconds>} (0 to 20) shortens the wait: {@code wait=0} answers at once (a client's first cursor).
 *
 * <p><b>Authentication:</b> {@code Authorization: Bearer <token>}, or {@code ?token=<token>} because a browser's
 * {@code EventSource} cannot set headers (RFC 6750 §2.3 allows the query form where headers are impossible).
 *
 * <p><b>Waking up.</b> A Lambda function cannot be notified of a write to a table, so the wait is a bounded poll loop:
 * one consistent Query per partition every {@code pollInterval} (default 50 ms) until something the caller may see
 * arrives or {@code maxWait} (20 s, inside API Gateway's 30 s integration timeout) passes. An event is answered about
 * {@code pollInterval / 2} after fan-out logged it, on average. The cost is one read request per partition per
 * interval while a client waits (20 Query/s at 50 ms): the price of serving clients without a WebSocket, which is
 * why the WebSocket stays the primary path.
 */
public final class Feeds {

    /** Most topics per request. */
    public static final int MAX_TOPICS = 10;

    /** Most log entries read per partition per round (bounds one answer). */
    public static final int PAGE = 50;

    /**
     * Which topics one request reads, chosen for and checked against its caller. Each pattern needs at least {@value
     * TopicLog#MIN_PARTITION_TOKENS} literal tokens before a wildcard (a log partition).
     */
    @FunctionalInterface
    public interface TopicChoice {

        /**
         * The caller's topics for {@code request}, at most {@value Feeds#MAX_TOPICS}.
         *
         * @throws CommandException 400 {@code validation_failed} for a request it cannot read, 403 {@code forbidden}
         *     for a topic the caller may not read
         */
        List<SubjectPattern> topics(Principal caller, HttpRequest request);
    }

    /**
     * One event of an answer.
     *
     * @param position the log position just after it
     */
    public record Item(String target, String envelopeJson, String eventKey, Map<String, Long> position) {}

    /**
     * An answer: the events (possibly none), the cursor after each of them (same order) and the cursor after all.
     *
     * @param idle whether the request had no topic at all, so it was answered at once: nothing could have arrived
     *     while it waited, and the client should come back after {@link #maxWait()} rather than at once
     */
    public record Answer(List<Item> items, List<String> itemCursors, String cursor, boolean idle) {

        /** An answer of a request that read topics. */
        public Answer(List<Item> items, List<String> itemCursors, String cursor) {
            this(items, itemCursors, cursor, false);
        }
    }

    private final Authenticator authenticator;
    private final Capabilities capabilities;
    private final MembershipStore memberships;
    private final TopicLog log;
    private final FeedCursors cursors;
    private final Clock clock;
    private final Duration maxWait;
    private final Duration pollInterval;

    /**
     * @param memberships null without a memberships table
     * @param maxWait longest wait for an event
     * @param pollInterval pause between reads of the log while waiting
     */
    public Feeds(
            Authenticator authenticator,
            Capabilities capabilities,
            MembershipStore memberships,
            TopicLog log,
            FeedCursors cursors,
            Clock clock,
            Duration maxWait,
            Duration pollInterval) {
        this.authenticator = authenticator;
        this.capabilities = capabilities;
        this.memberships = memberships;
        this.log = log;
        this.cursors = cursors;
        this.clock = clock;
        this.maxWait = maxWait;
        this.pollInterval = pollInterval;
    }

    /**
     * Answers once events after {@code cursor} that the caller may see exist, or after {@code maxWait} with none.
     *
     * @param cursor empty: from now on
     * @throws CommandException 401, 400 {@code validation_failed} (topics, cursor), 403, 410 {@code
     *     position_unavailable}
     */
    public Answer await(HttpRequest request, Optional<String> cursor) {
        return await(request, cursor, requestedTopics());
    }

    /**
     * As {@link #await(HttpRequest, Optional)}, reading the topics {@code choice} picks for the caller instead of
     * {@code ?topics=}. No topic at all is allowed: the answer then comes at once, {@link Answer#idle()}, with no
     * event and a cursor.
     *
     * @throws CommandException 401, what {@code choice} throws, 400 {@code validation_failed} (cursor, wait, more
     *     than {@value #MAX_TOPICS} topics), 410 {@code position_unavailable}
     */
    public Answer await(HttpRequest request, Optional<String> cursor, TopicChoice choice) {
        Principal principal = principal(request);
        List<SubjectPattern> patterns = List.copyOf(new LinkedHashSet<>(choice.topics(principal, request)));
        if (patterns.size() > MAX_TOPICS) {
            throw CommandException.validation(Map.of("topics", "at most " + MAX_TOPICS + " topics"));
        }
        Map<String, List<SubjectPattern>> byPartition = new LinkedHashMap<>();
        for (SubjectPattern pattern : patterns) {
            byPartition
                    .computeIfAbsent(
                            TopicLog.partitionOf(pattern)
                                    .orElseThrow(() -> new IllegalArgumentException("A topic choice gave '"
                                            + pattern.value() + "', which has no log partition")),
                            p -> new ArrayList<>())
                    .add(pattern);
        }
        Instant now = clock.instant();
        Map<String, Long> seqs = new LinkedHashMap<>();
        Map<String, Long> given = cursor.filter(c -> !c.isBlank())
                .map(c -> cursors.decode(principal.userId(), c.strip(), now).seqs())
                .orElse(Map.of());
        for (String partition : byPartition.keySet()) {
            Long at = given.get(partition);
            seqs.put(partition, at != null ? at : log.head(partition));
        }
        long deadline = System.nanoTime() + waitOf(request).toNanos();
        if (byPartition.isEmpty()) {
            // No topic (a caller of no notebook): waiting would hold the function for nothing.
            Answer none = answer(principal, List.of(), seqs);
            return new Answer(none.items(), none.itemCursors(), none.cursor(), true);
        }
        while (true) {
            List<Item> items = readOnce(byPartition, seqs);
            if (!items.isEmpty() || System.nanoTime() >= deadline) {
                return answer(principal, items, seqs);
            }
            try {
                Thread.sleep(
                        Math.max(1, Math.min(pollInterval.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer(principal, List.of(), seqs);
            }
        }
    }

    /** The longest wait of one request (and the pause an idle answer asks for). */
    public Duration maxWait() {
        return maxWait;
    }

    private Answer answer(Principal principal, List<Item> items, Map<String, Long> seqs) {
        Instant issued = clock.instant();
        List<String> itemCursors = new ArrayList<>(items.size());
        for (Item item : items) {
            itemCursors.add(cursors.encode(principal.userId(), new FeedCursors.Position(issued, item.position())));
        }
        return new Answer(
                items, itemCursors, cursors.encode(principal.userId(), new FeedCursors.Position(issued, seqs)));
    }

    /** One read of every partition after its position; advances {@code seqs} past everything read. */
    private List<Item> readOnce(Map<String, List<SubjectPattern>> byPartition, Map<String, Long> seqs) {
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, List<SubjectPattern>> partition : byPartition.entrySet()) {
            List<TopicLog.Entry> entries = log.read(partition.getKey(), seqs.get(partition.getKey()), PAGE);
            for (TopicLog.Entry entry : entries) {
                seqs.put(partition.getKey(), entry.seq());
                boolean wanted = partition.getValue().stream().anyMatch(p -> p.matches(entry.target()));
                if (wanted && seen.add(entry.eventKey())) {
                    items.add(new Item(entry.target(), entry.envelopeJson(), entry.eventKey(), Map.copyOf(seqs)));
                }
            }
        }
        return items;
    }

    /** The JSON of one item: {@code {"target":…,"data":<envelope>}}. */
    public static ObjectNode itemJson(Item item) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("target", item.target());
        try {
            node.set("data", EnvelopeJson.mapper().readTree(item.envelopeJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The topic log holds an envelope that is not JSON", e);
        }
        return node;
    }

    /** {@code {"ok":true,"events":[…],"cursor":"…"}}. */
    public static ObjectNode answerJson(Answer answer) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        ArrayNode events = body.putArray("events");
        answer.items().forEach(item -> events.add(itemJson(item)));
        body.put("cursor", answer.cursor());
        return body;
    }

    /** {@code ?wait=<seconds>}: 0 to {@code maxWait}, default {@code maxWait}; {@code wait=0} answers at once. */
    private Duration waitOf(HttpRequest request) {
        Optional<String> given = request.queryParameter("wait");
        if (given.isEmpty()) {
            return maxWait;
        }
        try {
            long seconds = Long.parseLong(given.get());
            if (seconds >= 0 && seconds <= maxWait.toSeconds()) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.validation(
                Map.of("wait", "must be a whole number of seconds from 0 to " + maxWait.toSeconds()));
    }

    private Principal principal(HttpRequest request) {
        if (request.bearerToken().isPresent()) {
            return authenticator.require(request);
        }
        Optional<String> token = request.queryParameter("token").filter(t -> !t.isBlank());
        if (token.isPresent()) {
            return authenticator.verify(token.get());
        }
        throw CommandException.unauthorized("An access token is required: Authorization: Bearer, or ?token=");
    }

    /**
     * The topics of {@code ?topics=a.b,c.d.>}, each allowed as a WebSocket {@code sub} would be (see the class
     * comment): what {@link #await(HttpRequest, Optional)} reads.
     */
    public TopicChoice requestedTopics() {
        return (principal, request) -> {
            List<SubjectPattern> patterns = topics(request);
            requireAllowed(principal, patterns);
            return patterns;
        };
    }

    private static List<SubjectPattern> topics(HttpRequest request) {
        String given = request.queryParameter("topics").orElse("").strip();
        if (given.isEmpty()) {
            throw CommandException.validation(Map.of("topics", "is required: comma-separated subject patterns"));
        }
        Set<SubjectPattern> patterns = new LinkedHashSet<>();
        for (String text : given.split(",")) {
            SubjectPattern pattern;
            try {
                pattern = SubjectPattern.parse(text.strip());
            } catch (InvalidSubjectException e) {
                throw CommandException.validation(
                        Map.of("topics", "'" + abbreviate(text) + "' is not a subject pattern"));
            }
            if (TopicLog.partitionOf(pattern).isEmpty()) {
                throw CommandException.validation(Map.of(
                        "topics",
                        "'" + abbreviate(text) + "' needs at least " + TopicLog.MIN_PARTITION_TOKENS
                                + " literal tokens before a wildcard"));
            }
            patterns.add(pattern);
        }
        if (patterns.size() > MAX_TOPICS) {
            throw CommandException.validation(Map.of("topics", "at most " + MAX_TOPICS + " topics"));
        }
        return List.copyOf(patterns);
    }

    private void requireAllowed(Principal principal, List<SubjectPattern> patterns) {
        Capabilities.Effective byRoles = capabilities.of(principal.userId(), principal.roles());
        Capabilities.Effective withMemberships = null;
        for (SubjectPattern pattern : patterns) {
            if (byRoles.allowsSubscription(pattern)) {
                continue;
            }
            if (memberships != null && capabilities.mayNeedMemberships(pattern)) {
                if (withMemberships == null) {
                    withMemberships = capabilities.of(
                            principal.userId(), principal.roles(), memberships.ofUser(principal.userId()));
                }
                if (withMemberships.allowsSubscription(pattern)) {
                    continue;
                }
            }
            throw CommandException.forbidden("'" + abbreviate(pattern.value()) + "' is outside your capabilities");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
