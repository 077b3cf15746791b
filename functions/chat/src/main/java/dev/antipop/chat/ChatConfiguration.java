package dev.antipop.chat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.chat.channel.ChannelDecider;
import dev.antipop.chat.channel.ChannelEvents;
import dev.antipop.chat.direct.DirectDecider;
import dev.antipop.chat.direct.DirectEvents;
import dev.antipop.chat.messages.MessagesQuery;
import dev.antipop.chat.messages.MessagesView;
import dev.antipop.chat.server.InviteCodes;
import dev.antipop.chat.server.ServerDecider;
import dev.antipop.chat.server.ServerEvents;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.decider.StateCache;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.CallerResolver;
import dev.antipop.runtime.context.ContextFunctions;
import dev.antipop.runtime.context.MembershipProjection;
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
 * The chat context's beans: one function per command (from the descriptor), {@code listChannelMessages} ({@code GET
 * /chat/channels/{id}/messages}) and {@code chatProcessor} (memberships and the messages view). Environment: {@code
 * MESSAGES_TABLE} (the view), {@code MEMBERSHIPS_TABLE}, {@code UNIQUES_TABLE} (invite codes), {@code
 * POSITIONS_TABLE} (read-your-writes), plus what {@code RuntimeConfiguration} and {@code EventStoreConfiguration}
 * read.
 */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    /**
     * Appends tried in all before 409. A busy channel is one stream that many members post to at once; with the
     * handler's randomised back-off (capped at 50 ms) 30 attempts let 16 concurrent senders all land.
     */
    static final int MAX_APPEND_ATTEMPTS = 30;

    /** Channels whose latest state a warm instance keeps ({@link StateCache}). */
    static final int CACHED_CHANNEL_STREAMS = 1_000;

    /** The processor's reader name in the positions table (read-your-writes). */
    static final String PROCESSOR = "chatProcessor";

    /** One function bean per command of the descriptor. */
    @Bean
    static ContextFunctions chatCommandFunctions() {
        return new ContextFunctions(ChatContext.DESCRIPTOR);
    }

    /** The caller with their memberships: channel commands need their role in the server. */
    @Bean
    CallerResolver chatCallers(Environment env, DynamoDbClient dynamoDb) {
        return CallerResolver.withMemberships(
                new MembershipStore(dynamoDb, env.getRequiredProperty("MEMBERSHIPS_TABLE")));
    }

    @Bean
    ChatCommands chatCommands(Environment env, EventStore store, DynamoDbClient dynamoDb, LeasedIds ids, Clock clock) {
        return new ChatCommands(
                new CommandHandler<>(store, new ServerDecider(), ServerEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS),
                // A channel's state maps every live message to its author: folding it whole on every message is
                // what bounds a busy channel, so a warm instance keeps the latest state of its recent channels.
                new CommandHandler<>(store, new ChannelDecider(), ChannelEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS)
                        .withStateCache(new StateCache<>(CACHED_CHANNEL_STREAMS)),
                new CommandHandler<>(store, new DirectDecider(), DirectEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS),
                dynamoDb,
                env.getRequiredProperty("UNIQUES_TABLE"),
                ids,
                new InviteCodes());
    }

    @Bean
    CommandCatalog chatCatalog(ChatCommands commands) {
        return commands.catalog();
    }

    /* Lazy: a Lambda function builds only the beans its definition needs. */
    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> listChannelMessages(
            Environment env, DynamoDbClient dynamoDb, Authenticator authenticator) {
        MessagesQuery query = new MessagesQuery(
                dynamoDb,
                env.getRequiredProperty("MESSAGES_TABLE"),
                new MembershipStore(dynamoDb, env.getRequiredProperty("MEMBERSHIPS_TABLE")),
                authenticator,
                new ReadYourWrites(
                        new ProjectionPositions(dynamoDb, env.getRequiredProperty(Positions.VARIABLE)), PROCESSOR));
        return new HttpEndpoint("listChannelMessages", query);
    }

    @Bean
    @Lazy
    public Function<DynamodbEvent, StreamsEventResponse> chatProcessor(Environment env, DynamoDbClient dynamoDb) {
        MembershipProjection memberships = new MembershipProjection(
                ChatContext.DESCRIPTOR, new MembershipStore(dynamoDb, env.getRequiredProperty("MEMBERSHIPS_TABLE")));
        MessagesView messages = new MessagesView(dynamoDb, env.getRequiredProperty("MESSAGES_TABLE"));
        EventStreamProcessor.EventHandler handler = event -> {
            memberships.project(event);
            messages.project(event);
        };
        return new EventStreamProcessor(PROCESSOR, handler, 8).withPositions(Positions.of(env, dynamoDb, PROCESSOR));
    }
}
