package dev.antipop.local.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Checks a local cloud's tables against the pipeline's invariants, generically over the contexts' descriptors
 * ({@link Contexts}): each context's events table is {@code <stack>-<Name>EventsTable}, its processor's positions are
 * the {@code PositionsTable} items whose {@code reader} is the descriptor's processor bean.
 *
 * <ul>
 *   <li><b>Versions</b> of every stream are exactly 1..N; no event id is stored twice.
 *   <li><b>Acknowledged commands</b> (the {@code IdempotencyTable}'s stored results: {@code stream, firstVersion,
 *       lastVersion, eventIds}): each event id exists exactly once, at {@code firstVersion + i} of that stream.
 *   <li><b>One effect per clientMutationId</b>: the events whose meta carries user U and {@code clientMutationId} M all
 *       come from one command (one {@code causationId}), and are exactly the stored result of {@code U#M} when it is
 *       still stored.
 *   <li><b>Policy effects</b> are not duplicated: at most one event per (type, {@code data.sourceEventId},
 *       {@code data.userId}) (a notification per source event and recipient; any context whose policies key their
 *       internal commands by source event id, as CONTEXTS.md asks, is covered). Every uniqueness claim
 *       ({@code UniquesTable}: {@code key}, {@code stream}) names a stream holding events.
 *   <li><b>Positions</b>: a processor's position is never beyond its stream's last version; below it, it is a lag
 *       ({@link CheckReport#positionLags()}), and so is a stream of a context with a processor that has no position.
 *   <li><b>Views</b>: every item with a numeric {@code version} in any other table of the stack is matched to its
 *       stream by convention: its {@code stream} attribute when it names a stream, else the one stream whose name
 *       ends with {@code -<partition key value>} ({@code brandId 42} → {@code brand-42}); its version must not be
 *       beyond the stream's last version, and one below is listed as a view lag. Items whose stream is not found
 *       this way are not compared.
 * </ul>
 *
 * <p>Reads every table with paginated Scans (consistent reads): run it on a store at rest or accept that writes during
 * the run show as lags. Thread-compatible.
 */
public final class ConsistencyChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient client;
    private final Contexts contexts;
    private final String stackName;

    /**
     * @param client a client of the DynamoDB endpoint holding the tables
     * @param contexts the contexts whose events tables to read ({@link Contexts#onClasspath()})
     * @param stackName the stack whose tables to read ({@code antipop-local}): tables are {@code <stack>-<LogicalId>}
     */
    public ConsistencyChecker(DynamoDbClient client, Contexts contexts, String stackName) {
        this.client = Objects.requireNonNull(client, "client");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.stackName = Objects.requireNonNull(stackName, "stackName");
    }

    /**
     * Reads the tables and checks them.
     *
     * @param requireSettled whether a processor behind its stream is a violation ({@link Violation.Kind#NOT_SETTLED})
     *     rather than only a lag (after a load has ended and the mappings have caught up)
     * @throws software.amazon.awssdk.core.exception.SdkException when the endpoint cannot be read
     */
    public CheckReport check(boolean requireSettled) {
        Set<String> tables = new TreeSet<>();
        client.listTablesPaginator().tableNames().forEach(tables::add);
        List<Violation> violations = new ArrayList<>();
        Map<String, TreeMap<Long, StoredEvent>> streams = new HashMap<>();
        Map<String, List<StoredEvent>> byEventId = new HashMap<>();
        Map<String, String> streamContext = new HashMap<>();
        Set<String> eventTables = new TreeSet<>();
        long events = 0;
        for (ContextDescriptor context : contexts.all()) {
            String table = tableName(context.eventsTableResource());
            if (!tables.contains(table)) {
                continue;
            }
            eventTables.add(table);
            for (Map<String, AttributeValue> item : TableScan.items(client, table)) {
                StoredEvent event = StoredEvent.of(table, item);
                events++;
                streamContext.putIfAbsent(event.stream(), context.name());
                StoredEvent previous = streams.computeIfAbsent(event.stream(), s -> new TreeMap<>())
                        .put(event.version(), event);
                if (previous != null) {
                    violations.add(new Violation(
                            Violation.Kind.DUPLICATE_EVENT,
                            event.position(),
                            "two items at one position (in " + previous.table() + " and " + table + ")"));
                }
                byEventId
                        .computeIfAbsent(event.eventId(), id -> new ArrayList<>())
                        .add(event);
            }
        }
        checkVersions(streams, violations);
        byEventId.forEach((id, copies) -> {
            if (copies.size() > 1) {
                violations.add(new Violation(
                        Violation.Kind.DUPLICATE_EVENT,
                        "eventId " + id,
                        "stored " + copies.size() + " times: "
                                + copies.stream().map(StoredEvent::position).toList()));
            }
        });
        long acknowledged = checkAcknowledged(tables, streams, byEventId, violations);
        checkPolicyEffects(byEventId, violations);
        checkClaims(tables, streams, violations);
        List<Lag> positionLags = checkPositions(tables, streams, streamContext, violations, requireSettled);
        List<Lag> viewLags = new ArrayList<>();
        Set<String> skip = new TreeSet<>(eventTables);
        skip.add(tableName("PositionsTable"));
        long viewItems = ViewCheck.run(client, tables, skip, streams, violations, viewLags);
        return new CheckReport(
                violations, positionLags, viewLags, tables.size(), events, streams.size(), acknowledged, viewItems);
    }

    private String tableName(String logicalId) {
        return stackName + "-" + logicalId;
    }

    private static void checkVersions(Map<String, TreeMap<Long, StoredEvent>> streams, List<Violation> violations) {
        streams.forEach((stream, versions) -> {
            long expected = 1;
            for (long version : versions.keySet()) {
                if (version != expected) {
                    violations.add(new Violation(
                            Violation.Kind.VERSION_GAP,
                            stream + ":" + expected,
                            "expected version " + expected + ", found " + version + " (versions "
                                    + versions.firstKey() + ".." + versions.lastKey() + ", " + versions.size()
                                    + " events)"));
                    return;
                }
                expected++;
            }
        });
    }

    /** Idempotency results against the events, and one effect per (user, clientMutationId). */
    private long checkAcknowledged(
            Set<String> tables,
            Map<String, TreeMap<Long, StoredEvent>> streams,
            Map<String, List<StoredEvent>> byEventId,
            List<Violation> violations) {
        Map<String, Set<String>> stored = new HashMap<>();
        String table = tableName("IdempotencyTable");
        long acknowledged = 0;
        if (tables.contains(table)) {
            for (Map<String, AttributeValue> item : TableScan.items(client, table)) {
                String key = item.get("key") == null ? "?" : item.get("key").s();
                AttributeValue result = item.get("result");
                if (result == null || result.s() == null) {
                    continue;
                }
                acknowledged++;
                JsonNode node;
                try {
                    node = JSON.readTree(result.s());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    violations.add(
                            new Violation(Violation.Kind.ACKNOWLEDGED_EVENT_MISSING, key, "stored result is not JSON"));
                    continue;
                }
                String stream = node.path("stream").asText();
                long first = node.path("firstVersion").asLong();
                Set<String> ids = new TreeSet<>();
                int i = 0;
                for (JsonNode id : node.path("eventIds")) {
                    ids.add(id.asText());
                    List<StoredEvent> copies = byEventId.getOrDefault(id.asText(), List.of());
                    long expectedVersion = first + i++;
                    if (copies.size() != 1) {
                        violations.add(new Violation(
                                Violation.Kind.ACKNOWLEDGED_EVENT_MISSING,
                                key + " eventId " + id.asText(),
                                "acknowledged event stored " + copies.size() + " times (expected once at " + stream
                                        + ":" + expectedVersion + ")"));
                    } else if (!copies.get(0).stream().equals(stream)
                            || copies.get(0).version() != expectedVersion) {
                        violations.add(new Violation(
                                Violation.Kind.ACKNOWLEDGED_EVENT_MISSING,
                                key + " eventId " + id.asText(),
                                "acknowledged at " + stream + ":" + expectedVersion + " but stored at "
                                        + copies.get(0).position()));
                    }
                }
                stored.put(key, ids);
            }
        }
        Map<String, List<StoredEvent>> byMutation = new LinkedHashMap<>();
        streams.values()
                .forEach(versions -> versions.values().forEach(event -> {
                    if (event.clientMutationId() != null) {
                        String user = event.userId() == null ? "anonymous" : event.userId();
                        byMutation
                                .computeIfAbsent(user + "#" + event.clientMutationId(), k -> new ArrayList<>())
                                .add(event);
                    }
                }));
        byMutation.forEach((key, effects) -> {
            Set<String> commands = new TreeSet<>();
            Set<String> streamsTouched = new TreeSet<>();
            Set<String> ids = new TreeSet<>();
            for (StoredEvent event : effects) {
                commands.add(String.valueOf(event.causationId()));
                streamsTouched.add(event.stream());
                ids.add(event.eventId());
            }
            Set<String> acknowledgedIds = stored.get(key);
            if (commands.size() > 1 || streamsTouched.size() > 1) {
                violations.add(new Violation(
                        Violation.Kind.MUTATION_EFFECT_DUPLICATED,
                        "clientMutationId " + key,
                        effects.size() + " events from " + commands.size() + " command(s) " + commands + " in "
                                + streamsTouched));
            } else if (acknowledgedIds != null && !acknowledgedIds.isEmpty() && !acknowledgedIds.equals(ids)) {
                violations.add(new Violation(
                        Violation.Kind.MUTATION_EFFECT_DUPLICATED,
                        "clientMutationId " + key,
                        "events " + ids + " but the acknowledged result names " + acknowledgedIds));
            }
        });
        return acknowledged;
    }

    private static void checkPolicyEffects(Map<String, List<StoredEvent>> byEventId, List<Violation> violations) {
        Map<String, List<StoredEvent>> effects = new TreeMap<>();
        byEventId.values().forEach(copies -> {
            StoredEvent event = copies.get(0);
            if (event.sourceEventId() != null) {
                String key = event.type() + " source " + event.sourceEventId()
                        + (event.subjectUserId() == null ? "" : " user " + event.subjectUserId());
                effects.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
            }
        });
        effects.forEach((key, found) -> {
            if (found.size() > 1) {
                violations.add(new Violation(
                        Violation.Kind.POLICY_EFFECT_DUPLICATED,
                        key,
                        found.size() + " effects: "
                                + found.stream()
                                        .map(e -> e.eventId() + "@" + e.position())
                                        .toList()));
            }
        });
    }

    private void checkClaims(
            Set<String> tables, Map<String, TreeMap<Long, StoredEvent>> streams, List<Violation> violations) {
        String table = tableName("UniquesTable");
        if (!tables.contains(table)) {
            return;
        }
        for (Map<String, AttributeValue> item : TableScan.items(client, table)) {
            AttributeValue stream = item.get("stream");
            if (stream != null && stream.s() != null && !streams.containsKey(stream.s())) {
                violations.add(new Violation(
                        Violation.Kind.ORPHAN_CLAIM,
                        "claim " + item.get("key").s(),
                        "claimed for stream " + stream.s() + ", which holds no event"));
            }
        }
    }

    private List<Lag> checkPositions(
            Set<String> tables,
            Map<String, TreeMap<Long, StoredEvent>> streams,
            Map<String, String> streamContext,
            List<Violation> violations,
            boolean requireSettled) {
        String table = tableName("PositionsTable");
        Map<String, Long> positions = new HashMap<>();
        if (tables.contains(table)) {
            for (Map<String, AttributeValue> item : TableScan.items(client, table)) {
                if (item.get("stream") == null || item.get("reader") == null || item.get("version") == null) {
                    continue;
                }
                String stream = item.get("stream").s();
                String reader = item.get("reader").s();
                long version = Long.parseLong(item.get("version").n());
                positions.put(reader + "\n" + stream, version);
                TreeMap<Long, StoredEvent> versions = streams.get(stream);
                long last = versions == null ? 0 : versions.lastKey();
                if (version > last) {
                    violations.add(new Violation(
                            Violation.Kind.POSITION_AHEAD,
                            reader + " " + stream + ":" + version,
                            "position beyond the stream's last version " + last));
                }
            }
        }
        List<Lag> lags = new ArrayList<>();
        Map<String, String> processors = new HashMap<>();
        contexts.all().forEach(c -> {
            if (c.processor() != null) {
                processors.put(c.name(), c.processor());
            }
        });
        new TreeMap<>(streams).forEach((stream, versions) -> {
            String processor = processors.get(streamContext.get(stream));
            if (processor == null) {
                return;
            }
            long at = positions.getOrDefault(processor + "\n" + stream, 0L);
            long last = versions.lastKey();
            if (at < last) {
                Lag lag = new Lag(stream, processor, at, last);
                lags.add(lag);
                if (requireSettled) {
                    violations.add(new Violation(
                            Violation.Kind.NOT_SETTLED, processor + " " + stream + ":" + at, lag.toString()));
                }
            }
        });
        return lags;
    }

    /** The name of a table's partition key. */
    static boolean hasSortKey(DynamoDbClient client, String table) {
        return client.describeTable(r -> r.tableName(table)).table().keySchema().stream()
                .anyMatch(k -> k.keyType() == KeyType.RANGE);
    }

    static String partitionKey(DynamoDbClient client, String table) {
        return client.describeTable(r -> r.tableName(table)).table().keySchema().stream()
                .filter(k -> k.keyType() == KeyType.HASH)
                .findFirst()
                .orElseThrow()
                .attributeName();
    }
}
