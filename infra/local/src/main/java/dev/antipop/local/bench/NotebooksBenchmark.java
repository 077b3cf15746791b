package dev.antipop.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.dynamodb.EventItems;
import dev.antipop.dynamodb.engine.DynamoDbServer;
import dev.antipop.local.LocalCloudException;
import dev.antipop.notebooks.notebook.Cell;
import dev.antipop.notebooks.notebook.Notebook;
import dev.antipop.notebooks.notebook.NotebookEvent;
import dev.antipop.notebooks.notebook.NotebookEvents;
import dev.antipop.notebooks.search.NotebookAnalyzer;
import dev.antipop.notebooks.search.SearchIndex;
import dev.antipop.notebooks.search.SearchQuery;
import dev.antipop.notebooks.snapshot.NotebookLoader;
import dev.antipop.notebooks.snapshot.NotebookSnapshots;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code ./run-local bench-notebooks}: the notebooks context's read paths on Antipop's DynamoDB engine through the AWS
 * SDK over loopback (the client functions use), no local cloud around them.
 *
 * <ul>
 *   <li>Loading a notebook of 1,000 and of 10,000 events (a cell edited over and over, 10 cells) at its last version
 *       and at a version in the middle, with snapshots every 100 versions and without (folding from version 1): p50
 *       of {@value #LOADS} loads, with the DynamoDB requests and events read of one load.
 *   <li>Search over 1,000 notebooks (titles and a few cells of text drawn from a 2,000-word vocabulary): p50 and p99
 *       of {@value #QUERIES} one- and two-word queries, each one Query per term plus BatchGetItem of the candidates.
 * </ul>
 *
 * Figures are printed, never asserted.
 */
public final class NotebooksBenchmark {

    private static final int LOADS = 20;
    private static final int QUERIES = 200;
    private static final String EVENTS = "NotebooksEvents";
    private static final String SNAPSHOTS = "NotebookSnapshots";
    private static final String SEARCH = "NotebookSearch";

    private NotebooksBenchmark() {}

    /** Runs the benchmark on an engine bound to {@code host}; returns the exit status (0). */
    public static int run(String host, PrintStream out) {
        out.printf(
                "run-local bench-notebooks: JVM %s, %d processors; Antipop's DynamoDB engine, SDK v2 over loopback"
                        + " (UrlConnectionHttpClient)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (DynamoDbServer engine = DynamoDbServer.builder().host(host).port(0).start();
                DynamoDbClient dynamoDb = client(engine.endpoint())) {
            createTables(dynamoDb);
            NotebookSnapshots snapshots = new NotebookSnapshots(dynamoDb, SNAPSHOTS);
            NotebookLoader withSnapshots = new NotebookLoader(dynamoDb, EVENTS, snapshots);
            NotebookLoader withoutSnapshots = new NotebookLoader(dynamoDb, EVENTS, null);
            for (int size : new int[] {1_000, 10_000}) {
                String stream = NotebookEvents.streamOf(Integer.toString(900_000 + size));
                long began = System.nanoTime();
                write(dynamoDb, stream, size);
                for (long v = NotebookSnapshots.EVERY; v <= size; v += NotebookSnapshots.EVERY) {
                    snapshots.save(stream, v, withSnapshots.load(stream, v).state());
                }
                out.printf(
                        "notebook of %,d events written with %d snapshots in %.1f s%n",
                        size, size / NotebookSnapshots.EVERY, (System.nanoTime() - began) / 1e9);
                for (long version : new long[] {size, size / 2 + 50}) {
                    report(out, "with snapshots   ", size, version, withSnapshots.load(stream, version), () -> {
                        long start = System.nanoTime();
                        withSnapshots.load(stream, version);
                        return System.nanoTime() - start;
                    });
                    report(out, "without snapshots", size, version, withoutSnapshots.load(stream, version), () -> {
                        long start = System.nanoTime();
                        withoutSnapshots.load(stream, version);
                        return System.nanoTime() - start;
                    });
                }
            }
            search(dynamoDb, out);
        } catch (Exception e) {
            throw new LocalCloudException("bench-notebooks failed: " + e, e);
        }
        return 0;
    }

    private static void report(
            PrintStream out, String label, int size, long version, NotebookLoader.Loaded one, LongSupplier timed) {
        long[] nanos = new long[LOADS];
        timed.getAsLong();
        for (int i = 0; i < LOADS; i++) {
            nanos[i] = timed.getAsLong();
        }
        Arrays.sort(nanos);
        out.printf(
                "load %,6d-event notebook at version %,6d %s: p50 %8.1f ms (snapshot %,d, %,d events folded, %d"
                        + " DynamoDB requests, %.1f read units)%n",
                size,
                version,
                label,
                nanos[LOADS / 2] / 1e6,
                one.snapshotVersion(),
                one.eventsRead(),
                one.requests(),
                one.readUnits());
    }

    /** A notebook of 10 cells, then {@code size - 11} edits of them (values of ~200 characters). */
    private static void write(DynamoDbClient dynamoDb, String stream, int size) {
        String notebookId = NotebookEvents.idOf(stream);
        List<NotebookEvent> events = new ArrayList<>();
        events.add(new NotebookEvent.NotebookCreated(notebookId, "1", "Bench " + size, ""));
        for (int c = 0; c < 10; c++) {
            events.add(new NotebookEvent.CellCreated(
                    notebookId, "7" + c, "javascript", "x" + c + " = 0", c, "x" + c, List.of(), List.of("7" + c)));
        }
        while (events.size() < size) {
            int i = events.size();
            String cellId = "7" + (i % 10);
            events.add(new NotebookEvent.CellUpdated(
                    notebookId,
                    cellId,
                    "x" + (i % 10) + " = " + "[" + i + "] ".repeat(30),
                    null,
                    null,
                    null,
                    null,
                    List.of(cellId)));
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            NotebookEvent event = events.get(i);
            ObjectNode data = NotebookEvents.CODEC.toData(event);
            EventEnvelope envelope = new EventEnvelope(
                    Long.toString(1_000_000L + i),
                    NotebookEvents.CODEC.typeOf(event),
                    stream,
                    i + 1,
                    NotebookEvents.topicOf(notebookId),
                    Instant.now(),
                    data,
                    new EventMeta("1", "bench", null, null));
            writes.add(WriteRequest.builder()
                    .putRequest(p -> p.item(EventItems.toItem(envelope)))
                    .build());
        }
        batchWrite(dynamoDb, EVENTS, writes);
    }

    private static void search(DynamoDbClient dynamoDb, PrintStream out) {
        Random random = new Random(12);
        List<String> vocabulary = new ArrayList<>();
        while (vocabulary.size() < 2_000) {
            StringBuilder word = new StringBuilder();
            int length = 4 + random.nextInt(6);
            for (int i = 0; i < length; i++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            if (NotebookAnalyzer.terms(word.toString()).size() == 1) {
                vocabulary.add(word.toString());
            }
        }
        SearchIndex index = new SearchIndex(dynamoDb, SEARCH);
        long began = System.nanoTime();
        for (int n = 0; n < 1_000; n++) {
            List<Cell> cells = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                cells.add(new Cell(
                        "8" + n + c, "markdown", words(vocabulary, random, 40), null, List.of(), false, null, null));
            }
            String owner = Integer.toString(1 + n % 50);
            Notebook notebook = new Notebook(
                    Integer.toString(800_000 + n),
                    owner,
                    words(vocabulary, random, 4),
                    words(vocabulary, random, 12),
                    n % 5 == 0 ? Notebook.PUBLIC : Notebook.PRIVATE,
                    Map.of(),
                    cells,
                    7);
            index.refresh(notebook.notebookId(), notebook, false);
        }
        out.printf(
                "search index of 1,000 notebooks (5 cells of 40 words each) built in %.1f s%n",
                (System.nanoTime() - began) / 1e9);
        SearchQuery query = new SearchQuery(dynamoDb, SEARCH, null, null);
        for (int terms : new int[] {1, 2}) {
            long[] nanos = new long[QUERIES];
            int hits = 0;
            for (int i = -20; i < QUERIES; i++) {
                List<String> q = new ArrayList<>();
                for (int t = 0; t < terms; t++) {
                    q.add(NotebookAnalyzer.terms(vocabulary.get(random.nextInt(200)))
                            .keySet()
                            .iterator()
                            .next());
                }
                long start = System.nanoTime();
                int found = query.search(q, Integer.toString(1 + random.nextInt(50)), false, 20)
                        .size();
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                    hits += found;
                }
            }
            Arrays.sort(nanos);
            out.printf(
                    "search over 1,000 notebooks, %d-word queries (readable results only, limit 20): p50 %.1f ms, p99"
                            + " %.1f ms, %.1f results on average%n",
                    terms,
                    nanos[QUERIES / 2] / 1e6,
                    nanos[(int) Math.ceil(QUERIES * 0.99) - 1] / 1e6,
                    hits / (double) QUERIES);
        }
    }

    private static String words(List<String> vocabulary, Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            // Skewed toward the first words, as natural text is.
            int index = (int) Math.min(vocabulary.size() - 1, Math.abs(random.nextGaussian()) * 300);
            text.append(i == 0 ? "" : " ").append(vocabulary.get(index));
        }
        return text.toString();
    }

    private static void batchWrite(DynamoDbClient dynamoDb, String table, List<WriteRequest> writes) {
        for (int i = 0; i < writes.size(); i += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, writes.subList(i, Math.min(writes.size(), i + 25)));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var response = dynamoDb.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    private static void createTables(DynamoDbClient dynamoDb) {
        create(dynamoDb, EVENTS, "stream", "S", "version", "N");
        create(dynamoDb, SNAPSHOTS, "stream", "S", "sk", "N");
        create(dynamoDb, SEARCH, "term", "S", "notebookId", "S");
    }

    private static void create(
            DynamoDbClient dynamoDb, String table, String hash, String hashType, String range, String rangeType) {
        dynamoDb.createTable(b -> b.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                        a -> a.attributeName(hash).attributeType(hashType),
                        a -> a.attributeName(range).attributeType(rangeType))
                .keySchema(
                        k -> k.attributeName(hash).keyType("HASH"),
                        k -> k.attributeName(range).keyType("RANGE")));
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }
}
