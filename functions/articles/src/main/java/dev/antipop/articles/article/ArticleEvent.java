package dev.antipop.articles.article;

/** Facts about one article; types {@code articles.<fact>}, topic {@code articles.<articleId>} (and articles.all). */
public sealed interface ArticleEvent {

    /** The article. */
    String articleId();

    /** {@code articles.article_created}. */
    record ArticleCreated(String articleId, String authorId, String title, String body) implements ArticleEvent {}

    /** {@code articles.article_updated}: the article's title and body after the change; {@code editorId} made it. */
    record ArticleUpdated(String articleId, String authorId, String editorId, String title, String body)
            implements ArticleEvent {}

    /** {@code articles.article_deleted}. */
    record ArticleDeleted(String articleId, String authorId, String editorId) implements ArticleEvent {}
}
