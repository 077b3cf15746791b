package dev.antipop.articles;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.articles.article.ArticleDecider;
import dev.antipop.articles.article.ArticleEvents;
import dev.antipop.articles.view.ArticleCursors;
import dev.antipop.articles.view.ArticlesQueries;
import dev.antipop.articles.view.ArticlesView;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandGate;
import dev.antipop.runtime.command.HttpCommandFunction;
import dev.antipop.runtime.command.RestCommandRoute;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.CallerResolver;
import dev.antipop.runtime.context.ContextFunctions;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.ReadYourWrites;
import dev.antipop.runtime.stream.EventStreamProcessor;
import dev.antipop.runtime.stream.Positions;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The articles context's beans: one function per command (from the descriptor), the REST write routes ({@code
 * restCreateArticle}, {@code restUpdateArticle}, {@code deleteArticle}: the same commands through {@link RestCommandRoute}), the
 * read routes ({@code listArticles}, {@code getArticle}) and {@code articlesProcessor}. Environment: {@code
 * ARTICLES_TABLE}, {@code POSITIONS_TABLE}, {@code CURSOR_KEY} (optional), plus what {@code RuntimeConfiguration}
 * and {@code EventStoreConfiguration} read.
 */
@Configuration(proxyBeanMethods = false)
public class ArticlesConfiguration {

    /** Appends tried before 409: an article has few concurrent editors. */
    static final int MAX_APPEND_ATTEMPTS = 10;

    /** The processor's reader name in the positions table (read-your-writes). */
    public static final String PROCESSOR = "articlesProcessor";

    /** One function bean per command of the descriptor. */
    @Bean
    static ContextFunctions articlesCommandFunctions() {
        return new ContextFunctions(ArticlesContext.DESCRIPTOR);
    }

    @Bean
    ArticlesCommands articlesCommands(EventStore store, LeasedIds ids, Clock clock) {
        return new ArticlesCommands(
                new CommandHandler<>(store, new ArticleDecider(), ArticleEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS),
                ids);
    }

    @Bean
    CommandCatalog articlesCatalog(ArticlesCommands commands) {
        return commands.catalog();
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> restCreateArticle(
            CommandCatalog catalog, Authenticator authenticator, CommandGate gate, LeasedIds ids) {
        return rest("restCreateArticle", "CREATE_ARTICLE", false, catalog, authenticator, gate, ids);
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> restUpdateArticle(
            CommandCatalog catalog, Authenticator authenticator, CommandGate gate, LeasedIds ids) {
        return rest("restUpdateArticle", "UPDATE_ARTICLE", true, catalog, authenticator, gate, ids);
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> restDeleteArticle(
            CommandCatalog catalog, Authenticator authenticator, CommandGate gate, LeasedIds ids) {
        return rest("restDeleteArticle", "DELETE_ARTICLE", true, catalog, authenticator, gate, ids);
    }

    private static HttpEndpoint rest(
            String name,
            String command,
            boolean withId,
            CommandCatalog catalog,
            Authenticator authenticator,
            CommandGate gate,
            LeasedIds ids) {
        HttpCommandFunction function = HttpCommandFunction.forCommand(
                catalog.require(command), authenticator, gate, ids, CallerResolver.tokenOnly());
        return new HttpEndpoint(
                name, new RestCommandRoute(function, request -> ArticlesCommands.restPayload(request, withId)));
    }

    @Bean
    @Lazy
    ArticlesQueries articlesQueries(Environment env, DynamoDbClient dynamoDb, Authenticator authenticator) {
        return new ArticlesQueries(
                dynamoDb,
                env.getRequiredProperty("ARTICLES_TABLE"),
                authenticator,
                new ReadYourWrites(
                        new ProjectionPositions(dynamoDb, env.getRequiredProperty(Positions.VARIABLE)), PROCESSOR),
                ArticleCursors.fromEnvironment(
                        env.getProperty("CURSOR_KEY"), env.getProperty("JWT_KEYS"), env.getProperty("JWT_ACTIVE_KID")));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> listArticles(ArticlesQueries queries) {
        return new HttpEndpoint("listArticles", queries::list);
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> getArticle(ArticlesQueries queries) {
        return new HttpEndpoint("getArticle", queries::get);
    }

    @Bean
    @Lazy
    public Function<DynamodbEvent, StreamsEventResponse> articlesProcessor(Environment env, DynamoDbClient dynamoDb) {
        ArticlesView view = new ArticlesView(dynamoDb, env.getRequiredProperty("ARTICLES_TABLE"));
        return new EventStreamProcessor(PROCESSOR, view::project, 8)
                .withPositions(Positions.of(env, dynamoDb, PROCESSOR));
    }
}
