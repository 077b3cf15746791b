package dev.antipop.articles;

import dev.antipop.articles.article.ArticleEvents;
import dev.antipop.articles.view.ArticlesView;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import dev.antipop.runtime.context.SubjectGrant;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;

/**
 * The articles context's descriptor (seed 002: articles over a REST API, whose clients learn of changes only through
 * the socket): stream {@code article-<id>}; REST routes {@code GET /api/articles?cursor=}, {@code GET
 * /api/articles/{id}}, {@code POST /api/articles}, {@code PUT|DELETE /api/articles/{id}} (the writes are the commands
 * {@code CREATE_ARTICLE}, {@code UPDATE_ARTICLE}, {@code DELETE_ARTICLE}: 202 with the position).
 *
 * <p>Topics: every change goes to {@code articles.<articleId>} (its envelope's topic, resumable with {@code
 * start_seq}) and, as a secondary topic ({@link EventSpec#alsoTopics}), to {@code articles.all}: one event has one
 * topic, so the fan-out publishes it a second time there, and the topic log keeps it under both. A subscriber of
 * {@code articles.all} sees each article's changes in version order (a stream's events are fanned out in order);
 * changes of different articles come in the order the fan-out handles them. Every signed-in user may subscribe to
 * {@code articles.*}.
 */
public final class ArticlesContext implements BoundedContext {

    /** Longest title, in characters. */
    public static final int MAX_TITLE = 200;

    /** Longest body, in characters (an article must fit one 32 KB WebSocket frame with its envelope). */
    public static final int MAX_BODY = 20_000;

    /** The role that may change every article. */
    public static final String MODERATOR = "moderator";

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "articles",
            ArticlesFunctions.class,
            "articlesProcessor",
            List.of(
                    CommandSpec.user(
                            "CREATE_ARTICLE",
                            "article",
                            "Write an article; you are its author (also POST /api/articles)",
                            FieldSpec.string("title", true, 1, MAX_TITLE),
                            FieldSpec.string("body", false, 0, MAX_BODY)),
                    CommandSpec.user(
                            "UPDATE_ARTICLE",
                            "article",
                            "Change an article's title or body: its author or a moderator (also PUT /api/articles/{id})",
                            FieldSpec.required("articleId", FieldSpec.Type.ID),
                            FieldSpec.string("title", false, 1, MAX_TITLE),
                            FieldSpec.string("body", false, 0, MAX_BODY)),
                    CommandSpec.user(
                            "DELETE_ARTICLE",
                            "article",
                            "Delete an article: its author or a moderator (also DELETE /api/articles/{id})",
                            FieldSpec.required("articleId", FieldSpec.Type.ID))),
            List.of(
                    EventSpec.of(ArticleEvents.ARTICLE_CREATED, "articles.{articleId}")
                            .alsoOn(ArticleEvents.ALL_TOPIC),
                    EventSpec.of(ArticleEvents.ARTICLE_UPDATED, "articles.{articleId}")
                            .alsoOn(ArticleEvents.ALL_TOPIC),
                    EventSpec.of(ArticleEvents.ARTICLE_DELETED, "articles.{articleId}")
                            .alsoOn(ArticleEvents.ALL_TOPIC)),
            List.of(new StreamSpec("articles.{id}", "article-{id}")),
            List.of(SubjectGrant.toRole("*", "articles.*")),
            List.of(),
            List.of(
                    QuerySpec.get(
                            "/api/articles", "listArticles", "Articles, newest first (?cursor=, ?limit=, ?position=)"),
                    QuerySpec.get("/api/articles/{id}", "getArticle", "One article (?position=)"),
                    QuerySpec.route(
                            "POST", "/api/articles", "restCreateArticle", "CREATE_ARTICLE as REST: {title, body}"),
                    QuerySpec.route(
                            "PUT",
                            "/api/articles/{id}",
                            "restUpdateArticle",
                            "UPDATE_ARTICLE as REST: {title?, body?}"),
                    QuerySpec.route("DELETE", "/api/articles/{id}", "restDeleteArticle", "DELETE_ARTICLE as REST")));

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The articles view. */
    @Override
    public List<ViewProjection> views() {
        return List.of(ViewProjection.of(
                "articles",
                "ARTICLES_TABLE",
                (dynamoDb, tables) -> new ArticlesView(dynamoDb, tables.apply("ARTICLES_TABLE"))::project));
    }
}
