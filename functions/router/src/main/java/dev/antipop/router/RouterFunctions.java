package dev.antipop.router;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.runtime.aws.AwsClients;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.config.FunctionJsonConfiguration;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Start class of the router jar: the one function {@code command} ({@link CommandRouter}), behind {@code POST
 * /command}. Environment: {@code COMMAND_FUNCTIONS}, {@code INVOKE_QUALIFIER} (the alias to invoke), {@code AWS_REGION}, and {@code AWS_ENDPOINT_URL_LAMBDA} locally.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import(FunctionJsonConfiguration.class)
public class RouterFunctions {

    /** The Lambda client, built once per execution environment. */
    @Bean(destroyMethod = "close")
    LambdaClient lambdaClient(Environment env) {
        return AwsClients.lambda(env);
    }

    /** {@code POST /command}. */
    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> command(LambdaClient lambda, Environment env) {
        return new CommandRouter(
                lambda,
                CommandRouter.parse(env.getProperty(CommandRouter.VARIABLE)),
                env.getProperty(CommandInvoker.QUALIFIER_VARIABLE));
    }
}
