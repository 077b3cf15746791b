package dev.antipop.articles.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.articles.article.ArticleCommand.Actor;
import dev.antipop.articles.article.ArticleCommand.CreateArticle;
import dev.antipop.articles.article.ArticleCommand.DeleteArticle;
import dev.antipop.articles.article.ArticleCommand.UpdateArticle;
import dev.antipop.articles.article.ArticleEvent.ArticleCreated;
import dev.antipop.articles.article.ArticleEvent.ArticleDeleted;
import dev.antipop.articles.article.ArticleEvent.ArticleUpdated;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or an error: one article's decisions without infrastructure. */
class ArticleDeciderTest {

    private static final String ID = "7300000000000000001";
    private static final Actor AUTHOR = new Actor("42", false);
    private static final Actor OTHER = new Actor("43", false);
    private static final Actor MODERATOR = new Actor("44", true);
    private static final ArticleCreated CREATED = new ArticleCreated(ID, "42", "Title", "Body");

    private final ArticleDecider decider = new ArticleDecider();

    private List<ArticleEvent> when(List<ArticleEvent> given, ArticleCommand command) {
        ArticleState state = decider.initialState();
        for (ArticleEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private static ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (CommandException e) {
            return e.code();
        }
        throw new AssertionError("no rejection");
    }

    @Test
    void createOnANewStreamMakesTheActorTheAuthor() {
        assertThat(when(List.of(), new CreateArticle(ID, AUTHOR, "Title", "Body")))
                .containsExactly(CREATED);
    }

    @Test
    void createOnAnExistingStreamDecidesNothing() {
        assertThat(when(List.of(CREATED), new CreateArticle(ID, OTHER, "T", "B")))
                .isEmpty();
    }

    @Test
    void theAuthorUpdatesTheirArticleKeepingWhatTheyDoNotChange() {
        assertThat(when(List.of(CREATED), new UpdateArticle(ID, AUTHOR, null, "New body")))
                .containsExactly(new ArticleUpdated(ID, "42", "42", "Title", "New body"));
    }

    @Test
    void aModeratorUpdatesAnyArticleAndIsNamedTheEditor() {
        assertThat(when(List.of(CREATED), new UpdateArticle(ID, MODERATOR, "Fixed", null)))
                .containsExactly(new ArticleUpdated(ID, "42", "44", "Fixed", "Body"));
    }

    @Test
    void someoneElseMayNeitherUpdateNorDelete() {
        assertThat(codeOf(() -> when(List.of(CREATED), new UpdateArticle(ID, OTHER, "Mine", null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> when(List.of(CREATED), new DeleteArticle(ID, OTHER))))
                .isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void anUpdateThatChangesNothingDecidesNothing() {
        assertThat(when(List.of(CREATED), new UpdateArticle(ID, AUTHOR, "Title", "Body")))
                .isEmpty();
    }

    @Test
    void theAuthorOrAModeratorDeletes() {
        assertThat(when(List.of(CREATED), new DeleteArticle(ID, AUTHOR)))
                .containsExactly(new ArticleDeleted(ID, "42", "42"));
        assertThat(when(List.of(CREATED), new DeleteArticle(ID, MODERATOR)))
                .containsExactly(new ArticleDeleted(ID, "42", "44"));
    }

    @Test
    void anUnknownOrDeletedArticleIsNotFound() {
        ArticleDeleted deleted = new ArticleDeleted(ID, "42", "42");
        assertThat(codeOf(() -> when(List.of(), new UpdateArticle(ID, AUTHOR, "T", null))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> when(List.of(), new DeleteArticle(ID, MODERATOR))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> when(List.of(CREATED, deleted), new UpdateArticle(ID, AUTHOR, "T", null))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> when(List.of(CREATED, deleted), new DeleteArticle(ID, AUTHOR)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("deleted");
    }
}
