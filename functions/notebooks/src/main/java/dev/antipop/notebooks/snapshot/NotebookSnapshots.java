package dev.antipop.notebooks.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.notebooks.notebook.Notebook;
import dev.antipop.notebooks.notebook.NotebookState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Notebook snapshots ({@code SNAPSHOTS_TABLE}, {@code NotebookSnapshotsTable}): the state of a notebook at every
 * {@value #EVERY}th version, so a load reads one snapshot and at most {@value #EVERY} − 1 events.
 *
 * <p>Item: PK {@code stream} (S), SK {@code sk} (N) = {@code version × 64 + part}; {@code version} (N), {@code part}
 * (N), {@code parts} (N), {@code schema} (N), {@code data} (B): the gzip of the state's JSON, cut into parts of at most
 * {@value #PART_BYTES} bytes because an item holds at most 400 KB (DynamoDB, "Service, account, and table quotas").
 *
 * <p>Why they stay correct: a snapshot at version v is the fold of events 1..v, and events never change, so it is
 * right for ever as long as the fold is the same; {@link #SCHEMA} names the fold's encoding, and a snapshot of another
 * schema (or one that does not decode, or whose parts are not all there yet) is ignored: the load falls back to an
 * older one or to version 1. They are written by the notebooks processor (after the events are durable), with {@code
 * attribute_not_exists}, so a redelivered batch rewrites nothing; deleting the table loses only speed.
 */
public final class NotebookSnapshots {

    private static final Logger log = LoggerFactory.getLogger(NotebookSnapshots.class);

    /** A snapshot every this many versions. */
    public static final int EVERY = 100;

    /** The encoding of the state; bump it when {@link Notebook}'s shape or the fold changes. */
    public static final int SCHEMA = 1;

    /** Largest part, in bytes (an item is at most 400 KB with its key and attributes). */
    public static final int PART_BYTES = 350_000;

    /** Most parts of one snapshot (the sort key leaves room for 64). */
    public static final int MAX_PARTS = 64;

    /** Items per Query page: a one-part snapshot and the next, or more pages for a large one. */
    static final int PAGE_ITEMS = 4;

    private final DynamoDbClient dynamoDb;
    private final String table;

    /** @param table the snapshots table */
    public NotebookSnapshots(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * A snapshot found and what finding it cost.
     *
     * @param state the state at {@code version}; empty when there was no usable snapshot
     * @param version its version (0 when none)
     * @param requests DynamoDB requests made (Query pages)
     * @param readUnits read capacity units DynamoDB reported for them
     */
    public record Found(Optional<NotebookState> state, long version, int requests, double readUnits) {}

    /** The latest usable snapshot of {@code stream} at a version of at most {@code atMost}. */
    public Found latest(String stream, long atMost) {
        if (atMost < EVERY) {
            return new Found(Optional.empty(), 0, 0, 0);
        }
        long highest = Math.min(atMost, Long.MAX_VALUE / MAX_PARTS - 1) * MAX_PARTS + MAX_PARTS - 1;
        Map<String, AttributeValue> start = null;
        int requests = 0;
        double units = 0;
        List<Map<String, AttributeValue>> group = new ArrayList<>();
        long groupVersion = -1;
        int versionsSeen = 0;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("#s = :s AND #k <= :k")
                    .expressionAttributeNames(Map.of("#s", "stream", "#k", "sk"))
                    .expressionAttributeValues(Map.of(
                            ":s", AttributeValue.fromS(stream), ":k", AttributeValue.fromN(Long.toString(highest))))
                    .scanIndexForward(false)
                    // A page of a few items: without a limit DynamoDB reads (and bills) up to 1 MB of older snapshots.
                    .limit(PAGE_ITEMS)
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(query.build());
            requests++;
            units += page.consumedCapacity() == null || page.consumedCapacity().capacityUnits() == null
                    ? 0
                    : page.consumedCapacity().capacityUnits();
            for (Map<String, AttributeValue> item : page.items()) {
                long version = Long.parseLong(item.get("version").n());
                if (version != groupVersion) {
                    if (versionsSeen == 2) {
                        // Two incomplete snapshots in a row: fold from the start rather than read on.
                        return new Found(Optional.empty(), 0, requests, units);
                    }
                    group.clear();
                    groupVersion = version;
                    versionsSeen++;
                }
                group.add(item);
                int parts = Integer.parseInt(item.get("parts").n());
                if (group.size() == parts && Integer.parseInt(item.get("part").n()) == 0) {
                    Optional<NotebookState> state = decode(stream, version, group);
                    if (state.isPresent()) {
                        return new Found(state, version, requests, units);
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new Found(Optional.empty(), 0, requests, units);
    }

    /**
     * Stores the state of {@code stream} at {@code version}; a snapshot already there is kept.
     *
     * @throws IllegalArgumentException when the state needs more than {@value #MAX_PARTS} parts (over ~22 MB gzipped)
     */
    public void save(String stream, long version, NotebookState state) {
        byte[] bytes = encode(state);
        int parts = (bytes.length + PART_BYTES - 1) / PART_BYTES;
        if (parts > MAX_PARTS) {
            throw new IllegalArgumentException("Snapshot of " + stream + "/" + version + " is " + bytes.length
                    + " bytes gzipped; at most " + (long) MAX_PARTS * PART_BYTES);
        }
        // Highest part first: a reader treats a snapshot as complete only when part 0, written last, is there too.
        for (int part = parts - 1; part >= 0; part--) {
            byte[] chunk =
                    Arrays.copyOfRange(bytes, part * PART_BYTES, Math.min(bytes.length, (part + 1) * PART_BYTES));
            Map<String, AttributeValue> item = Map.of(
                    "stream", AttributeValue.fromS(stream),
                    "sk", AttributeValue.fromN(Long.toString(version * MAX_PARTS + part)),
                    "version", AttributeValue.fromN(Long.toString(version)),
                    "part", AttributeValue.fromN(Integer.toString(part)),
                    "parts", AttributeValue.fromN(Integer.toString(parts)),
                    "schema", AttributeValue.fromN(Integer.toString(SCHEMA)),
                    "data", AttributeValue.fromB(SdkBytes.fromByteArray(chunk)));
            try {
                dynamoDb.putItem(r -> r.tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#s)")
                        .expressionAttributeNames(Map.of("#s", "stream")));
            } catch (ConditionalCheckFailedException already) {
                // Written by an earlier delivery of the same batch: identical, since the fold is deterministic.
            }
        }
    }

    /** The state as stored: gzip of {@code {"deleted":bool,"notebook":{…}}}. */
    static byte[] encode(NotebookState state) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        Notebook notebook = switch (state) {
            case NotebookState.None none -> throw new IllegalArgumentException("No snapshot of an empty stream");
            case NotebookState.Active active -> active.notebook();
            case NotebookState.Deleted deleted -> deleted.notebook();
        };
        body.put("deleted", state instanceof NotebookState.Deleted);
        body.set("notebook", EnvelopeJson.mapper().valueToTree(notebook));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            EnvelopeJson.mapper().writeValue(gzip, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The state a complete group of parts holds; empty (logged) when its schema is another or it does not decode. */
    private static Optional<NotebookState> decode(
            String stream, long version, List<Map<String, AttributeValue>> descendingParts) {
        if (Integer.parseInt(descendingParts.get(0).get("schema").n()) != SCHEMA) {
            return Optional.empty();
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = descendingParts.size() - 1; i >= 0; i--) {
            joined.writeBytes(descendingParts.get(i).get("data").b().asByteArray());
        }
        try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(joined.toByteArray()))) {
            JsonNode body = EnvelopeJson.mapper().readTree(gzip);
            Notebook notebook = EnvelopeJson.mapper().treeToValue(body.get("notebook"), Notebook.class);
            return Optional.of(
                    body.path("deleted").asBoolean()
                            ? new NotebookState.Deleted(notebook)
                            : new NotebookState.Active(notebook));
        } catch (IOException | RuntimeException e) {
            log.warn("Snapshot {}/{} does not decode; folding without it", stream, version, e);
            return Optional.empty();
        }
    }
}
