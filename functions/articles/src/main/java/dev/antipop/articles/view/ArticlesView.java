package dev.antipop.articles.view;

import dev.antipop.articles.article.ArticleEvents;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ViewStore;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The articles read model ({@code ARTICLES_TABLE}: PK {@code list} S, always {@value #LIST}; SK {@code articleId} N,
 * so one Query reads the articles newest first, Snowflake ids being time-ordered). Attributes {@code title}, {@code
 * body}, {@code authorId}, {@code createdAt}, {@code updatedAt}, {@code version} (of the article's stream) and, once
 * deleted, {@code deleted} = true: a tombstone, so a late or redelivered older event cannot bring it back
 * (version-conditional writes, {@link ViewStore}). One partition holds every article: about 1,000 writes/s and 3,000
 * reads/s per partition on DynamoDB; beyond that, shard the list key by a hash of the id and merge.
 */
public final class ArticlesView {

    /** The partition of the list. */
    public static final String LIST = "articles";

    static final String LIST_KEY = "list";
    static final String ARTICLE_ID = "articleId";
    static final String DELETED = "deleted";

    private final ViewStore views;
    private final String table;

    /** @param table the articles view table */
    public ArticlesView(DynamoDbClient dynamoDb, String table) {
        this.views = new ViewStore(dynamoDb);
        this.table = table;
    }

    /** Projects one event (idempotent, order-safe); other contexts' events are ignored. */
    public void project(EventEnvelope event) {
        String articleId = event.data().path("articleId").asText();
        String at = EnvelopeJson.formatTimestamp(event.timestamp());
        switch (event.type()) {
            case ArticleEvents.ARTICLE_CREATED, ArticleEvents.ARTICLE_UPDATED ->
                views.apply(table, key(articleId), event.version(), current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put(
                            "title",
                            AttributeValue.fromS(event.data().path("title").asText()));
                    item.put(
                            "body",
                            AttributeValue.fromS(event.data().path("body").asText()));
                    item.put(
                            "authorId",
                            AttributeValue.fromS(event.data().path("authorId").asText()));
                    item.putIfAbsent("createdAt", AttributeValue.fromS(at));
                    item.put("updatedAt", AttributeValue.fromS(at));
                    return item;
                });
            case ArticleEvents.ARTICLE_DELETED ->
                views.apply(table, key(articleId), event.version(), current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put(DELETED, AttributeValue.fromBool(true));
                    item.put("updatedAt", AttributeValue.fromS(at));
                    return item;
                });
            default -> {
                // not an article event
            }
        }
    }

    /** The key of an article's item. */
    public static Map<String, AttributeValue> key(String articleId) {
        return Map.of(LIST_KEY, AttributeValue.fromS(LIST), ARTICLE_ID, AttributeValue.fromN(articleId));
    }
}
