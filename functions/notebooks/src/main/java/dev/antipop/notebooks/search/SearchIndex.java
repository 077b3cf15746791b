package dev.antipop.notebooks.search;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.notebooks.notebook.Cell;
import dev.antipop.notebooks.notebook.Notebook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The search index, an inverted index on DynamoDB ({@code SEARCH_TABLE}, {@code NotebookSearchTable}): a query reads
 * one partition per term, never scans.
 *
 * <ul>
 *   <li>Posting: PK {@code term} (S), SK {@code notebookId} (S); {@code weight} (N): the term's occurrences in the
 *       title × {@value #TITLE_WEIGHT} + description × {@value #DESCRIPTION_WEIGHT} + cell values × 1.
 *   <li>Document: PK {@code term} = {@value #DOC}, SK {@code notebookId}; who may read it ({@code ownerId}, {@code
 *       readers} SS, {@code public}), {@code title}, {@code description}, {@code version}, and {@code terms} (the JSON
 *       of its term → weight map, so the next refresh writes only the difference).
 * </ul>
 *
 * <p>A refresh replaces a notebook's postings with those of its current state: idempotent and convergent (every
 * refresh works from the latest state), so a redelivered batch or a replay of the whole stream (a rebuild, after the
 * table is recreated) ends in the same index. A deleted notebook loses its postings and document.
 */
public final class SearchIndex {

    /** The partition of document items. */
    public static final String DOC = "#doc";

    static final int TITLE_WEIGHT = 5;
    static final int DESCRIPTION_WEIGHT = 2;

    /** Most distinct terms indexed per notebook (the heaviest; keeps the document item far below 400 KB). */
    public static final int MAX_TERMS = 10_000;

    private static final TypeReference<Map<String, Integer>> TERMS = new TypeReference<>() {};

    private final DynamoDbClient dynamoDb;
    private final String table;

    /** @param table the search table */
    public SearchIndex(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The weighted terms of a notebook. */
    public static Map<String, Integer> termsOf(Notebook notebook) {
        Map<String, Integer> weights = new HashMap<>();
        NotebookAnalyzer.terms(notebook.title()).forEach((t, n) -> weights.merge(t, n * TITLE_WEIGHT, Integer::sum));
        NotebookAnalyzer.terms(notebook.description())
                .forEach((t, n) -> weights.merge(t, n * DESCRIPTION_WEIGHT, Integer::sum));
        for (Cell cell : notebook.cells()) {
            NotebookAnalyzer.terms(cell.value()).forEach((t, n) -> weights.merge(t, n, Integer::sum));
        }
        if (weights.size() <= MAX_TERMS) {
            return weights;
        }
        Map<String, Integer> kept = new HashMap<>();
        weights.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(MAX_TERMS)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    /** Indexes {@code notebook} (null or deleted: removes it) at {@code version}. */
    public void refresh(String notebookId, Notebook notebook, boolean deleted) {
        Map<String, AttributeValue> docKey = key(DOC, notebookId);
        Map<String, AttributeValue> doc = dynamoDb.getItem(
                        r -> r.tableName(table).key(docKey).consistentRead(true))
                .item();
        Map<String, Integer> before = doc == null || !doc.containsKey("terms")
                ? Map.of()
                : parse(doc.get("terms").s());
        if (doc != null
                && doc.containsKey("version")
                && notebook != null
                && Long.parseLong(doc.get("version").n()) >= notebook.version()
                && !deleted) {
            return;
        }
        Map<String, Integer> after = notebook == null || deleted ? Map.of() : termsOf(notebook);
        List<WriteRequest> writes = new ArrayList<>();
        after.forEach((term, weight) -> {
            if (!weight.equals(before.get(term))) {
                Map<String, AttributeValue> item = new HashMap<>(key(term, notebookId));
                item.put("weight", AttributeValue.fromN(Integer.toString(weight)));
                writes.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build());
            }
        });
        for (String term : before.keySet()) {
            if (!after.containsKey(term)) {
                writes.add(WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder()
                                .key(key(term, notebookId))
                                .build())
                        .build());
            }
        }
        write(writes);
        if (notebook == null || deleted) {
            dynamoDb.deleteItem(r -> r.tableName(table).key(docKey));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(docKey);
        item.put("ownerId", AttributeValue.fromS(notebook.ownerId()));
        Set<String> readers = new java.util.TreeSet<>(notebook.shares().keySet());
        readers.add(notebook.ownerId());
        item.put("readers", AttributeValue.fromSs(List.copyOf(readers)));
        item.put("public", AttributeValue.fromBool(notebook.isPublic()));
        item.put("title", AttributeValue.fromS(notebook.title()));
        item.put("description", AttributeValue.fromS(notebook.description()));
        item.put("version", AttributeValue.fromN(Long.toString(notebook.version())));
        item.put("terms", AttributeValue.fromS(json(after)));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    private void write(List<WriteRequest> writes) {
        for (int i = 0; i < writes.size(); i += 25) {
            List<WriteRequest> batch = writes.subList(i, Math.min(writes.size(), i + 25));
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == 10) {
                    throw new IllegalStateException("BatchWriteItem left items unprocessed 10 times; retry the batch");
                }
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    static Map<String, AttributeValue> key(String term, String notebookId) {
        return Map.of("term", AttributeValue.fromS(term), "notebookId", AttributeValue.fromS(notebookId));
    }

    private static Map<String, Integer> parse(String json) {
        try {
            return EnvelopeJson.mapper().readValue(json, TERMS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Map<String, Integer> terms) {
        try {
            return EnvelopeJson.mapper().writeValueAsString(new java.util.TreeMap<>(terms));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
