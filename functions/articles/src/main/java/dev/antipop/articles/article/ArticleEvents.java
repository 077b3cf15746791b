package dev.antipop.articles.article;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The article aggregate's event types, stream and topics. */
public final class ArticleEvents {

    /** {@code articles.article_created}. */
    public static final String ARTICLE_CREATED = "articles.article_created";
    /** {@code articles.article_updated}. */
    public static final String ARTICLE_UPDATED = "articles.article_updated";
    /** {@code articles.article_deleted}. */
    public static final String ARTICLE_DELETED = "articles.article_deleted";

    /** The secondary topic of every article change (the fan-out publishes there too, see EventSpec#alsoTopics). */
    public static final String ALL_TOPIC = "articles.all";

    /** Envelope mapping; every event goes to {@code articles.<articleId>}. */
    public static final EventCodec<ArticleEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    ARTICLE_CREATED, ArticleEvent.ArticleCreated.class,
                    ARTICLE_UPDATED, ArticleEvent.ArticleUpdated.class,
                    ARTICLE_DELETED, ArticleEvent.ArticleDeleted.class),
            (stream, event) -> topicOf(event.articleId()),
            SensitiveFields.none());

    private ArticleEvents() {}

    /** The stream of an article: {@code article-<articleId>}. */
    public static String streamOf(String articleId) {
        return "article-" + articleId;
    }

    /** An article's topic: {@code articles.<articleId>}. */
    public static String topicOf(String articleId) {
        return "articles." + articleId;
    }
}
