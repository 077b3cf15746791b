package dev.antipop.articles.article;

/** One article's lifecycle: none yet, live, deleted. */
public sealed interface ArticleState {

    /** The stream has no events. */
    record None() implements ArticleState {}

    /** Written and not deleted. */
    record Live(String articleId, String authorId, String title, String body) implements ArticleState {}

    /** Deleted (for ever: ids are not reused). */
    record Deleted(String articleId, String authorId) implements ArticleState {}
}
