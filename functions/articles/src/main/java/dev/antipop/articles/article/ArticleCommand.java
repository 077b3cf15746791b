package dev.antipop.articles.article;

/** What may be asked of one article (stream {@code article-<articleId>}). */
public sealed interface ArticleCommand {

    /** Who asks: their id and whether they moderate every article (role {@code moderator} or {@code admin}). */
    record Actor(String userId, boolean moderator) {}

    /** {@code CREATE_ARTICLE}: {@code articleId} is new; the actor becomes its author. */
    record CreateArticle(String articleId, Actor actor, String title, String body) implements ArticleCommand {}

    /** {@code UPDATE_ARTICLE}: null fields stay as they are. */
    record UpdateArticle(String articleId, Actor actor, String title, String body) implements ArticleCommand {}

    /** {@code DELETE_ARTICLE}. */
    record DeleteArticle(String articleId, Actor actor) implements ArticleCommand {}
}
