package dev.antipop.notifications;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.notifications.inbox.InboxDecider;
import dev.antipop.notifications.inbox.InboxEvents;
import dev.antipop.notifications.notification.NotificationDecider;
import dev.antipop.notifications.notification.NotificationEvents;
import dev.antipop.notifications.view.NotificationCursors;
import dev.antipop.notifications.view.NotificationsQuery;
import dev.antipop.notifications.view.NotificationsView;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.config.LeasedIds;
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
 * The notifications context's beans: one function per command (from the descriptor), {@code listNotifications}
 * ({@code GET /notifications}) and {@code notificationsProcessor}. Environment: {@code NOTIFICATIONS_TABLE} (the
 * view), {@code UNIQUES_TABLE}, {@code POSITIONS_TABLE} (read-your-writes), {@code CURSOR_KEY} (optional, base64url;
 * otherwise derived from the active JWT key), plus what {@code RuntimeConfiguration} and {@code
 * EventStoreConfiguration} read.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationsConfiguration {

    /** Appends tried in all before 409: an inbox stream sees few concurrent writers (one user's clicks). */
    static final int MAX_APPEND_ATTEMPTS = 10;

    /** The processor's reader name in the positions table (read-your-writes). */
    static final String PROCESSOR = "notificationsProcessor";

    /** One function bean per command of the descriptor. */
    @Bean
    static ContextFunctions notificationsCommandFunctions() {
        return new ContextFunctions(NotificationsContext.DESCRIPTOR);
    }

    @Bean
    NotificationsCommands notificationsCommands(
            Environment env, EventStore store, DynamoDbClient dynamoDb, LeasedIds ids, Clock clock) {
        return new NotificationsCommands(
                new CommandHandler<>(
                        store, new NotificationDecider(), NotificationEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS),
                new CommandHandler<>(store, new InboxDecider(), InboxEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS),
                store,
                dynamoDb,
                env.getRequiredProperty("UNIQUES_TABLE"),
                ids);
    }

    @Bean
    CommandCatalog notificationsCatalog(NotificationsCommands commands) {
        return commands.catalog();
    }

    /* Lazy: a Lambda function builds only the beans its definition needs (shorter cold starts, and the command
    functions need no view table). */
    @Bean
    @Lazy
    NotificationsView notificationsView(Environment env, DynamoDbClient dynamoDb) {
        return new NotificationsView(dynamoDb, env.getRequiredProperty("NOTIFICATIONS_TABLE"));
    }

    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> listNotifications(
            Environment env, DynamoDbClient dynamoDb, Authenticator authenticator) {
        NotificationsQuery query = new NotificationsQuery(
                dynamoDb,
                env.getRequiredProperty("NOTIFICATIONS_TABLE"),
                authenticator,
                new ReadYourWrites(
                        new ProjectionPositions(dynamoDb, env.getRequiredProperty(Positions.VARIABLE)), PROCESSOR),
                NotificationCursors.fromEnvironment(
                        env.getProperty("CURSOR_KEY"), env.getProperty("JWT_KEYS"), env.getProperty("JWT_ACTIVE_KID")));
        return new HttpEndpoint("listNotifications", query);
    }

    @Bean
    @Lazy
    public Function<DynamodbEvent, StreamsEventResponse> notificationsProcessor(
            NotificationsView view, Environment env, DynamoDbClient dynamoDb) {
        return new EventStreamProcessor(PROCESSOR, view::project, 8)
                .withPositions(Positions.of(env, dynamoDb, PROCESSOR));
    }
}
