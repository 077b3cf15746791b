package dev.antipop.articles.view;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The read routes of articles, for signed-in users:
 *
 * <ul>
 *   <li>{@code GET /api/articles?cursor=&limit=&position=}: {@code 200 {"ok":true,"articles":[…],"cursor":"…"|null}},
 *       newest first, 1–{@value #MAX_LIMIT} per page (default {@value #DEFAULT_LIMIT}); deleted ones are left out.
 *   <li>{@code GET /api/articles/{id}?position=}: {@code 200 {"ok":true,"article":{…}}}; 404 {@code not_found} for an
 *       unknown or deleted article.
 * </ul>
 *
 * An article is {@code {articleId, authorId, title, body, createdAt, updatedAt, version}}. Errors: 401, 400 {@code
 * validation_failed} (limit, forged cursor, malformed position), 503 with {@code Retry-After} when the view has not
 * reached {@code position} within 5 s.
 */
public final class ArticlesQueries {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 20;

    /** Largest page size. */
    public static final int MAX_LIMIT = 100;

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Authenticator authenticator;
    private final ReadYourWrites readYourWrites;
    private final ArticleCursors cursors;

    public ArticlesQueries(
            DynamoDbClient dynamoDb,
            String table,
            Authenticator authenticator,
            ReadYourWrites readYourWrites,
            ArticleCursors cursors) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.authenticator = authenticator;
        this.readYourWrites = readYourWrites;
        this.cursors = cursors;
    }

    /** {@code GET /api/articles}. */
    public APIGatewayV2HTTPResponse list(HttpRequest request) {
        authenticator.require(request);
        int limit = limit(request);
        Optional<String> after = request.queryParameter("cursor").map(cursors::decode);
        Optional<APIGatewayV2HTTPResponse> unavailable = readYourWrites.await(request);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        QueryResponse page = dynamoDb.query(r -> r.tableName(table)
                .keyConditionExpression("#l = :l")
                .filterExpression("attribute_not_exists(#d)")
                .expressionAttributeNames(Map.of("#l", ArticlesView.LIST_KEY, "#d", ArticlesView.DELETED))
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(ArticlesView.LIST)))
                .scanIndexForward(false)
                .limit(limit)
                .consistentRead(true)
                .exclusiveStartKey(after.map(ArticlesView::key).orElse(null)));
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        ArrayNode items = body.putArray("articles");
        page.items().forEach(item -> items.add(json(item)));
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            body.put(
                    "cursor",
                    cursors.encode(
                            page.lastEvaluatedKey().get(ArticlesView.ARTICLE_ID).n()));
        } else {
            body.putNull("cursor");
        }
        return ApiResponses.json(200, body);
    }

    /** {@code GET /api/articles/{id}}. */
    public APIGatewayV2HTTPResponse get(HttpRequest request) {
        authenticator.require(request);
        String id = request.pathParameter("id").orElse("");
        Optional<APIGatewayV2HTTPResponse> unavailable = readYourWrites.await(request);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Map<String, AttributeValue> item = ID.matcher(id).matches()
                ? dynamoDb.getItem(r ->
                                r.tableName(table).key(ArticlesView.key(id)).consistentRead(true))
                        .item()
                : null;
        if (item == null || item.isEmpty() || item.containsKey(ArticlesView.DELETED)) {
            throw CommandException.notFound("No article " + (id.length() > 32 ? id.substring(0, 32) : id));
        }
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        body.set("article", json(item));
        return ApiResponses.json(200, body);
    }

    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("articleId", item.get(ArticlesView.ARTICLE_ID).n());
        node.put("authorId", text(item, "authorId"));
        node.put("title", text(item, "title"));
        node.put("body", text(item, "body"));
        node.put("createdAt", text(item, "createdAt"));
        node.put("updatedAt", text(item, "updatedAt"));
        node.put("version", Long.parseLong(item.get("version").n()));
        return node;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static int limit(HttpRequest request) {
        Optional<String> given = request.queryParameter("limit");
        if (given.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(given.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.validation(Map.of("limit", "must be an integer from 1 to " + MAX_LIMIT));
    }
}
