package dev.antipop.articles.article;

import dev.antipop.articles.article.ArticleCommand.Actor;
import dev.antipop.articles.article.ArticleCommand.CreateArticle;
import dev.antipop.articles.article.ArticleCommand.DeleteArticle;
import dev.antipop.articles.article.ArticleCommand.UpdateArticle;
import dev.antipop.articles.article.ArticleEvent.ArticleCreated;
import dev.antipop.articles.article.ArticleEvent.ArticleDeleted;
import dev.antipop.articles.article.ArticleEvent.ArticleUpdated;
import dev.antipop.articles.article.ArticleState.Deleted;
import dev.antipop.articles.article.ArticleState.Live;
import dev.antipop.articles.article.ArticleState.None;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.List;
import java.util.Objects;

/**
 * The article aggregate's decisions. Pure: no I/O, no clock, no randomness.
 *
 * <ul>
 *   <li>CreateArticle on a new stream → created, the actor its author; on an existing stream nothing (ids are new).
 *   <li>UpdateArticle, DeleteArticle: {@code not_found} for an article that does not exist or was deleted; {@code
 *       forbidden} unless the actor is its author or a moderator (seed 002: "authors edit their own, moderators edit
 *       any"). An update that changes nothing decides nothing.
 * </ul>
 */
public final class ArticleDecider implements Decider<ArticleCommand, ArticleEvent, ArticleState> {

    @Override
    public ArticleState initialState() {
        return new None();
    }

    @Override
    public List<ArticleEvent> decide(ArticleCommand command, ArticleState state) {
        return switch (command) {
            case CreateArticle create ->
                switch (state) {
                    case None none ->
                        List.of(new ArticleCreated(
                                create.articleId(), create.actor().userId(), create.title(), create.body()));
                    case Live live -> List.of();
                    case Deleted deleted -> List.of();
                };
            case UpdateArticle update -> {
                Live live = requireEditable(state, update.articleId(), update.actor());
                String title = update.title() != null ? update.title() : live.title();
                String body = update.body() != null ? update.body() : live.body();
                yield title.equals(live.title()) && body.equals(live.body())
                        ? List.of()
                        : List.of(new ArticleUpdated(
                                live.articleId(),
                                live.authorId(),
                                update.actor().userId(),
                                title,
                                body));
            }
            case DeleteArticle delete -> {
                Live live = requireEditable(state, delete.articleId(), delete.actor());
                yield List.of(new ArticleDeleted(
                        live.articleId(), live.authorId(), delete.actor().userId()));
            }
        };
    }

    @Override
    public ArticleState evolve(ArticleState state, ArticleEvent event) {
        return switch (event) {
            case ArticleCreated created ->
                new Live(created.articleId(), created.authorId(), created.title(), created.body());
            case ArticleUpdated updated ->
                new Live(updated.articleId(), updated.authorId(), updated.title(), updated.body());
            case ArticleDeleted deleted -> new Deleted(deleted.articleId(), deleted.authorId());
        };
    }

    private static Live requireEditable(ArticleState state, String articleId, Actor actor) {
        return switch (state) {
            case None none -> throw CommandException.notFound("No article " + articleId);
            case Deleted deleted -> throw CommandException.notFound("Article " + articleId + " was deleted");
            case Live live -> {
                if (!actor.moderator() && !Objects.equals(live.authorId(), actor.userId())) {
                    throw CommandException.forbidden(
                            "Article " + articleId + " is not yours; only its author or a moderator may change it");
                }
                yield live;
            }
        };
    }
}
