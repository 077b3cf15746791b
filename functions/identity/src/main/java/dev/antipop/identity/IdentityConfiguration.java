package dev.antipop.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.decider.StateCache;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.ViewStore;
import dev.antipop.identity.auth.AuthEndpoints;
import dev.antipop.identity.auth.Invites;
import dev.antipop.identity.auth.PasswordHasher;
import dev.antipop.identity.auth.RefreshTokens;
import dev.antipop.identity.auth.UserDirectory;
import dev.antipop.identity.user.UserDecider;
import dev.antipop.identity.user.UserEvents;
import dev.antipop.identity.users.RoleNotifications;
import dev.antipop.identity.users.UsersView;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandGate;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.ContextFunctions;
import dev.antipop.runtime.stream.EventStreamProcessor;
import dev.antipop.runtime.stream.Positions;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The identity context's function beans, one per template function ({@code SPRING_CLOUD_FUNCTION_DEFINITION}).
 * Each bean delegates in one line. Environment: {@code USERS_TABLE}, {@code UNIQUES_TABLE}, {@code ADMIN_EMAILS}
 * (comma-separated), {@code ARGON2_MEMORY_KIB} (19456), {@code ARGON2_ITERATIONS} (2), {@code ARGON2_PARALLELISM}
 * (1), {@code INVITE_ONLY} (false), {@code INVITES_TABLE}, {@code REFRESH_TOKENS_TABLE}, {@code REFRESH_TOKEN_TTL_DAYS} (30), {@code CREATE_NOTIFICATION_FUNCTION} (the
 * notifications context's {@code CREATE_NOTIFICATION} function; unset: no role-change notifications), plus what {@code RuntimeConfiguration} and {@code EventStoreConfiguration} read.
 */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    /**
     * Conflicting appends to one stream are tried this often in all before answering 409: with the handler's
     * randomised back-off (capped at 50 ms), enough for 16 concurrent writers to one stream to all land.
     */
    static final int MAX_APPEND_ATTEMPTS = 30;

    /** Users whose latest state a warm instance keeps ({@link StateCache}): a few MB at most. */
    static final int CACHED_USER_STREAMS = 10_000;

    @Bean
    PasswordHasher passwordHasher(Environment env) {
        return new PasswordHasher(
                env.getProperty("ARGON2_MEMORY_KIB", Integer.class, PasswordHasher.MIN_MEMORY_KIB),
                env.getProperty("ARGON2_ITERATIONS", Integer.class, PasswordHasher.MIN_ITERATIONS),
                env.getProperty("ARGON2_PARALLELISM", Integer.class, 1));
    }

    @Bean
    UserDirectory userDirectory(Environment env, DynamoDbClient dynamoDb, EventStore store) {
        return new UserDirectory(dynamoDb, env.getRequiredProperty("UNIQUES_TABLE"), store);
    }

    @Bean
    UsersView usersView(Environment env, DynamoDbClient dynamoDb) {
        return new UsersView(new ViewStore(dynamoDb), env.getRequiredProperty("USERS_TABLE"));
    }

    @Bean
    IdentityCommands identityCommands(
            Environment env,
            EventStore store,
            PasswordHasher hasher,
            UserDirectory directory,
            LeasedIds ids,
            Clock clock) {
        Set<String> admins = Arrays.stream(env.getProperty("ADMIN_EMAILS", "").split(","))
                .map(email -> email.trim().toLowerCase(Locale.ROOT))
                .filter(email -> !email.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        // Users' states are small immutable records: keep the latest of many users per instance.
        var handler = new CommandHandler<>(store, new UserDecider(), UserEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS)
                .withStateCache(new StateCache<>(CACHED_USER_STREAMS));
        return new IdentityCommands(handler, hasher, directory, admins, ids);
    }

    @Bean
    CommandCatalog identityCatalog(IdentityCommands commands) {
        return commands.catalog();
    }

    @Bean
    RefreshTokens refreshTokens(Environment env, DynamoDbClient dynamoDb, Clock clock) {
        return new RefreshTokens(
                dynamoDb,
                env.getRequiredProperty("REFRESH_TOKENS_TABLE"),
                Duration.ofDays(env.getProperty("REFRESH_TOKEN_TTL_DAYS", Long.class, 30L)),
                clock);
    }

    @Bean
    AuthEndpoints authEndpoints(
            DynamoDbClient dynamoDb,
            Clock clock,
            IdentityCommands commands,
            UserDirectory directory,
            UsersView users,
            PasswordHasher hasher,
            AccessTokens tokens,
            Authenticator authenticator,
            RefreshTokens refreshTokens,
            CommandGate gate,
            Environment env,
            LeasedIds ids) {
        boolean inviteOnly = Boolean.parseBoolean(env.getProperty("INVITE_ONLY", "false"));
        Invites invites = new Invites(dynamoDb, env.getProperty("INVITES_TABLE", ""), clock);
        return new AuthEndpoints(
                commands,
                directory,
                users,
                hasher,
                tokens,
                authenticator,
                refreshTokens,
                gate,
                invites,
                inviteOnly,
                ids);
    }

    // ---- function beans -------------------------------------------------------------------------------------

    /** One function bean per command of the descriptor ({@code createUser}, {@code addUserRole}, …). */
    @Bean
    static ContextFunctions identityCommandFunctions() {
        return new ContextFunctions(IdentityContext.DESCRIPTOR);
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> register(AuthEndpoints auth) {
        return auth.register();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> createInvite(AuthEndpoints auth) {
        return auth.createInvite();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> login(AuthEndpoints auth) {
        return auth.login();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> refresh(AuthEndpoints auth) {
        return auth.refresh();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> logout(AuthEndpoints auth) {
        return auth.logout();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> me(AuthEndpoints auth) {
        return auth.me();
    }

    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> identityProcessor(
            UsersView users, Environment env, DynamoDbClient dynamoDb) {
        String notifications = env.getProperty("CREATE_NOTIFICATION_FUNCTION");
        RoleNotifications roleNotifications = notifications == null || notifications.isBlank()
                ? null
                : new RoleNotifications(CommandInvoker.fromEnvironment(env), notifications);
        EventStreamProcessor.EventHandler handler = roleNotifications == null
                ? users::project
                : event -> {
                    users.project(event);
                    roleNotifications.react(event);
                };
        return new EventStreamProcessor("identityProcessor", handler, 8)
                .withPositions(Positions.of(env, dynamoDb, "identityProcessor"));
    }
}
