package dev.antipop.articles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.articles.article.ArticleCommand;
import dev.antipop.articles.article.ArticleCommand.Actor;
import dev.antipop.articles.article.ArticleEvent;
import dev.antipop.articles.article.ArticleEvents;
import dev.antipop.articles.article.ArticleState;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.AppendResult;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import dev.antipop.runtime.command.RestCommandRoute;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.http.HttpRequest;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The articles context's commands (PayloadSchema has checked the declared fields before these run) and the REST
 * routes' payloads ({@link #restPayload}).
 */
public final class ArticlesCommands {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final CommandHandler<ArticleCommand, ArticleEvent, ArticleState> articles;
    private final Supplier<String> ids;

    /** @param ids new Snowflake ids (article ids) */
    public ArticlesCommands(CommandHandler<ArticleCommand, ArticleEvent, ArticleState> articles, Supplier<String> ids) {
        this.articles = articles;
        this.ids = ids;
    }

    /** Every articles command with its action. */
    public CommandCatalog catalog() {
        return CommandCatalog.of(
                ArticlesContext.DESCRIPTOR,
                Map.of(
                        "CREATE_ARTICLE", this::create,
                        "UPDATE_ARTICLE", this::update,
                        "DELETE_ARTICLE", this::delete));
    }

    private AppendResult create(CommandRequest request) {
        JsonNode payload = request.payload();
        String articleId = ids.get();
        return articles.handle(
                ArticleEvents.streamOf(articleId),
                new ArticleCommand.CreateArticle(
                        articleId, actor(request.requireCaller()), text(payload, "title"), orEmpty(payload, "body")),
                request.meta());
    }

    private AppendResult update(CommandRequest request) {
        JsonNode payload = request.payload();
        String title = text(payload, "title");
        String body = text(payload, "body");
        if (title == null && body == null) {
            throw CommandException.validation(Map.of("title", "or body is required: say what changes"));
        }
        String articleId = text(payload, "articleId");
        return articles.handle(
                ArticleEvents.streamOf(articleId),
                new ArticleCommand.UpdateArticle(articleId, actor(request.requireCaller()), title, body),
                request.meta());
    }

    private AppendResult delete(CommandRequest request) {
        String articleId = text(request.payload(), "articleId");
        return articles.handle(
                ArticleEvents.streamOf(articleId),
                new ArticleCommand.DeleteArticle(articleId, actor(request.requireCaller())),
                request.meta());
    }

    /**
     * The command payload of a REST write: the JSON body ({@code {title, body}}), plus {@code articleId} from the
     * path's {@code {id}} for {@code PUT} and {@code DELETE}. A body field {@code articleId} is refused (the path
     * names the article); an {@code {id}} that is not an id is {@code 404}, as for a route that does not exist.
     */
    public static ObjectNode restPayload(HttpRequest request, boolean withId) {
        ObjectNode payload = withId && "DELETE".equalsIgnoreCase(method(request))
                ? dev.antipop.core.event.EnvelopeJson.mapper().createObjectNode()
                : RestCommandRoute.bodyOrEmpty(request);
        if (payload.has("articleId")) {
            throw CommandException.validation(Map.of("articleId", "is taken from the path, not the body"));
        }
        if (withId) {
            String id = request.pathParameter("id").orElse("");
            if (!ID.matcher(id).matches()) {
                throw CommandException.notFound("No article " + (id.length() > 32 ? id.substring(0, 32) : id));
            }
            payload.put("articleId", id);
        }
        return payload;
    }

    private static String method(HttpRequest request) {
        var context = request.event().getRequestContext();
        return context == null || context.getHttp() == null
                ? ""
                : context.getHttp().getMethod();
    }

    private static Actor actor(Caller caller) {
        return new Actor(
                caller.userId(),
                caller.roles().contains(ArticlesContext.MODERATOR)
                        || caller.roles().contains(CommandSpec.ADMIN));
    }

    private static String text(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        return node == null || node.isNull() ? null : node.textValue();
    }

    private static String orEmpty(JsonNode payload, String field) {
        String value = text(payload, field);
        return value == null ? "" : value;
    }
}
