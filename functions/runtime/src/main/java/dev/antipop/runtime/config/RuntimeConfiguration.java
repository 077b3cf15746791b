package dev.antipop.runtime.config;

import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.aws.AwsClients;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Beans every function module shares, built once per execution environment from the function's environment
 * variables (the names {@code template.yaml} sets):
 *
 * <ul>
 *   <li>{@code JWT_KEYS} ({@code kid:base64url-secret,…}, each secret ≥ 256 bits per RFC 7518 §3.2),
 *       {@code JWT_ACTIVE_KID}, {@code JWT_ISSUER}, {@code JWT_AUDIENCE}, {@code ACCESS_TOKEN_TTL_SECONDS} (900)
 *   <li>{@code AWS_REGION} and the standard endpoint settings (see {@link AwsClients})
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Import(FunctionJsonConfiguration.class)
public class RuntimeConfiguration {

    /** UTC wall clock. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The function's DynamoDB client. */
    @Bean(destroyMethod = "close")
    public DynamoDbClient dynamoDbClient(Environment env) {
        return AwsClients.dynamoDb(env);
    }

    /** SnapStart priming: warms the JSON mappers and the DynamoDB client before the snapshot. */
    @Bean
    public SnapStartPriming snapStartPriming(DynamoDbClient dynamoDb, Environment env) {
        return new SnapStartPriming(dynamoDb, env);
    }

    /** Access token issuing and verification with every configured key. */
    @Bean
    public AccessTokens accessTokens(Environment env, Clock clock) {
        JwtKeys keys = JwtKeys.parse(env.getRequiredProperty("JWT_KEYS"), env.getRequiredProperty("JWT_ACTIVE_KID"));
        return new AccessTokens(
                keys,
                env.getProperty("JWT_ISSUER", "antipop"),
                env.getProperty("JWT_AUDIENCE", "antipop"),
                Duration.ofSeconds(env.getProperty("ACCESS_TOKEN_TTL_SECONDS", Long.class, 900L)),
                clock);
    }

    /** Bearer-token authentication of HTTP requests. */
    @Bean
    public Authenticator authenticator(AccessTokens accessTokens) {
        return new Authenticator(accessTokens);
    }
}
