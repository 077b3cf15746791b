package dev.antipop.notebooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.notebooks.api.NotebooksApi;
import dev.antipop.notebooks.notebook.NotebookDecider;
import dev.antipop.notebooks.notebook.NotebookEvents;
import dev.antipop.notebooks.search.SearchIndex;
import dev.antipop.notebooks.search.SearchQuery;
import dev.antipop.notebooks.snapshot.NotebookLoader;
import dev.antipop.notebooks.snapshot.NotebookSnapshots;
import dev.antipop.notebooks.view.NotebookCursors;
import dev.antipop.notebooks.view.NotebookListView;
import dev.antipop.notebooks.view.NotebookProjection;
import dev.antipop.notebooks.view.NotebookQueries;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandGate;
import dev.antipop.runtime.command.HttpCommandFunction;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextFunctions;
import dev.antipop.runtime.context.MembershipProjection;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import dev.antipop.runtime.stream.EventStreamProcessor;
import dev.antipop.runtime.stream.Positions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The notebooks context's beans: one function per command (from the descriptor), the read routes, {@code
 * notebooksApi} (the REST writes) and {@code notebooksProcessor}. Environment: {@code EVENTS_TABLE}, {@code
 * SNAPSHOTS_TABLE}, {@code NOTEBOOKS_TABLE} (list view), {@code SEARCH_TABLE} (inverted index), {@code
 * UNIQUES_TABLE}, {@code POSITIONS_TABLE}, {@code MEMBERSHIPS_TABLE} (processor), {@code CURSOR_KEY} (optional),
 * plus what {@code RuntimeConfiguration} and {@code EventStoreConfiguration} read. Beans other than the command
 * functions are lazy: a function builds what its definition needs.
 */
@Configuration(proxyBeanMethods = false)
public class NotebooksConfiguration {

    /** Appends tried in all before 409: concurrent editors of one notebook race on its stream. */
    static final int MAX_APPEND_ATTEMPTS = 10;

    /** The processor's reader name in the positions table. */
    static final String PROCESSOR = "notebooksProcessor";

    /** One function bean per command of the descriptor. */
    @Bean
    static ContextFunctions notebooksCommandFunctions() {
        return new ContextFunctions(NotebooksContext.DESCRIPTOR);
    }

    @Bean
    @Lazy
    NotebookSnapshots notebookSnapshots(Environment env, DynamoDbClient dynamoDb) {
        return new NotebookSnapshots(dynamoDb, env.getRequiredProperty("SNAPSHOTS_TABLE"));
    }

    @Bean
    @Lazy
    NotebookLoader notebookLoader(Environment env, DynamoDbClient dynamoDb, NotebookSnapshots snapshots) {
        return new NotebookLoader(dynamoDb, env.getRequiredProperty("EVENTS_TABLE"), snapshots);
    }

    @Bean
    CommandCatalog notebooksCatalog(
            EventStore store, LeasedIds ids, Clock clock, ObjectProvider<NotebookLoader> loader) {
        var handler = new CommandHandler<>(
                        store, new NotebookDecider(), NotebookEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS)
                .withSnapshots(stream -> loader.getObject().forCommands().latest(stream));
        return new NotebooksCommands(handler, ids).catalog();
    }

    @Bean
    @Lazy
    NotebookQueries notebookQueries(
            Environment env, DynamoDbClient dynamoDb, NotebookLoader loader, Authenticator auth) {
        return new NotebookQueries(
                dynamoDb,
                loader,
                auth,
                env.getRequiredProperty("NOTEBOOKS_TABLE"),
                env.getRequiredProperty("UNIQUES_TABLE"),
                readYourWrites(env, dynamoDb),
                NotebookCursors.fromEnvironment(
                        env.getProperty("CURSOR_KEY"), env.getProperty("JWT_KEYS"), env.getProperty("JWT_ACTIVE_KID")));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> listNotebooks(ObjectProvider<NotebookQueries> queries) {
        return new HttpEndpoint("listNotebooks", request -> queries.getObject().list(request));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> getNotebook(ObjectProvider<NotebookQueries> queries) {
        return new HttpEndpoint("getNotebook", request -> queries.getObject().notebook(request));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> listCells(ObjectProvider<NotebookQueries> queries) {
        return new HttpEndpoint("listCells", request -> queries.getObject().cells(request));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> notebookHistory(ObjectProvider<NotebookQueries> queries) {
        return new HttpEndpoint(
                "notebookHistory", request -> queries.getObject().history(request));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> getCell(ObjectProvider<NotebookQueries> queries) {
        return new HttpEndpoint("getCell", request -> queries.getObject().cell(request));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> searchNotebooks(
            Environment env, DynamoDbClient dynamoDb, Authenticator auth) {
        return new HttpEndpoint(
                "searchNotebooks",
                new SearchQuery(
                        dynamoDb, env.getRequiredProperty("SEARCH_TABLE"), auth, readYourWrites(env, dynamoDb)));
    }

    /** The REST writes: each the function of its command. */
    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> notebooksApi(
            CommandCatalog catalog,
            Authenticator auth,
            CommandGate gate,
            LeasedIds ids,
            ObjectProvider<NotebookQueries> queries) {
        Map<String, HttpCommandFunction> commands = new LinkedHashMap<>();
        for (CommandSpec spec : NotebooksContext.DESCRIPTOR.commands()) {
            commands.put(spec.name(), HttpCommandFunction.forCommand(catalog.require(spec.name()), auth, gate, ids));
        }
        Function<HttpRequest, APIGatewayV2HTTPResponse> api =
                new NotebooksApi(commands, cellId -> queries.getObject().notebookOfCell(cellId));
        return new HttpEndpoint("notebooksApi", api);
    }

    @Bean
    @Lazy
    public Function<DynamodbEvent, StreamsEventResponse> notebooksProcessor(
            Environment env, DynamoDbClient dynamoDb, NotebookLoader loader, NotebookSnapshots snapshots) {
        NotebookProjection projection = new NotebookProjection(
                new MembershipProjection(
                        NotebooksContext.DESCRIPTOR,
                        new MembershipStore(dynamoDb, env.getRequiredProperty("MEMBERSHIPS_TABLE"))),
                loader,
                snapshots,
                new NotebookListView(dynamoDb, env.getRequiredProperty("NOTEBOOKS_TABLE")),
                new SearchIndex(dynamoDb, env.getRequiredProperty("SEARCH_TABLE")));
        return new EventStreamProcessor(PROCESSOR, projection::project, 4)
                .withPositions(projection.refreshingBefore(Positions.of(env, dynamoDb, PROCESSOR)));
    }

    private static ReadYourWrites readYourWrites(Environment env, DynamoDbClient dynamoDb) {
        return new ReadYourWrites(
                new ProjectionPositions(dynamoDb, env.getRequiredProperty(Positions.VARIABLE)), PROCESSOR);
    }
}
