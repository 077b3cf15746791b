package dev.antipop.router;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.runtime.aws.AwsClients;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.config.FunctionJsonConfiguration;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Start class of the router jar: {@code command} ({@link CommandRouter}) behind {@code POST /command}, and {@code
 * health} ({@link HealthFunction}) behind {@code GET /health}. Environment: {@code COMMAND_FUNCTIONS}, {@code INVOKE_QUALIFIER} (the alias to invoke), {@code AWS_REGION}, and {@code AWS_ENDPOINT_URL_LAMBDA} locally.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import(FunctionJsonConfiguration.class)
public class RouterFunctions {

    // The platform's own HTTP functions: command (the router) and health, each its own template function.

    /** The Lambda client, built once per execution environment. */
    @Bean(destroyMethod = "close")
    @Lazy
    LambdaClient lambdaClient(Environment env) {
        return AwsClients.lambda(env);
    }

    /** The DynamoDB client of the health check. */
    @Bean(destroyMethod = "close")
    @Lazy
    DynamoDbClient dynamoDbClient(Environment env) {
        return AwsClients.dynamoDb(env);
    }

    /** {@code GET /health}. */
    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> health(@Lazy DynamoDbClient dynamoDb, Environment env) {
        return new HealthFunction(
                dynamoDb,
                env.getRequiredProperty("POSITIONS_TABLE"),
                env.getProperty("AWS_LAMBDA_FUNCTION_NAME", "health"),
                Clock.systemUTC());
    }

    /** {@code POST /command}. */
    @Bean
    @Lazy
    public Function<byte[], APIGatewayV2HTTPResponse> command(@Lazy LambdaClient lambda, Environment env) {
        return new CommandRouter(
                lambda,
                CommandRouter.parse(env.getProperty(CommandRouter.VARIABLE)),
                env.getProperty(CommandInvoker.QUALIFIER_VARIABLE));
    }
}
