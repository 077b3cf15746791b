package dev.antipop.rebuild;

import dev.antipop.runtime.aws.AwsClients;
import dev.antipop.runtime.config.FunctionJsonConfiguration;
import dev.antipop.runtime.rebuild.RebuildPlan;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Start class of the rebuild jar: {@code rebuildProjections} ({@link RebuildFunction}), a function with no event
 * source, invoked by hand ({@code aws lambda invoke}). Environment: {@code REBUILD_TABLE} (the checkpoints), every
 * context's {@code <CONTEXT>_EVENTS_TABLE}, and every view table variable ({@code USERS_TABLE}, …), as the template
 * lists them.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import(FunctionJsonConfiguration.class)
public class RebuildFunctions {

    /** The DynamoDB client, built once per execution environment. */
    @Bean(destroyMethod = "close")
    @Lazy
    DynamoDbClient dynamoDbClient(Environment env) {
        return AwsClients.dynamoDb(env);
    }

    /** {@code rebuildProjections}: {@code {"context"?, "view"?, "segments"?, "restart"?}} → the result. */
    @Bean
    @Lazy
    public Function<Message<byte[]>, Map<String, Object>> rebuildProjections(
            @Lazy DynamoDbClient dynamoDb, Environment env) {
        return new RebuildFunction(
                dynamoDb, env::getProperty, RebuildPlan.viewsOnClasspath(), env.getRequiredProperty("REBUILD_TABLE"));
    }
}
