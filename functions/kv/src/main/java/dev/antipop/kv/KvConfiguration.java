package dev.antipop.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.EventStreamReader;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.kv.view.KvView;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandGate;
import dev.antipop.runtime.command.HttpCommandFunction;
import dev.antipop.runtime.command.RestCommandRoute;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.CallerResolver;
import dev.antipop.runtime.context.ContextFunctions;
import dev.antipop.runtime.http.HttpEndpoint;
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
 * The KV context's beans: one function per command (from the descriptor), the REST routes {@code restPutKvEntry} and
 * {@code restDeleteKvEntry} (the same commands through {@link RestCommandRoute}) and {@code kvProcessor} (the KV
 * view). Environment: {@code EVENTS_TABLE}, {@code KV_TABLE}, {@code POSITIONS_TABLE}, plus what {@code
 * RuntimeConfiguration} and {@code EventStoreConfiguration} read.
 */
@Configuration(proxyBeanMethods = false)
public class KvConfiguration {

    /** One function bean per command of the descriptor. */
    @Bean
    static ContextFunctions kvCommandFunctions() {
        return new ContextFunctions(KvContext.DESCRIPTOR);
    }

    @Bean
    @Lazy
    KvView kvView(Environment env, DynamoDbClient dynamoDb, Clock clock) {
        return new KvView(dynamoDb, env.getRequiredProperty("KV_TABLE"), clock);
    }

    @Bean
    @Lazy
    KvCommands kvCommands(
            Environment env, EventStore store, DynamoDbClient dynamoDb, KvView view, LeasedIds ids, Clock clock) {
        return new KvCommands(new KvWrites(
                store,
                new EventStreamReader(dynamoDb),
                env.getRequiredProperty("EVENTS_TABLE"),
                view,
                new ProjectionPositions(dynamoDb, env.getRequiredProperty(Positions.VARIABLE)),
                ids,
                clock));
    }

    @Bean
    @Lazy
    CommandCatalog kvCatalog(KvCommands commands) {
        return commands.catalog();
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> restPutKvEntry(
            CommandCatalog catalog, Authenticator authenticator, CommandGate gate, LeasedIds ids) {
        return rest("restPutKvEntry", "PUT_KV_ENTRY", true, catalog, authenticator, gate, ids);
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> restDeleteKvEntry(
            CommandCatalog catalog, Authenticator authenticator, CommandGate gate, LeasedIds ids) {
        return rest("restDeleteKvEntry", "DELETE_KV_ENTRY", false, catalog, authenticator, gate, ids);
    }

    private static HttpEndpoint rest(
            String name,
            String command,
            boolean withValue,
            CommandCatalog catalog,
            Authenticator authenticator,
            CommandGate gate,
            LeasedIds ids) {
        HttpCommandFunction function = HttpCommandFunction.forCommand(
                catalog.require(command), authenticator, gate, ids, CallerResolver.tokenOnly());
        return new HttpEndpoint(
                name, new RestCommandRoute(function, request -> KvCommands.restPayload(request, withValue)));
    }

    @Bean
    @Lazy
    public Function<DynamodbEvent, StreamsEventResponse> kvProcessor(
            KvView view, Environment env, DynamoDbClient dynamoDb) {
        return new EventStreamProcessor(KvWrites.PROCESSOR, view::project, 8)
                .withPositions(Positions.of(env, dynamoDb, KvWrites.PROCESSOR));
    }
}
