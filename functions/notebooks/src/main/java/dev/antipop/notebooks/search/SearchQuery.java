package dev.antipop.notebooks.search;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code GET /api/notebooks/search?q=…&limit=…&position=…}: the notebooks the caller may read whose title, description
 * or cells hold every term of {@code q} (after {@link NotebookAnalyzer}: case- and accent-insensitive, stemmed), best
 * first.
 *
 * <p>Cost: one Query per distinct term (its posting partition; at most {@value #MAX_POSTINGS} postings each), then
 * BatchGetItem of the candidates' documents, best first, until {@code limit} readable ones are found. Score: Σ over
 * terms of (1 + ln weight) × ln(1 + {@value #IDF_BASE} / postings), a tf-idf whose document frequency is the term's
 * posting count.
 *
 * <p>Answer {@code 200 {"ok":true,"q":"…","terms":[…],"results":[{notebookId, title, description, visibility,
 * score}]}}. Errors: 401 without a valid token; 400 {@code validation_failed} for a {@code q} without searchable terms
 * or over {@value #MAX_QUERY} characters, or a bad {@code limit}; 503 when the index has not reached {@code position}.
 */
public final class SearchQuery implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    /** Longest query, in characters. */
    public static final int MAX_QUERY = 500;

    /** Most terms per query. */
    public static final int MAX_TERMS = 10;

    /** Most postings read per term. */
    public static final int MAX_POSTINGS = 5_000;

    static final double IDF_BASE = 10_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Authenticator authenticator;
    private final ReadYourWrites readYourWrites;

    public SearchQuery(DynamoDbClient dynamoDb, String table, Authenticator authenticator, ReadYourWrites ryw) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.authenticator = authenticator;
        this.readYourWrites = ryw;
    }

    /** One readable hit. */
    public record Hit(String notebookId, String title, String description, boolean isPublic, double score) {}

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        Principal caller = authenticator.require(request);
        String q = request.queryParameter("q").orElse("");
        if (q.length() > MAX_QUERY) {
            throw CommandException.validation(Map.of("q", "must be at most " + MAX_QUERY + " characters"));
        }
        List<String> terms = List.copyOf(NotebookAnalyzer.terms(q).keySet());
        if (terms.isEmpty()) {
            throw CommandException.validation(Map.of("q", "has no searchable word"));
        }
        if (terms.size() > MAX_TERMS) {
            throw CommandException.validation(Map.of("q", "must have at most " + MAX_TERMS + " words"));
        }
        int limit = limit(request);
        Optional<APIGatewayV2HTTPResponse> unavailable = readYourWrites.await(request);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        List<Hit> hits = search(terms, caller.userId(), caller.hasRole("admin"), limit);
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        body.put("q", q);
        ArrayNode termNodes = body.putArray("terms");
        terms.forEach(termNodes::add);
        ArrayNode results = body.putArray("results");
        for (Hit hit : hits) {
            ObjectNode node = results.addObject();
            node.put("notebookId", hit.notebookId());
            node.put("title", hit.title());
            node.put("description", hit.description());
            node.put("visibility", hit.isPublic() ? "public" : "private");
            node.put("score", Math.round(hit.score() * 1000) / 1000.0);
        }
        return ApiResponses.json(200, body);
    }

    /** The best {@code limit} notebooks holding every term that {@code userId} may read. */
    public List<Hit> search(List<String> terms, String userId, boolean admin, int limit) {
        Map<String, Double> scores = null;
        for (String term : terms) {
            Map<String, Integer> postings = postings(term);
            double idf = Math.log(1 + IDF_BASE / Math.max(1, postings.size()));
            Map<String, Double> next = new HashMap<>();
            for (Map.Entry<String, Integer> posting : postings.entrySet()) {
                if (scores == null || scores.containsKey(posting.getKey())) {
                    double base = scores == null ? 0 : scores.get(posting.getKey());
                    next.put(posting.getKey(), base + (1 + Math.log(posting.getValue())) * idf);
                }
            }
            scores = next;
            if (scores.isEmpty()) {
                return List.of();
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < ranked.size() && hits.size() < limit; i += 100) {
            List<Map.Entry<String, Double>> chunk = ranked.subList(i, Math.min(ranked.size(), i + 100));
            Map<String, Map<String, AttributeValue>> docs =
                    documents(chunk.stream().map(Map.Entry::getKey).toList());
            for (Map.Entry<String, Double> candidate : chunk) {
                Map<String, AttributeValue> doc = docs.get(candidate.getKey());
                if (doc != null && readable(doc, userId, admin) && hits.size() < limit) {
                    hits.add(new Hit(
                            candidate.getKey(),
                            doc.get("title").s(),
                            doc.get("description").s(),
                            Boolean.TRUE.equals(doc.get("public").bool()),
                            candidate.getValue()));
                }
            }
        }
        return hits;
    }

    private static boolean readable(Map<String, AttributeValue> doc, String userId, boolean admin) {
        return admin
                || Boolean.TRUE.equals(doc.get("public").bool())
                || (doc.containsKey("readers") && doc.get("readers").ss().contains(userId));
    }

    private Map<String, Integer> postings(String term) {
        Map<String, Integer> postings = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("#t = :t")
                    .expressionAttributeNames(Map.of("#t", "term"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(term)))
                    .limit(MAX_POSTINGS - postings.size());
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                postings.put(
                        item.get("notebookId").s(),
                        Integer.parseInt(item.get("weight").n()));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && postings.size() < MAX_POSTINGS);
        return postings;
    }

    private Map<String, Map<String, AttributeValue>> documents(List<String> notebookIds) {
        Map<String, Map<String, AttributeValue>> docs = new HashMap<>();
        List<Map<String, AttributeValue>> keys = notebookIds.stream()
                .map(id -> SearchIndex.key(SearchIndex.DOC, id))
                .toList();
        Map<String, KeysAndAttributes> pending = Map.of(
                table,
                KeysAndAttributes.builder()
                        .keys(keys)
                        .projectionExpression("notebookId, title, description, #p, readers")
                        .expressionAttributeNames(Map.of("#p", "public"))
                        .build());
        for (int attempt = 0; !pending.isEmpty() && attempt < 10; attempt++) {
            Map<String, KeysAndAttributes> request = pending;
            var response = dynamoDb.batchGetItem(r -> r.requestItems(request));
            response.responses()
                    .getOrDefault(table, List.of())
                    .forEach(item -> docs.put(item.get("notebookId").s(), item));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return docs;
    }

    private static int limit(HttpRequest request) {
        Optional<String> given = request.queryParameter("limit");
        if (given.isEmpty()) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(given.get());
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.validation(Map.of("limit", "must be an integer from 1 to 100"));
    }
}
